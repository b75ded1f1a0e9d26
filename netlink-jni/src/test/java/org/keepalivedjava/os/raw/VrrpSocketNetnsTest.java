package org.keepalivedjava.os.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.Hex;
import org.keepalivedjava.os.inet.InetChecksum;
import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.inet.NetOrder;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Registration;
import org.keepalivedjava.os.testing.Netns;

/**
 * VRRP-protocol packets between two namespaces linked by a veth pair (eth0 on both sides), on real raw sockets.
 * Documentation addresses only; nothing is sent in the root namespace (every socket is opened inside a namespace).
 */
@Tag("root")
class VrrpSocketNetnsTest {
    private static final IpAddress A4 = IpAddress.parse("192.0.2.1");
    private static final IpAddress B4 = IpAddress.parse("192.0.2.2");
    private static final IpAddress VIP4 = IpAddress.parse("192.0.2.100");
    private static final IpAddress A6 = IpAddress.parse("2001:db8::1");
    private static final IpAddress B6 = IpAddress.parse("2001:db8::2");
    private static final IpAddress A_LL = IpAddress.parse("fe80::a");
    private static final IpAddress B_LL = IpAddress.parse("fe80::b");
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(5);

    private static Netns a;
    private static Netns b;
    private static int aIfindex;
    private static int bIfindex;

    @BeforeAll
    static void lab() throws Exception {
        a = Netns.create("raw");
        b = Netns.create("raw");
        // An extra veth pair in b first, so b's eth0 has an index that differs from a's.
        b.ip("link", "add", "pad0", "type", "veth", "peer", "name", "pad1");
        a.vethTo(b, "eth0", "eth0");
        a.ip("addr", "add", "192.0.2.1/24", "dev", "eth0");
        b.ip("addr", "add", "192.0.2.2/24", "dev", "eth0");
        a.ip("-6", "addr", "add", "2001:db8::1/64", "dev", "eth0", "nodad");
        b.ip("-6", "addr", "add", "2001:db8::2/64", "dev", "eth0", "nodad");
        a.ip("-6", "addr", "add", "fe80::a/64", "dev", "eth0", "nodad");
        b.ip("-6", "addr", "add", "fe80::b/64", "dev", "eth0", "nodad");
        aIfindex = a.call(() -> Native.interfaceIndex("eth0"));
        bIfindex = b.call(() -> Native.interfaceIndex("eth0"));
        assertNotEquals(aIfindex, bIfindex);
    }

    @AfterAll
    static void teardown() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    /** A VRRPv3 advert (vrid 51, prio, 100 cs, one IPv4 VIP) with its checksum over the IPv4 pseudo-header. */
    private static ByteBuffer vrrpV3V4(int priority, IpAddress source, IpAddress destination) {
        ByteBuffer p = ByteBuffer.wrap(Hex.bytes("3133 0001 0064 0000 c000 0264"));
        p.put(2, (byte) priority);
        long sum = InetChecksum.ipv4PseudoHeader(source.v4(), destination.v4(), InetConsts.IPPROTO_VRRP, 12);
        NetOrder.putU16(p, 6, InetChecksum.finish(InetChecksum.add(sum, p, 0, 12)));
        return p;
    }

    /** A VRRPv3 IPv6 advert (two VIPs, fe80::100 and 2001:db8::100) with checksum 0. */
    private static ByteBuffer vrrpV3V6(int priority) {
        ByteBuffer p = ByteBuffer.wrap(Hex.bytes("3133 0002 0064 0000"
                + "fe80 0000 0000 0000 0000 0000 0000 0100 2001 0db8 0000 0000 0000 0000 0000 0100"));
        p.put(2, (byte) priority);
        return p;
    }

    private static VrrpSocket open(Netns ns, VrrpSocketConfig config) throws Exception {
        return ns.call(() -> VrrpSocket.open(config));
    }

