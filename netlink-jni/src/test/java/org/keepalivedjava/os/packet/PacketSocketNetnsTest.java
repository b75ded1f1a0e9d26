package org.keepalivedjava.os.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.testing.Netns;

/**
 * A gratuitous ARP and an unsolicited NA sent from one namespace, captured in the other by our own packet socket
 * and by tcpdump. Documentation addresses only; nothing is sent in the root namespace.
 */
@Tag("root")
class PacketSocketNetnsTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final IpAddress VIP4 = IpAddress.parse("192.0.2.100");
    private static final IpAddress VIP6 = IpAddress.parse("2001:db8::100");

    private static Netns a;
    private static Netns b;
    private static byte[] macA;

    @BeforeAll
    static void lab() {
        a = Netns.create("pkt");
        b = Netns.create("pkt");
        a.vethTo(b, "eth0", "eth0");
        a.ip("addr", "add", "192.0.2.1/24", "dev", "eth0");
        b.ip("addr", "add", "192.0.2.2/24", "dev", "eth0");
        String link = a.ip("link", "show", "eth0");
        String mac = link.replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1");
        macA = org.keepalivedjava.os.inet.Hex.bytes(mac.replace(":", ""));
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

    /** Waits on an event loop (no sleeping) for a frame of {@code etherType} and returns its length. */
    private static int awaitFrame(PacketSocket socket, NativeBuffer into, int etherType) {
        int[] length = new int[1];
        try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
            loop.register(socket.fd(), Consts.EPOLLIN, (registration, events, nowNs) -> {
                long n;
                while (length[0] == 0 && (n = socket.receive(into)) != Native.WOULD_BLOCK) {
                    if (n >= EthernetHeader.BYTES && EthernetHeader.etherType(into.buffer(), 0) == etherType
                            && socket.lastPacketType() != InetConsts.PACKET_OUTGOING) {
                        length[0] = (int) n;
                    }
                }
            });
            long deadline = System.nanoTime() + WAIT_NS;
            while (length[0] == 0 && deadline - System.nanoTime() > 0) {
                loop.runOnce(deadline - System.nanoTime());
            }
        }
        assertTrue(length[0] > 0, "a frame of type " + Integer.toHexString(etherType) + " arrived within 5 s");
        return length[0];
    }

    @Test
    void theSenderKnowsItsInterfaceMac() throws Exception {
        try (PacketSocket sender = a.call(() -> PacketSocket.openSender("eth0"))) {
            assertArrayEquals(macA, sender.hardwareAddress());
            assertEquals((int) a.call(() -> Native.interfaceIndex("eth0")), sender.ifindex());
        }
    }

    @Test
    void gratuitousArpIsCapturedByAPacketSocketInThePeer() throws Exception {
        try (PacketSocket sender = a.call(() -> PacketSocket.openSender("eth0"));
                PacketSocket capture = b.call(() -> PacketSocket.open("eth0", InetConsts.ETH_P_ALL))) {
            assertTrue(new AddressAnnouncer(sender).announce(VIP4, false));
            NativeBuffer frame = NativeBuffer.allocate(2048);
            int n = awaitFrame(capture, frame, InetConsts.ETH_P_ARP);
            ByteBuffer f = frame.buffer();
            assertTrue(ArpFrame.isIpv4OverEthernet(f, 0, n));
            assertTrue(ArpFrame.isGratuitous(f, 0));
            assertEquals(ArpFrame.OP_REQUEST, ArpFrame.operation(f, 0));
            assertEquals(VIP4.v4(), ArpFrame.senderIp(f, 0));
            byte[] mac = new byte[6];
            ArpFrame.senderMac(f, 0, mac);
            assertArrayEquals(macA, mac);
            EthernetHeader.source(f, 0, mac);
            assertArrayEquals(macA, mac);
            assertEquals(InetConsts.PACKET_BROADCAST, capture.lastPacketType());
        }
    }

    @Test
    void unsolicitedNeighbourAdvertIsCapturedByAPacketSocketInThePeer() throws Exception {
        try (PacketSocket sender = a.call(() -> PacketSocket.openSender("eth0"));
                PacketSocket capture = b.call(() -> PacketSocket.open("eth0", InetConsts.ETH_P_IPV6))) {
            NativeBuffer frame = NativeBuffer.allocate(2048);
            AddressAnnouncer announcer = new AddressAnnouncer(sender);
            assertTrue(announcer.announce(VIP6, false));
            // The peer's own IPv6 traffic (router solicitations...) may come first: wait for our NA.
            int n;
            do {
                n = awaitFrame(capture, frame, InetConsts.ETH_P_IPV6);
            } while (!NeighborAdvertFrame.isValid(frame.buffer(), 0, n));
            ByteBuffer f = frame.buffer();
            assertEquals(86, n);
            assertEquals(VIP6, NeighborAdvertFrame.target(f, 0));
            assertEquals(NeighborAdvertFrame.FLAG_OVERRIDE, NeighborAdvertFrame.flags(f, 0));
            byte[] mac = new byte[6];
            assertTrue(NeighborAdvertFrame.targetMac(f, 0, n, mac));
            assertArrayEquals(macA, mac);
            EthernetHeader.destination(f, 0, mac);
            assertEquals("33:33:00:00:00:01", EthernetHeader.format(mac));
            assertEquals(InetConsts.PACKET_MULTICAST, capture.lastPacketType());
        }
    }

    @Test
    void gratuitousArpSeenByTcpdumpInThePeer() throws Exception {
        Path pcap = Files.createTempFile("kj-garp", ".pcap");
        Process tcpdump = new ProcessBuilder("ip", "netns", "exec", b.name(), "tcpdump", "-i", "eth0", "-n", "-U",
                "-c", "1", "-w", pcap.toString(), "arp").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (PacketSocket sender = a.call(() -> PacketSocket.openSender("eth0"))) {
            awaitListening(tcpdump);
            AddressAnnouncer announcer = new AddressAnnouncer(sender);
            // tcpdump says "listening" just before its capture starts: announce until it has its one packet.
            for (int i = 0; i < 50 && !tcpdump.waitFor(100, TimeUnit.MILLISECONDS); i++) {
                announcer.announce(VIP4, false);
            }
            assertTrue(tcpdump.waitFor(5, TimeUnit.SECONDS), "tcpdump captured a packet and exited");
            assertEquals(0, tcpdump.exitValue());
            ByteBuffer f = firstPcapFrame(Files.readAllBytes(pcap));
            assertTrue(ArpFrame.isIpv4OverEthernet(f, 0, f.capacity()));
            assertTrue(ArpFrame.isGratuitous(f, 0));
            assertEquals(VIP4.v4(), ArpFrame.targetIp(f, 0));
        } finally {
            tcpdump.destroyForcibly();
            Files.deleteIfExists(pcap);
        }
    }

    private static void awaitListening(Process tcpdump) throws IOException {
        StringBuilder err = new StringBuilder();
        int c;
        while (!err.toString().contains("listening on") && (c = tcpdump.getErrorStream().read()) >= 0) {
            err.append((char) c);
        }
        assertTrue(err.toString().contains("listening on"), "tcpdump started: " + err);
    }

    /** The first record of a classic pcap file (24-byte global header, 16-byte record header). */
    private static ByteBuffer firstPcapFrame(byte[] file) {
        ByteBuffer p = ByteBuffer.wrap(file);
        int magic = p.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        p.order(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        assertEquals(1, p.getInt(20), "link type Ethernet");
        int captured = p.getInt(24 + 8);
        byte[] frame = new byte[captured];
        System.arraycopy(file, 24 + 16, frame, 0, captured);
        return ByteBuffer.wrap(frame);
    }
}
