package org.keepalivedjava.checkers.check.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.caps.PingGroupRange;

/** DNS_CHECK, UDP_CHECK and PING_CHECK on loopback; timing on the manual clock. */
class DatagramChecksTest {
    static final InetAddress LO = InetAddress.getLoopbackAddress();
    static final long S = Harness.S;

    /** A UDP server thread answering each datagram with {@code answer.apply(query)} (null = no answer). */
    static final class UdpServer implements AutoCloseable {
        final DatagramSocket socket;
        final List<byte[]> received = new CopyOnWriteArrayList<>();

        UdpServer(Function<byte[], byte[]> answer) throws Exception {
            socket = new DatagramSocket(0, LO);
            Thread t = new Thread(() -> {
                byte[] buf = new byte[2048];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        byte[] q = java.util.Arrays.copyOf(p.getData(), p.getLength());
                        received.add(q);
                        byte[] a = answer.apply(q);
                        if (a != null) {
                            socket.send(new DatagramPacket(a, a.length, p.getSocketAddress()));
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "udp-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A tiny DNS server: answers an A query with 192.0.2.7, with the query's id, QR set and {@code rcode}. */
    static byte[] answerA(byte[] q, int rcode, boolean sameId) {
        ByteBuffer b = ByteBuffer.allocate(q.length + 16);
        b.putShort((short) (sameId ? (q[0] << 8 | q[1] & 0xff) : ~(q[0] << 8 | q[1] & 0xff)));
        b.putShort((short) (0x8180 | rcode));
        b.putShort((short) 1).putShort((short) (rcode == 0 ? 1 : 0)).putShort((short) 0).putShort((short) 0);
        b.put(q, 12, q.length - 12);
        if (rcode == 0) {
            b.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4)
                    .put(new byte[] {(byte) 192, 0, 2, 7});
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static CheckerConfig.Common common(InetAddress ip, int port, long retry) {
        return Harness.common(ip, port, retry, 1, 10, false);
    }

    @Test
    void dnsQueryIsKeepalivedsAndAnAnswerWithOurIdIsUp() throws Exception {
        try (Harness h = new Harness(); UdpServer dns = new UdpServer(q -> answerA(q, 0, true))) {
            var config = new CheckerConfig.DnsCheck(common(LO, dns.port(), 3), "A", "www.example.com", null);
            DnsCheckFsm check = (DnsCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertTrue(check.isUp());
            byte[] q = dns.received.get(0);
            ByteBuffer expected = ByteBuffer.allocate(64);
            DnsCheckFsm.encodeQuery(expected, (q[0] & 0xff) << 8 | q[1] & 0xff, "www.example.com", 1);
            assertEquals(ByteBuffer.wrap(expected.array(), 0, expected.position()), ByteBuffer.wrap(q));
            assertEquals(0x01, q[2], "RD set");
            assertEquals(h.now() + 10 * S, check.nextAttemptAtNs());
        }
    }

    @Test
    void dnsRcodeFailsAfterRetriesAndForeignIdsAreIgnoredUntilTimeout() throws Exception {
        try (Harness h = new Harness(); UdpServer dns = new UdpServer(q -> answerA(q, 3, true))) {
            var config = new CheckerConfig.DnsCheck(common(LO, dns.port(), 1), "A", "nx.example", null);
            DnsCheckFsm check = (DnsCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertTrue(check.isUp(), "retry 1 of 1");
            h.nextAttempt(check);
            assertFalse(check.isUp());
            String rs = "[127.0.0.1]:tcp:" + dns.port();
            assertEquals("DNS_CHECK (" + rs + ") read error occurred. (rcode = 3) after 1 retries",
                    h.log.get(h.log.size() - 1));
            assertEquals(List.of(new Harness.Event(false, "=> DNS_CHECK: failed on service <=", -1, h.now())), h.events);
        }
        try (Harness h = new Harness(); UdpServer dns = new UdpServer(q -> answerA(q, 0, false))) {
            var config = new CheckerConfig.DnsCheck(common(LO, dns.port(), 0), "A", "www.example", null);
            DnsCheckFsm check = (DnsCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.runUntil(() -> !dns.received.isEmpty(), "query sent");
            h.expireStep(check, 5 * S);
            assertFalse(check.isUp(), "a reply with another id is not an answer");
            assertTrue(h.log.get(0).endsWith("read timeout from socket"), h.log::toString);
        }
    }

    @Test
    void udpRequireReplyMatchesHexWithWildcardsAndLengths() throws Exception {
        try (Harness h = new Harness(); UdpServer echo = new UdpServer(q -> q)) {
            var ok = new CheckerConfig.UdpCheck(common(LO, echo.port(), 0), "cafe0102", true, "cafex1", 2, 10, null);
            UdpCheckFsm check = (UdpCheckFsm) Checks.create(ok, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertTrue(check.isUp(), h.log::toString);
            assertEquals("UDP connection to [127.0.0.1]:tcp:" + echo.port() + " success.", h.log.get(0));

            var bad = new CheckerConfig.UdpCheck(common(LO, echo.port(), 0), "cafe0102", true, "cafe02", 0, 255, null);
            UdpCheckFsm mismatch = (UdpCheckFsm) Checks.create(bad, h.context, h);
            mismatch.start(h.now());
            h.nextAttempt(mismatch);
            assertFalse(mismatch.isUp());
            assertTrue(h.log.contains("UDP check to [127.0.0.1]:tcp:" + echo.port() + " reply data mismatch."));

            var tooLong = new CheckerConfig.UdpCheck(common(LO, echo.port(), 0), "cafe0102", true, "ca", 0, 3, null);
            UdpCheckFsm longer = (UdpCheckFsm) Checks.create(tooLong, h.context, h);
            longer.start(h.now());
            h.nextAttempt(longer);
            assertFalse(longer.isUp(), "4 bytes > max_reply_length 3");
        }
    }

    @Test
    void udpPortUnreachableFailsAndSilenceIsOkUnlessAReplyIsRequired() throws Exception {
        int closed;
        try (DatagramSocket s = new DatagramSocket(0, LO)) {
            closed = s.getLocalPort();
        }
        try (Harness h = new Harness(); UdpServer silent = new UdpServer(q -> null)) {
            UdpCheckFsm refused = (UdpCheckFsm) Checks.create(new CheckerConfig.UdpCheck(common(LO, closed, 0), null,
                    false, null, 0, 255, null), h.context, h);
            refused.start(h.now());
            h.nextAttempt(refused);
            assertFalse(refused.isUp(), "ICMP port unreachable");

            UdpCheckFsm quiet = (UdpCheckFsm) Checks.create(new CheckerConfig.UdpCheck(common(LO, silent.port(), 0),
                    null, false, null, 0, 255, null), h.context, h);
            quiet.start(h.now());
            h.runUntil(() -> !silent.received.isEmpty(), "payload sent");
            assertEquals(UdpCheckFsm.RANDOM_PAYLOAD_BYTES, silent.received.get(0).length);
            h.expireStep(quiet, 5 * S);
            assertTrue(quiet.isUp());

            UdpCheckFsm required = (UdpCheckFsm) Checks.create(new CheckerConfig.UdpCheck(
                    common(LO, silent.port(), 0), "01", true, null, 0, 255, null), h.context, h);
            required.start(h.now());
            h.runUntil(() -> silent.received.size() == 2, "payload sent");
            h.expireStep(required, 5 * S);
            assertFalse(required.isUp());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void pingLoopback(String address) throws Exception {
        boolean allowed = PingGroupRange.current().allowsAny(PingGroupRange.currentGroups());
        try (Harness h = new Harness()) {
            InetAddress target = InetAddress.getByName(address);
            PingCheckFsm check = (PingCheckFsm) Checks.create(new CheckerConfig.PingCheck(
                    Harness.common(target, 0, 0, 1, 10, true), null), h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            if (!allowed) {
                assertTrue(h.log.get(0).contains("connect fail to create socket"), h.log::toString);
                return;
            }
            assertTrue(check.isUp(), h.log::toString);
            assertEquals("ICMP connection to [" + Checks.addressText(target) + "]:tcp:0 success.", h.log.get(0));
            assertEquals(List.of(new Harness.Event(true, "=> ICMP CHECK succeed on service <=", -1, h.now())),
                    h.events);
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("root")
    void pingOfAnUnansweringAddressTimesOut() throws Exception {
        // In a namespace where 192.0.2.1 never answers; never aimed at it from the root namespace.
        SilentSubnet.run(() -> {
            pingOfAnUnansweringAddressTimesOutInThisNamespace();
            return null;
        });
    }

    private static void pingOfAnUnansweringAddressTimesOutInThisNamespace() throws Exception {
        boolean allowed = PingGroupRange.current().allowsAny(PingGroupRange.currentGroups());
        try (Harness h = new Harness()) {
            PingCheckFsm check = (PingCheckFsm) Checks.create(new CheckerConfig.PingCheck(
                    Harness.common(InetAddress.getByName(SilentSubnet.SILENT_ADDRESS), 0, 0, 1, 10, false), null),
                    h.context, h);
            check.start(h.now());
            h.loop.runOnce(0);
            if (check.phase() == CheckFsm.Phase.RUNNING) {
                h.expireStep(check, 5 * S);
                assertFalse(check.isUp());
                assertTrue(h.log.contains("ICMP connection to address [192.0.2.1]:tcp:0 timeout."), h.log::toString);
            } else {
                h.runUntil(() -> check.phase() == CheckFsm.Phase.WAITING, "ended");
                assertTrue(!allowed || !check.isUp(), h.log::toString);
            }
        }
    }
}
