package org.keepalivedjava.os.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;

/** The TCP checker socket against the real kernel on loopback (no root needed), driven by a real-clock loop. */
class NativeTcpSocketTest {
    private EventLoop loop;
    private NativeCheckSockets sockets;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = new EventLoop(Clock.SYSTEM);
        sockets = new NativeCheckSockets(loop);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        loop.close();
    }

    /** A one-connection server: reads the request line, answers "pong <request>" and closes. */
    private ServerSocket echoServer(InetAddress address, CompletableFuture<InetSocketAddress> clientSeen) throws Exception {
        ServerSocket server = new ServerSocket(0, 5, address);
        cleanup.add(server);
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                clientSeen.complete((InetSocketAddress) s.getRemoteSocketAddress());
                InputStream in = s.getInputStream();
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) != -1 && c != '\n') {
                    line.append((char) c);
                }
                OutputStream out = s.getOutputStream();
                out.write(("pong " + line + "\n").repeat(20).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (Exception e) {
                clientSeen.completeExceptionally(e);
            }
        }, "echo-server");
        t.setDaemon(true);
        t.start();
        return server;
    }

    @Test
    void connectsWritesAndReadsUntilEofOverIpv4() throws Exception {
        CompletableFuture<InetSocketAddress> seen = new CompletableFuture<>();
        ServerSocket server = echoServer(InetAddress.getLoopbackAddress(), seen);
        RecordingStreamListener listener = new RecordingStreamListener("ping\n");
        TcpSocket tcp = sockets.newTcp(listener);

        tcp.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), BindOptions.NONE);
        assertTrue(listener.events.isEmpty(), "nothing is reported from inside connect()");
        LoopRunner.runUntil(loop, () -> listener.done, "reply read to EOF");

        assertEquals(List.of("connected", "request sent", "EOF"), listener.events);
        assertEquals("pong ping\n".repeat(20), listener.text());
        assertFalse(tcp.isOpen());
    }

    @Test
    void connectsOverIpv6Loopback() throws Exception {
        CompletableFuture<InetSocketAddress> seen = new CompletableFuture<>();
        ServerSocket server = echoServer(InetAddress.getByName("::1"), seen);
        RecordingStreamListener listener = new RecordingStreamListener("six\n");
        TcpSocket tcp = sockets.newTcp(listener);

        tcp.connect(new InetSocketAddress(InetAddress.getByName("::1"), server.getLocalPort()), BindOptions.NONE);
        LoopRunner.runUntil(loop, () -> listener.done, "IPv6 reply read to EOF");

        assertEquals(List.of("connected", "request sent", "EOF"), listener.events);
        assertTrue(listener.text().startsWith("pong six\n"), listener.text());
        assertEquals(InetAddress.getByName("::1"), seen.get(5, TimeUnit.SECONDS).getAddress());
    }

    @Test
    void bindsTheSourceAddressAndPort() throws Exception {
        CompletableFuture<InetSocketAddress> seen = new CompletableFuture<>();
        ServerSocket server = echoServer(InetAddress.getLoopbackAddress(), seen);
        // 127.0.0.0/8 is all local on Linux, so 127.0.0.2 is a valid source without any setup.
        InetAddress source = InetAddress.getByName("127.0.0.2");
        int sourcePort = freeTcpPort(source);
        RecordingStreamListener listener = new RecordingStreamListener("bound\n");
        TcpSocket tcp = sockets.newTcp(listener);

        tcp.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()),
                new BindOptions(source, sourcePort, null, 0));
        LoopRunner.runUntil(loop, () -> listener.done, "reply from bound socket");

        assertEquals(List.of("connected", "request sent", "EOF"), listener.events);
        assertEquals(new InetSocketAddress(source, sourcePort), seen.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port = freeTcpPort(InetAddress.getLoopbackAddress());
        RecordingStreamListener listener = new RecordingStreamListener(null);
        TcpSocket tcp = sockets.newTcp(listener);

        tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BindOptions.NONE);
        LoopRunner.runUntil(loop, () -> listener.done, "connect outcome");

        assertEquals(List.of("connect failed"), listener.events);
        assertEquals(Errno.ECONNREFUSED, listener.failure.errno());
        assertTrue(listener.failure.message().startsWith("connect: ECONNREFUSED (111)"), listener.failure.message());
        assertFalse(tcp.isOpen());
        assertEquals(0, loop.registrationCount(), "the fd left the loop");
    }

    @Test
    void aConnectThatNeverCompletesIsEndedByTheCheckersOwnTimer() throws Exception {
        // A listener whose accept queue is full drops further SYNs (LISTENOVERFLOWS): the next connect stays in
        // SYN-SENT, as with a real server that does not answer.
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        cleanup.add(full);
        InetSocketAddress target = new InetSocketAddress(full.getInetAddress(), full.getLocalPort());
        for (int i = 0; i < 2; i++) {
            Socket filler = new Socket();
            cleanup.add(filler);
            filler.connect(target, 5000);
        }
        RecordingStreamListener listener = new RecordingStreamListener(null);
        TcpSocket tcp = sockets.newTcp(listener);
        boolean[] timedOut = new boolean[1];
        Timer connectTimeout = loop.newTimer((timer, nowNs) -> {
            timedOut[0] = true;
            tcp.close();
        });

        tcp.connect(target, BindOptions.NONE);
        connectTimeout.scheduleAt(loop.nowNs() + TimeUnit.MILLISECONDS.toNanos(300));
        LoopRunner.runUntil(loop, () -> timedOut[0] || listener.done, "timeout or outcome");

        assertTrue(timedOut[0], "the connect must still be pending when the checker's timer fires: " + listener.events);
        assertEquals(List.of(), listener.events);
        assertFalse(tcp.isOpen());
        assertEquals(0, loop.registrationCount());
    }

    @Test
    void aFailureKnownAtConnectTimeIsReportedOnTheNextIteration() throws Exception {
        RecordingStreamListener listener = new RecordingStreamListener(null);
        TcpSocket tcp = sockets.newTcp(listener);

        tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80), new BindOptions(null, 0, "kjnosuch0", 0));
        assertTrue(listener.events.isEmpty(), "not from inside connect()");
        assertFalse(tcp.isOpen());
        LoopRunner.runUntil(loop, () -> listener.done, "deferred failure");

        assertEquals(List.of("connect failed"), listener.events);
        // ENODEV for root (no such device); EPERM for an unprivileged user on kernels before 5.7.
        assertTrue(listener.failure.message().contains("SO_BINDTODEVICE kjnosuch0"), listener.failure.message());
        assertNotNull(Errno.name(listener.failure.errno()));
    }

    @Test
    void theSocketIsReusedForTheNextCheck() throws Exception {
        for (int round = 0; round < 3; round++) {
            CompletableFuture<InetSocketAddress> seen = new CompletableFuture<>();
            ServerSocket server = echoServer(InetAddress.getLoopbackAddress(), seen);
            RecordingStreamListener listener = new RecordingStreamListener("again\n");
            TcpSocket tcp = reusable == null ? (reusable = sockets.newTcp(forward)) : reusable;
            current = listener;
            tcp.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), BindOptions.NONE);
            LoopRunner.runUntil(loop, () -> listener.done, "round " + round);
            assertEquals(List.of("connected", "request sent", "EOF"), listener.events, "round " + round);
        }
    }

    private TcpSocket reusable;
    private RecordingStreamListener current;
    private final StreamListener forward = new StreamListener() {
        @Override
        public void onConnected(StreamConnection c, long nowNs) {
            current.onConnected(c, nowNs);
        }

        @Override
        public void onConnectFailed(StreamConnection c, SocketFailure f, long nowNs) {
            current.onConnectFailed(c, f, nowNs);
        }

        @Override
        public void onReadable(StreamConnection c, long nowNs) {
            current.onReadable(c, nowNs);
        }

        @Override
        public void onWritable(StreamConnection c, long nowNs) {
            current.onWritable(c, nowNs);
        }
    };

    @Test
    void readingAfterAResetReportsEconnreset() throws Exception {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                s.getInputStream().read();
                s.setSoLinger(true, 0); // close with RST instead of FIN
            } catch (Exception ignored) {
                // the test fails on its own assertions
            }
        });
        t.setDaemon(true);
        t.start();
        RecordingStreamListener listener = new RecordingStreamListener("x");
        TcpSocket tcp = sockets.newTcp(listener);
        tcp.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), BindOptions.NONE);
        LoopRunner.runUntil(loop, () -> listener.done, "reset seen");

        assertEquals(List.of("connected", "request sent", "FAILED"), listener.events);
        assertEquals(Errno.ECONNRESET, listener.failure.errno(), listener.failure.message());
    }

    static int freeTcpPort(InetAddress address) throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, address)) {
            return probe.getLocalPort();
        }
    }
}
