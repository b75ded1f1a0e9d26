package org.keepalivedjava.checkers.check.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.BindOptions;
import org.keepalivedjava.os.check.CheckSockets;
import org.keepalivedjava.os.check.DatagramListener;
import org.keepalivedjava.os.check.IoResult;
import org.keepalivedjava.os.check.PingSocket;
import org.keepalivedjava.os.check.SocketFailure;
import org.keepalivedjava.os.check.StreamListener;
import org.keepalivedjava.os.check.TcpSocket;
import org.keepalivedjava.os.check.UdpSocket;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;

/**
 * Coverage-guided fuzz target over what checkers parse from the network: an HTTP response (the
 * {@link HttpResponseReader}: the same verdict whatever the split of the stream into reads), the SMTP server's
 * lines (the {@link SmtpCheckFsm} dialogue), and DNS replies (the {@link DnsCheckFsm} acceptance rule). Servers
 * are in-memory sockets driven by the fuzz input, so no network and no wall clock: every attempt must end with
 * a verdict (never an exception, never a check stuck RUNNING).
 *
 * <p>Input: byte 0 selects the parser (0 HTTP, 1 SMTP, 2 DNS), byte 1 the read size, the rest is what the
 * server sends. Seeds in {@code CheckerRepliesFuzzTestInputs/}.
 */
class CheckerRepliesFuzzTest {
    private static final long S = 1_000_000_000L;
    private static final InetAddress SERVER = InetAddress.getLoopbackAddress();

    @FuzzTest(maxDuration = "12s")
    void replies(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int chunk = 1 + (input[1] & 0xff);
        byte[] server = Arrays.copyOfRange(input, 2, input.length);
        switch ((input[0] & 0xff) % 3) {
            case 0 -> http(server, chunk, (input[0] & 0x80) != 0);
            case 1 -> smtp(server, chunk);
            default -> dns(server, chunk, (input[0] & 0x80) != 0);
        }
    }