    /** Waits on an event loop (no sleeping) until {@code socket} has a packet, and reads it. */
    private static void awaitPacket(RawIpSocket socket, ReceivedPacket packet) {
        boolean[] got = new boolean[1];
        try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
            loop.register(socket.fd(), Consts.EPOLLIN, (registration, events, nowNs) -> {
                if (socket.receive(packet)) {
                    got[0] = true;
                    loop.stop();
                }
            });
            long deadline = System.nanoTime() + WAIT_NS;
            while (!got[0] && deadline - System.nanoTime() > 0) {
                loop.runOnce(deadline - System.nanoTime());
            }
        }
        assertTrue(got[0], "a packet arrived within 5 s on " + socket);
    }

    @Test
    void ipv4MulticastBothWaysWithTtlIngressInterfaceAndPayload() throws Exception {
        VrrpSocketConfig config = VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V4, "eth0");
        try (VrrpSocket sa = open(a, config); VrrpSocket sb = open(b, config)) {
            ReceivedPacket packet = new ReceivedPacket();
            ByteBuffer fromA = vrrpV3V4(150, A4, IpAddress.VRRP_MULTICAST_V4);
            assertTrue(sa.send(fromA, 0, 12, A4, IpAddress.VRRP_MULTICAST_V4, 255, 1));
            awaitPacket(sb, packet);
            assertEquals(Consts.AF_INET, packet.family());
            assertEquals(255, packet.ttl());
            assertEquals(bIfindex, packet.ifindex());
            assertTrue(packet.sourceIs(A4), packet.toString());
            assertTrue(packet.destinationIs(IpAddress.VRRP_MULTICAST_V4), packet.toString());
            assertEquals(20, packet.payloadOffset());
            assertEquals(12, packet.payloadLength());
            assertFalse(packet.truncated());
            assertEquals(Hex.of(fromA, 0, 12), Hex.of(packet.buffer(), 20, 12));
            // The IP header as sent on the wire: keepalived's TOS 0xc0, our id, DF clear, proto 112.
            assertEquals("45c00020000100" + "00ff70", Hex.of(packet.buffer(), 0, 10));
            assertEquals(A4.v4(), packet.sourceV4());
            assertEquals(0xe0000012, packet.destinationV4());
            assertFalse(sa.receive(packet), "IP_MULTICAST_LOOP 0: the sender does not hear itself");

            ByteBuffer fromB = vrrpV3V4(100, B4, IpAddress.VRRP_MULTICAST_V4);
            assertTrue(sb.send(fromB, 0, 12, B4, IpAddress.VRRP_MULTICAST_V4, 255, 7));
            awaitPacket(sa, packet);
            assertEquals(255, packet.ttl());
            assertEquals(aIfindex, packet.ifindex());
            assertEquals(B4, packet.source());
            assertEquals(Hex.of(fromB, 0, 12), Hex.of(packet.buffer(), packet.payloadOffset(), 12));
            assertEquals(7, NetOrder.u16(packet.buffer(), 4), "IP id as given");
        }
    }

    @Test
    void ipv4TtlBelow255IsDeliveredAsIsSoTheVrrpCodeCanDropIt() throws Exception {
        VrrpSocketConfig config = VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V4, "eth0");
        try (VrrpSocket sa = open(a, config); VrrpSocket sb = open(b, config)) {
            ReceivedPacket packet = new ReceivedPacket();
            assertTrue(sa.send(vrrpV3V4(150, A4, IpAddress.VRRP_MULTICAST_V4), 0, 12, A4, IpAddress.VRRP_MULTICAST_V4,
                    254, 2));
            awaitPacket(sb, packet);
            assertEquals(254, packet.ttl());
        }
    }

    @Test
    void ipv4UnicastBothWays() throws Exception {
        VrrpSocketConfig config = VrrpSocketConfig.unicast(Consts.AF_INET, "eth0");
        try (VrrpSocket sa = open(a, config); VrrpSocket sb = open(b, config)) {
            ReceivedPacket packet = new ReceivedPacket();
            ByteBuffer fromA = vrrpV3V4(150, A4, B4);
            assertTrue(sa.send(fromA, 0, 12, A4, B4, 255, 1));
            awaitPacket(sb, packet);
            assertEquals(255, packet.ttl());
            assertEquals(bIfindex, packet.ifindex());
            assertTrue(packet.sourceIs(A4));
            assertTrue(packet.destinationIs(B4));
            assertEquals(Hex.of(fromA, 0, 12), Hex.of(packet.buffer(), 20, 12));

            assertTrue(sb.send(vrrpV3V4(100, B4, A4), 0, 12, B4, A4, 255, 1));
            awaitPacket(sa, packet);
            assertTrue(packet.sourceIs(B4));
            assertTrue(packet.destinationIs(A4));
            assertEquals(aIfindex, packet.ifindex());
        }
    }

    @Test
    void ipv4SocketIgnoresGroupsItDidNotJoin() throws Exception {
        IpAddress otherGroup = IpAddress.parse("224.0.0.19");
        try (VrrpSocket sa = open(a, VrrpSocketConfig.multicast(otherGroup, "eth0"));
                VrrpSocket sb = open(b, VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V4, "eth0"));
                VrrpSocket sbOther = open(b, VrrpSocketConfig.multicast(otherGroup, "eth0"))) {
            ReceivedPacket packet = new ReceivedPacket();
            assertTrue(sa.send(vrrpV3V4(150, A4, otherGroup), 0, 12, A4, otherGroup, 255, 1));
            awaitPacket(sbOther, packet);
            assertTrue(packet.destinationIs(otherGroup));
            assertFalse(sb.receive(packet), "IP_MULTICAST_ALL 0: 224.0.0.18's socket does not get 224.0.0.19");
        }
    }

    @Test
    void ipv6MulticastBothWaysKernelChecksumAsKeepalived() throws Exception {
        VrrpSocketConfig config = VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V6, "eth0");
        try (VrrpSocket sa = open(a, config); VrrpSocket sb = open(b, config)) {
            ReceivedPacket packet = new ReceivedPacket();
            ByteBuffer fromA = vrrpV3V6(150);
            assertTrue(sa.send(fromA, 0, 40, A_LL, IpAddress.VRRP_MULTICAST_V6, 255, 0));
            awaitPacket(sb, packet);
            assertEquals(Consts.AF_INET6, packet.family());
            assertEquals(255, packet.ttl(), "IPV6_RECVHOPLIMIT");
            assertEquals(bIfindex, packet.ifindex(), "IPV6_RECVPKTINFO");
            assertEquals(A_LL, packet.source());
            assertEquals(IpAddress.VRRP_MULTICAST_V6, packet.destination());
            assertEquals(0, packet.payloadOffset());
            assertEquals(40, packet.payloadLength());
            // The kernel filled the checksum (IPV6_CHECKSUM 6): it verifies over the IPv6 pseudo-header.
            int checksum = NetOrder.u16(packet.buffer(), 6);
            assertNotEquals(0, checksum);
            long sum = InetChecksum.ipv6PseudoHeader(bytes(A_LL), bytes(IpAddress.VRRP_MULTICAST_V6), 112, 40);
            assertEquals(0, InetChecksum.finish(InetChecksum.add(sum, packet.buffer(), 0, 40)));
            assertFalse(sa.receive(packet), "IPV6_MULTICAST_LOOP 0");

            assertTrue(sb.send(vrrpV3V6(100), 0, 40, null, IpAddress.VRRP_MULTICAST_V6, 255, 0));
            awaitPacket(sa, packet);
            assertEquals(255, packet.ttl());
            assertEquals(aIfindex, packet.ifindex());
            assertTrue(packet.source().isLinkLocal(), "no source given: the kernel used a link-local one, "
                    + packet.source());
        }
    }

    @Test
    void ipv6HopLimit254IsSeen() throws Exception {
        VrrpSocketConfig config = VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V6, "eth0");
        try (VrrpSocket sa = open(a, config); VrrpSocket sb = open(b, config)) {
            ReceivedPacket packet = new ReceivedPacket();
            assertTrue(sa.send(vrrpV3V6(150), 0, 40, A_LL, IpAddress.VRRP_MULTICAST_V6, 254, 0));
            awaitPacket(sb, packet);
            assertEquals(254, packet.ttl());
        }
    }

    @Test
    void ipv6UnicastWithOurOwnChecksumAndBadOnesVisible() throws Exception {
        VrrpSocketConfig config = VrrpSocketConfig.unicast(Consts.AF_INET6, "eth0").withKernelChecksum(false);
        try (VrrpSocket sa = open(a, config); VrrpSocket sb = open(b, config)) {
            ReceivedPacket packet = new ReceivedPacket();
            ByteBuffer p = vrrpV3V6(150);
            long sum = InetChecksum.ipv6PseudoHeader(bytes(A6), bytes(B6), 112, 40);
            NetOrder.putU16(p, 6, InetChecksum.finish(InetChecksum.add(sum, p, 0, 40)));
            assertTrue(sa.send(p, 0, 40, A6, B6, 255, 0));
            awaitPacket(sb, packet);
            assertEquals(A6, packet.source());
            assertEquals(B6, packet.destination());
            assertEquals(255, packet.ttl());
            assertEquals(bIfindex, packet.ifindex());
            assertEquals(Hex.of(p, 0, 40), Hex.of(packet.buffer(), 0, 40), "sent as we built it");

            NetOrder.putU16(p, 6, 0x1234);
            assertTrue(sa.send(p, 0, 40, A6, B6, 255, 0));
            awaitPacket(sb, packet);
            assertEquals(0x1234, NetOrder.u16(packet.buffer(), 6), "without IPV6_CHECKSUM a bad checksum is ours to count");

            assertTrue(sb.send(p, 0, 40, B6, A6, 255, 0));
            awaitPacket(sa, packet);
            assertEquals(B6, packet.source());
            assertEquals(aIfindex, packet.ifindex());
        }
    }

    @Test
    void aMissingInterfaceIsReportedByName() throws Exception {
        NativeException e = assertThrows(NativeException.class,
                () -> open(a, VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V4, "kjnone0")));
        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.getMessage().contains("kjnone0"), e.getMessage());
    }

    @Test
    void steadyStateSendAndReceiveAllocateNothing() throws Exception {
        VrrpSocketConfig config4 = VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V4, "eth0");
        VrrpSocketConfig config6 = VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V6, "eth0");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (VrrpSocket sa4 = open(a, config4); VrrpSocket sb4 = open(b, config4);
                VrrpSocket sa6 = open(a, config6); VrrpSocket sb6 = open(b, config6);
                EventLoop loop = new EventLoop(Clock.SYSTEM)) {
            ReceivedPacket packet = new ReceivedPacket();
            int[] received = new int[1];
            org.keepalivedjava.os.loop.FdHandler handler = (Registration r, int events, long nowNs) -> {
                RawIpSocket s = r.fd() == sb4.fd() ? sb4 : sb6;
                while (s.receive(packet)) {
                    received[0]++;
                }
            };
            loop.register(sb4.fd(), Consts.EPOLLIN, handler);
            loop.register(sb6.fd(), Consts.EPOLLIN, handler);
            ByteBuffer p4 = vrrpV3V4(150, A4, IpAddress.VRRP_MULTICAST_V4);
            ByteBuffer p6 = ByteBuffer.allocateDirect(40);
            NetOrder.copy(vrrpV3V6(150), 0, p6, 0, 40);
            int rounds = 2000;
            exchange(loop, sa4, sa6, p4, p6, received, rounds); // warm up: class loading, JIT
            // A one-off allocation (JIT deoptimisation, a lazily initialised class) can land in any window; an
            // allocation per packet lands in every window. So: some window of 2 * rounds pairs allocates nothing.
            long[] allocated = new long[5];
            long least = Long.MAX_VALUE;
            int windows = 0;
            for (; windows < allocated.length && least != 0; windows++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                exchange(loop, sa4, sa6, p4, p6, received, rounds);
                allocated[windows] = threads.getCurrentThreadAllocatedBytes() - before;
                least = Math.min(least, allocated[windows]);
            }
            assertEquals((1 + windows) * 2 * rounds, received[0], "every packet arrived");
            assertEquals(0, least, "bytes allocated per window of " + 2 * rounds + " IPv4+IPv6 send/receive pairs: "
                    + java.util.Arrays.toString(allocated));
        }
    }

    private static void exchange(EventLoop loop, RawIpSocket sa4, RawIpSocket sa6, ByteBuffer p4, ByteBuffer p6,
            int[] received, int rounds) {
        for (int i = 0; i < rounds; i++) {
            int want = received[0] + 2;
            sa4.send(p4, 0, 12, A4, IpAddress.VRRP_MULTICAST_V4, 255, i);
            sa6.send(p6, 0, 40, A_LL, IpAddress.VRRP_MULTICAST_V6, 255, 0);
            for (int spins = 0; received[0] < want && spins < 1000; spins++) {
                loop.runOnce(WAIT_NS);
            }
        }
    }

    private static byte[] bytes(IpAddress address) {
        byte[] out = new byte[16];
        address.copyTo(out);
        return out;
    }
}
