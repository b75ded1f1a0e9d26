package org.keepalivedjava.os.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.Captures;
import org.keepalivedjava.os.inet.Hex;
import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;

/** GARP and unsolicited NA frames against the bytes keepalived 2.2.7 put on the wire. */
class FrameCodecTest {
    private static final byte[] MAC_1 = Hex.bytes("02005ec00201");
    private static final byte[] MAC_2 = Hex.bytes("02005ec00202");

    @Test
    void gratuitousArpIsByteForByteKeepalived() {
        ByteBuffer b = ByteBuffer.allocate(50);
        assertEquals(42, ArpFrame.putGratuitous(b, 4, MAC_1, IpAddress.parse("192.0.2.100").v4()));
        assertEquals(Hex.of(Hex.bytes(Captures.GARP)), Hex.of(b, 4, 42));
    }

    @Test
    void decodesTheCapturedGratuitousArp() {
        ByteBuffer b = Hex.buffer(Captures.GARP);
        assertTrue(ArpFrame.isIpv4OverEthernet(b, 0, 42));
        assertFalse(ArpFrame.isIpv4OverEthernet(b, 0, 41), "short");
        assertTrue(ArpFrame.isGratuitous(b, 0));
        assertEquals(ArpFrame.OP_REQUEST, ArpFrame.operation(b, 0));
        assertEquals(0xc0000264, ArpFrame.senderIp(b, 0));
        assertEquals(0xc0000264, ArpFrame.targetIp(b, 0));
        byte[] mac = new byte[6];
        ArpFrame.senderMac(b, 0, mac);
        assertArrayEquals(MAC_1, mac);
        ArpFrame.targetMac(b, 0, mac);
        assertArrayEquals(EthernetHeader.broadcast(), mac);
        EthernetHeader.destination(b, 0, mac);
        assertArrayEquals(EthernetHeader.broadcast(), mac);
        EthernetHeader.source(b, 0, mac);
        assertEquals("02:00:5e:c0:02:01", EthernetHeader.format(mac));
        assertEquals(InetConsts.ETH_P_ARP, EthernetHeader.etherType(b, 0));
    }

    @Test
    void unsolicitedNeighbourAdvertsAreByteForByteKeepalived() {
        ByteBuffer b = ByteBuffer.allocate(86);
        assertEquals(86, NeighborAdvertFrame.putUnsolicited(b, 0, MAC_1, IpAddress.parse("fe80::100"), false));
        assertEquals(Hex.of(Hex.bytes(Captures.NA_LINK_LOCAL)), Hex.of(b, 0, 86));
        NeighborAdvertFrame.putUnsolicited(b, 0, MAC_2, IpAddress.parse("2001:db8::100"), false);
        assertEquals(Hex.of(Hex.bytes(Captures.NA_GLOBAL)), Hex.of(b, 0, 86));
    }

    @Test
    void routerFlagWhenTheInterfaceForwards() {
        ByteBuffer b = ByteBuffer.allocate(86);
        NeighborAdvertFrame.putUnsolicited(b, 0, MAC_1, IpAddress.parse("2001:db8::100"), true);
        assertEquals(NeighborAdvertFrame.FLAG_ROUTER | NeighborAdvertFrame.FLAG_OVERRIDE, NeighborAdvertFrame.flags(b, 0));
        assertTrue(NeighborAdvertFrame.isValid(b, 0, 86), "the checksum covers the flag");
    }

    @Test
    void decodesAndValidatesTheCapturedNeighbourAdvert() {
        ByteBuffer b = Hex.buffer(Captures.NA_GLOBAL);
        assertTrue(NeighborAdvertFrame.isValid(b, 0, 86));
        assertEquals(NeighborAdvertFrame.FLAG_OVERRIDE, NeighborAdvertFrame.flags(b, 0));
        assertEquals(IpAddress.parse("2001:db8::100"), NeighborAdvertFrame.target(b, 0));
        byte[] mac = new byte[6];
        assertTrue(NeighborAdvertFrame.targetMac(b, 0, 86, mac));
        assertArrayEquals(MAC_2, mac);
        assertFalse(NeighborAdvertFrame.isValid(b, 0, 85), "truncated");
        b.put(NeighborAdvertFrame.TARGET + 15, (byte) 1);
        assertFalse(NeighborAdvertFrame.isValid(b, 0, 86), "checksum no longer matches");
        ByteBuffer hop = Hex.buffer(Captures.NA_GLOBAL);
        hop.put(NeighborAdvertFrame.IP + 7, (byte) 254);
        assertFalse(NeighborAdvertFrame.isValid(hop, 0, 86), "hop limit must be 255 (RFC 4861 §7.1.2)");
        assertThrows(IllegalArgumentException.class,
                () -> NeighborAdvertFrame.putUnsolicited(hop, 0, MAC_1, IpAddress.parse("192.0.2.1"), false));
    }

    @Test
    void ipv6MulticastMac() {
        ByteBuffer b = ByteBuffer.allocate(14);
        EthernetHeader.putIpv6MulticastDestination(b, 0, IpAddress.VRRP_MULTICAST_V6);
        assertEquals("333300000012", Hex.of(b, 0, 6));
    }

    @Test
    void announcerSendsGarpForIpv4AndNaForIpv6() {
        RecordingFrameSender sender = new RecordingFrameSender(2, MAC_1);
        AddressAnnouncer announcer = new AddressAnnouncer(sender);
        assertTrue(announcer.announce(IpAddress.parse("192.0.2.100"), false));
        assertTrue(announcer.announce(IpAddress.parse("fe80::100"), false));
        assertEquals(2, sender.frames().size());
        assertEquals(Hex.of(Hex.bytes(Captures.GARP)), Hex.of(sender.frames().get(0)));
        assertEquals(Hex.of(Hex.bytes(Captures.NA_LINK_LOCAL)), Hex.of(sender.frames().get(1)));
        sender.socketBufferFull(true);
        assertFalse(announcer.announce(IpAddress.parse("192.0.2.100"), false));
        assertEquals(2, sender.frames().size());
    }

    @Test
    void packetSocketProtocolIsNetworkOrder() {
        int htons = PacketSocket.htons(InetConsts.ETH_P_ALL);
        ByteBuffer b = ByteBuffer.allocate(2).order(java.nio.ByteOrder.nativeOrder());
        b.putShort(0, (short) htons);
        assertEquals("0003", Hex.of(b, 0, 2), "in memory, the EtherType's bytes are big-endian");
    }
}