    /** The rig is sound: good servers make the check succeed, bad ones fail it (else the target proves nothing). */
    @Test
    void rigReachesBothVerdicts() {
        byte[] good = "220 mail.example ESMTP\r\n250 hello\r\n221 bye\r\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(smtp(good, 3));
        assertFalse(smtp("554 go away\r\n".getBytes(StandardCharsets.US_ASCII), 64));
        byte[] reply = {0, 0, (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0};
        assertTrue(dns(reply, reply.length, true));
        assertFalse(dns(reply, reply.length, false)); // another id: ignored until the timeout
        reply[3] = (byte) 0x83; // NXDOMAIN
        assertFalse(dns(reply, reply.length, true));
    }

    // ------------------------------------------------------------------ HTTP

    /** The reader's view is the same whether the response arrives in one read or in reads of {@code chunk}. */
    private static void http(byte[] response, int chunk, boolean regex) {
        HttpResponseReader whole = new HttpResponseReader();
        whole.reset(true, regex);
        whole.accept(ByteBuffer.wrap(response));
        HttpResponseReader split = new HttpResponseReader();
        split.reset(true, regex);
        for (int at = 0; at < response.length; at += chunk) {
            split.accept(ByteBuffer.wrap(response, at, Math.min(chunk, response.length - at)));
        }
        assertEquals(whole.headersDone(), split.headersDone(), "end of headers depends on the split");
        assertEquals(whole.statusCode(), split.statusCode(), "status depends on the split");
        assertEquals(whole.contentLength(), split.contentLength(), "Content-Length depends on the split");
        assertEquals(whole.bodyBytes(), split.bodyBytes(), "body length depends on the split");
        assertEquals(whole.headerLength(), split.headerLength(), "header length depends on the split");
        assertEquals(whole.regexWindowLength(), split.regexWindowLength(), "regex window depends on the split");
        assertArrayEquals(whole.digest(), split.digest(), "body digest depends on the split");
        assertTrue(whole.headerLength() <= HttpResponseReader.MAX_HEADER_BYTES, "header buffer overran");
        // keepalived reads at most 9 digits (html.c extract_status_code): never an overflowed int
        int status = whole.statusCode();
        assertTrue(status >= -1 && status <= 999_999_999, () -> "status " + status);
        assertEquals(response.length, whole.totalBytes());
    }

    // ------------------------------------------------------------------ SMTP

    private static boolean smtp(byte[] serverBytes, int chunk) {
        Rig rig = new Rig();
        CheckerConfig.SmtpCheck config = new CheckerConfig.SmtpCheck(Harness.common(SERVER, 25, 0, 1, 10, true),
                "lb.example", null);
        Check check = Checks.create(config, rig.context, (c, up, message, weight, nowNs) -> rig.verdicts++);
        SmtpCheckFsm smtp = (SmtpCheckFsm) check;
        rig.beginAttempt(smtp);
        FakeTcp tcp = rig.sockets.tcp;
        assertTrue(tcp.connecting, "the check did not connect");
        tcp.listener.onConnected(tcp, rig.now());
        for (int at = 0; at < serverBytes.length && smtp.phase() == CheckFsm.Phase.RUNNING; at += chunk) {
            tcp.incoming.add(Arrays.copyOfRange(serverBytes, at, Math.min(at + chunk, serverBytes.length)));
            tcp.listener.onReadable(tcp, rig.now());
        }
        if (smtp.phase() == CheckFsm.Phase.RUNNING) {
            tcp.eof = true; // the server closes: the dialogue must end now
            tcp.listener.onReadable(tcp, rig.now());
        }
        if (smtp.phase() == CheckFsm.Phase.RUNNING) {
            rig.expire(); // waiting for nothing readable (e.g. a state that does not read): the step times out
        }
        assertEquals(CheckFsm.Phase.WAITING, smtp.phase(), () -> "attempt did not end; state " + smtp.state());
        assertEquals(SmtpCheckFsm.State.IDLE, smtp.state());
        assertTrue(!tcp.connecting, "socket left open");
        rig.close();
        return smtp.isUp();
    }

    // ------------------------------------------------------------------ DNS

    private static boolean dns(byte[] serverBytes, int chunk, boolean answerTheQueryId) {
        Rig rig = new Rig();
        CheckerConfig.DnsCheck config = new CheckerConfig.DnsCheck(Harness.common(SERVER, 53, 0, 1, 10, true), "A",
                "www.example.org", null);
        DnsCheckFsm check = (DnsCheckFsm) Checks.create(config, rig.context, (c, up, m, w, n) -> rig.verdicts++);
        rig.beginAttempt(check);
        FakeUdp udp = rig.sockets.udp;
        assertTrue(udp.query != null, "no query sent");
        for (int at = 0; at < serverBytes.length && check.phase() == CheckFsm.Phase.RUNNING; at += chunk) {
            byte[] datagram = Arrays.copyOfRange(serverBytes, at, Math.min(at + chunk, serverBytes.length));
            if (answerTheQueryId && datagram.length >= 2) {
                datagram[0] = udp.query[0]; // so that the fuzzer reaches the flags and RCODE
                datagram[1] = udp.query[1];
            }
            udp.incoming.add(datagram);
            udp.listener.onReadable(rig.now());
        }
        if (check.phase() == CheckFsm.Phase.RUNNING) {
            rig.expire();
        }
        assertEquals(CheckFsm.Phase.WAITING, check.phase(), () -> "attempt did not end; state " + check.state());
        assertTrue(rig.verdicts <= 1, "a first attempt ends in at most one verdict change");
        rig.close();
        return check.isUp();
    }

    // ------------------------------------------------------------------ rig

    /** A loop on a manual clock with in-memory sockets (no IO, no wall clock). */
    private static final class Rig {
        final ManualClock clock = new ManualClock(1_000 * S);
        final EventLoop loop = new EventLoop(clock);
        final FakeSockets sockets = new FakeSockets();
        final CheckContext context = new CheckContext(loop, sockets, null, new SplittableRandom(7), line -> { });
        int verdicts;

        long now() {
            return clock.nanoTime();
        }

        void beginAttempt(CheckFsm check) {
            check.start(now());
            long at = check.nextAttemptAtNs();
            if (at - now() > 0) {
                clock.setNs(at);
            }
            loop.runOnce(0);
            assertEquals(CheckFsm.Phase.RUNNING, check.phase(), "the first attempt did not start");
        }

        /** Moves the clock past connect_timeout (5 s) so the step's deadline fires. */
        void expire() {
            clock.advanceNs(6 * S);
            loop.runOnce(0);
        }

        void close() {
            loop.close();
        }
    }

    private static final class FakeSockets implements CheckSockets {
        FakeTcp tcp;
        FakeUdp udp;

        @Override
        public TcpSocket newTcp(StreamListener listener) {
            tcp = new FakeTcp(listener);
            return tcp;
        }

        @Override
        public UdpSocket newUdp(DatagramListener listener) {
            udp = new FakeUdp(listener);
            return udp;
        }

        @Override
        public PingSocket newPing(DatagramListener listener) {
            throw new UnsupportedOperationException("not fuzzed");
        }
    }

    /** A server that sends the queued chunks, then EOF when told; every write is taken whole. */
    private static final class FakeTcp implements TcpSocket {
        final StreamListener listener;
        final ArrayDeque<byte[]> incoming = new ArrayDeque<>();
        final List<String> written = new ArrayList<>();
        boolean connecting;
        boolean eof;
        private byte[] partial;
        private int partialAt;

        FakeTcp(StreamListener listener) {
            this.listener = listener;
        }

        @Override
        public void connect(InetSocketAddress remote, BindOptions bind) {
            connecting = true;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (partial == null) {
                partial = incoming.poll();
                partialAt = 0;
            }
            if (partial == null) {
                return eof ? IoResult.EOF : IoResult.WOULD_BLOCK;
            }
            int n = Math.min(dst.remaining(), partial.length - partialAt);
            dst.put(partial, partialAt, n);
            partialAt += n;
            if (partialAt == partial.length) {
                partial = null;
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            written.add(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
            return n;
        }

        @Override
        public void wantWritable(boolean wanted) {
        }

        @Override
        public SocketFailure failure() {
            return null;
        }

        @Override
        public void close() {
            connecting = false;
        }

        @Override
        public boolean isOpen() {
            return connecting;
        }
    }

    /** A server that answers with the queued datagrams. */
    private static final class FakeUdp implements UdpSocket {
        final DatagramListener listener;
        final ArrayDeque<byte[]> incoming = new ArrayDeque<>();
        byte[] query;
        boolean open;

        FakeUdp(DatagramListener listener) {
            this.listener = listener;
        }

        @Override
        public boolean open(InetSocketAddress remote, BindOptions bind) {
            open = true;
            return true;
        }

        @Override
        public int send(ByteBuffer payload) {
            query = new byte[payload.remaining()];
            payload.get(query);
            return query.length;
        }

        @Override
        public int receive(ByteBuffer dst) {
            byte[] d = incoming.poll();
            if (d == null) {
                return IoResult.WOULD_BLOCK;
            }
            int n = Math.min(d.length, dst.remaining());
            dst.put(d, 0, n);
            return d.length;
        }

        @Override
        public SocketFailure failure() {
            return null;
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }
}
