package org.keepalivedjava.os.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Consts;

class SockaddrTest {
    /** Renders the bytes as a little-endian (x86_64, aarch64) kernel would expect them. */
    private static ByteBuffer littleEndian(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void sockaddrInHasHostOrderFamilyAndNetworkOrderPortAndAddress() {
        ByteBuffer b = littleEndian(20);
        assertEquals(16, Sockaddr.putIn(b, 2, 0xc0000201, 0x1234));
        assertEquals("0000" + "0200" + "1234" + "c0000201" + "0000000000000000" + "0000", Hex.of(b, 0, 20));
        assertEquals(Consts.AF_INET, Sockaddr.family(b, 2));
        assertEquals(0x1234, Sockaddr.port(b, 2));
        assertEquals(0xc0000201, Sockaddr.inAddress(b, 2));
        byte[] a = new byte[16];
        assertEquals(4, Sockaddr.inetAddress(b, 2, a));
        assertEquals("192.0.2.1", IpAddress.format(a, 4));
    }

    @Test
    void sockaddrIn6CarriesTheScopeIdInHostOrder() {
        ByteBuffer b = littleEndian(28);
        IpAddress ll = IpAddress.parse("fe80::5eff:fec0:201");
        assertEquals(28, Sockaddr.putIn6(b, 0, ll, 0, 7));
        assertEquals("0a00" + "0000" + "00000000" + "fe80000000000000" + "00005efffec00201" + "07000000", Hex.of(b, 0, 28));
        assertEquals(Consts.AF_INET6, Sockaddr.family(b, 0));
        assertEquals(7, Sockaddr.in6ScopeId(b, 0));
        assertEquals(0, Sockaddr.in6FlowInfo(b, 0));
        byte[] a = new byte[16];
        assertEquals(16, Sockaddr.inetAddress(b, 0, a));
        assertEquals(ll, IpAddress.of(a));
        assertEquals(8, Sockaddr.in6AddressOffset(0));
    }

    @Test
    void sockaddrLlForSendingAndBinding() {
        ByteBuffer b = littleEndian(20);
        byte[] broadcast = Hex.bytes("ffffffffffff");
        assertEquals(20, Sockaddr.putLl(b, 0, InetConsts.ETH_P_ARP, 3, broadcast));
        assertEquals("1100" + "0806" + "03000000" + "0000" + "00" + "06" + "ffffffffffff0000", Hex.of(b, 0, 20));
        assertEquals(InetConsts.ETH_P_ARP, Sockaddr.llProtocol(b, 0));
        assertEquals(3, Sockaddr.llIfindex(b, 0));
        byte[] mac = new byte[8];
        assertEquals(6, Sockaddr.llAddress(b, 0, mac));
        assertArrayEquals(broadcast, java.util.Arrays.copyOf(mac, 6));

        Sockaddr.putLl(b, 0, InetConsts.ETH_P_ALL, 9, null);
        assertEquals("1100" + "0003" + "09000000" + "0000" + "00" + "00" + "0000000000000000", Hex.of(b, 0, 20));
    }

    @Test
    void decodesWhatTheKernelWritesOnReceive() {
        // A sockaddr_ll as recvfrom fills it: ETH_P_ARP, ifindex 2, ARPHRD_ETHER, PACKET_BROADCAST, halen 6.
        ByteBuffer b = littleEndian(20);
        b.put(Hex.bytes("1100 0806 02000000 0100 01 06 02005ec00201 0000"));
        assertEquals(InetConsts.ARPHRD_ETHER, Sockaddr.llHatype(b, 0));
        assertEquals(InetConsts.PACKET_BROADCAST, Sockaddr.llPacketType(b, 0));
        byte[] mac = new byte[8];
        assertEquals(6, Sockaddr.llAddress(b, 0, mac));
        assertEquals("02005ec002010000", Hex.of(mac));
    }
}
