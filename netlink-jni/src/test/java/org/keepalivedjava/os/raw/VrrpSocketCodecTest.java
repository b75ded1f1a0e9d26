package org.keepalivedjava.os.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.Captures;
import org.keepalivedjava.os.inet.Hex;
import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.inet.MsgHdr;
import org.keepalivedjava.os.inet.NetOrder;
import org.keepalivedjava.os.libc.Consts;

/** The receive-side parsing of VrrpSocket and the in-memory fake, without sockets. */
class VrrpSocketCodecTest {

    @Test
    void readsIpv4PktinfoAndTtlControlMessages() {
        ByteBuffer c = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());
        int at = MsgHdr.putCmsg(c, 0, InetConsts.IPPROTO_IP, InetConsts.IP_PKTINFO, InetConsts.IN_PKTINFO_BYTES);
        c.putInt(MsgHdr.cmsgData(0), 4);                          // ifindex
        NetOrder.putI32(c, MsgHdr.cmsgData(0) + 4, 0xc0000202);   // spec_dst: our address
        NetOrder.putI32(c, MsgHdr.cmsgData(0) + 8, 0xe0000012);   // addr: the header's destination
        int end = MsgHdr.putCmsg(c, at, InetConsts.IPPROTO_IP, InetConsts.IP_TTL, 4);
        c.putInt(MsgHdr.cmsgData(at), 254);
        ReceivedPacket p = new ReceivedPacket(64);
        p.clear(Consts.AF_INET);
        VrrpSocket.readControl(p, c, end);
        assertEquals(4, p.ifindex());
        assertEquals(254, p.ttl());
        assertEquals(0xe0000012, p.destinationV4());
    }

    @Test
    void readsIpv6PktinfoAndHopLimitAndIgnoresOthers() {
        ByteBuffer c = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());
        int at = MsgHdr.putCmsg(c, 0, InetConsts.IPPROTO_IPV6, InetConsts.IPV6_TCLASS, 4); // not asked for: skipped
        c.putInt(MsgHdr.cmsgData(0), 0xc0);
        int hop = MsgHdr.putCmsg(c, at, InetConsts.IPPROTO_IPV6, InetConsts.IPV6_PKTINFO, InetConsts.IN6_PKTINFO_BYTES);
        IpAddress.VRRP_MULTICAST_V6.write(c, MsgHdr.cmsgData(at));
        c.putInt(MsgHdr.cmsgData(at) + 16, 9);
        int end = MsgHdr.putCmsg(c, hop, InetConsts.IPPROTO_IPV6, InetConsts.IPV6_HOPLIMIT, 4);
        c.putInt(MsgHdr.cmsgData(hop), 255);
        ReceivedPacket p = new ReceivedPacket(64);
        p.clear(Consts.AF_INET6);
        VrrpSocket.readControl(p, c, end - 4); // the last message's padding is not counted by the kernel
        assertEquals(9, p.ifindex());
        assertEquals(255, p.ttl());
        assertTrue(p.destinationIs(IpAddress.VRRP_MULTICAST_V6));
        assertEquals(16, p.addressLength());
        assertEquals(0, p.destinationV4());
    }

    @Test
    void readsTheCapturedIpv4HeaderAsARawSocketDeliversIt() {
        byte[] frame = Hex.bytes(Captures.V3_V4);
        ReceivedPacket p = new ReceivedPacket(64);
        p.clear(Consts.AF_INET);
        NetOrder.putBytes(p.buffer(), 0, frame, Captures.ETHERNET_BYTES, 32);
        VrrpSocket.readIpv4Header(p, 32);
        assertEquals(255, p.ttl());
        assertEquals(20, p.payloadOffset());
        assertEquals(12, p.payloadLength());
        assertEquals(IpAddress.parse("192.0.2.1"), p.source());
        assertEquals(IpAddress.VRRP_MULTICAST_V4, p.destination());
        assertEquals("3133960100" + "64d371c0000264", Hex.of(p.buffer(), 20, 12));
    }

    @Test
    void aMalformedIpv4HeaderLeavesAnEmptyPayload() {
        ReceivedPacket p = new ReceivedPacket(64);
        p.clear(Consts.AF_INET);
        p.buffer().put(0, (byte) 0x4f); // IHL 60 bytes but only 24 received
        VrrpSocket.readIpv4Header(p, 24);
        assertEquals(0, p.payloadLength());
        p.buffer().put(0, (byte) 0x65); // version 6
        VrrpSocket.readIpv4Header(p, 24);
        assertEquals(0, p.payloadLength());
    }

    @Test
    void theFakeRecordsSendsAndDeliversInjectedPacketsLikeTheKernel() {
        InMemoryRawIpSocket s = new InMemoryRawIpSocket(Consts.AF_INET, 3);
        ByteBuffer payload = ByteBuffer.wrap(Hex.bytes("ff 3133 9601 0064 d371 c000 0264"));
        assertTrue(s.send(payload, 1, 12, IpAddress.parse("192.0.2.1"), IpAddress.VRRP_MULTICAST_V4, 255, 1));
        assertEquals(1, s.sent().size());
        assertArrayEquals(Hex.bytes("3133 9601 0064 d371 c000 0264"), s.sent().get(0).payload());
        s.socketBufferFull(true);
        assertFalse(s.send(payload, 1, 12, null, IpAddress.VRRP_MULTICAST_V4, 255, 2));
        assertEquals(1, s.sent().size());

        ReceivedPacket p = new ReceivedPacket(64);
        assertFalse(s.receive(p));
        s.inject(Hex.bytes("3133 6401 0064 0000 c000 0264"), IpAddress.parse("192.0.2.2"), IpAddress.VRRP_MULTICAST_V4,
                254, 3);
        assertTrue(s.receive(p));
        assertEquals(254, p.ttl());
        assertEquals(3, p.ifindex());
        assertEquals(20, p.payloadOffset());
        assertEquals(12, p.payloadLength());
        assertEquals(254, p.buffer().get(8) & 0xff, "the IPv4 header is there, TTL included");
        assertTrue(p.sourceIs(IpAddress.parse("192.0.2.2")));
        assertThrows(IllegalArgumentException.class,
                () -> s.inject(new byte[1], IpAddress.parse("2001:db8::1"), IpAddress.VRRP_MULTICAST_V6));
        s.close();
        assertThrows(IllegalStateException.class, () -> s.receive(p));
    }

    @Test
    void configChecksItsArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> VrrpSocketConfig.multicast(IpAddress.parse("192.0.2.1"), "eth0"));
        assertThrows(IllegalArgumentException.class,
                () -> new VrrpSocketConfig(Consts.AF_INET6, "eth0", IpAddress.VRRP_MULTICAST_V4, 112, true));
        assertThrows(IllegalArgumentException.class,
                () -> VrrpSocketConfig.unicast(Consts.AF_INET, "a-name-longer-than-15"));
        assertEquals(51, VrrpSocketConfig.unicast(Consts.AF_INET, "eth0").withProtocol(51).protocol());
        assertFalse(VrrpSocketConfig.unicast(Consts.AF_INET, "eth0").isMulticast());
    }
}
