package org.keepalivedjava.os.inet;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.libc.Consts;

/**
 * Pure codecs of the socket address structs (ip(7), ipv6(7), packet(7)) at absolute offsets of a buffer in
 * NATIVE byte order (a {@link org.keepalivedjava.os.libc.NativeBuffer}): host-order fields use the buffer's
 * order, network-order fields go through {@link NetOrder}.
 *
 * <pre>
 * struct sockaddr_in  {  0 u16 family (host) |  2 u16 port (net) |  4 u32 addr (net) |  8 zero[8] }       16 bytes
 * struct sockaddr_in6 {  0 u16 family (host) |  2 u16 port (net) |  4 u32 flowinfo (net) | 8 addr[16]
 *                       24 u32 scope_id (host) }                                                          28 bytes
 * struct sockaddr_ll  {  0 u16 family (host) |  2 u16 protocol (net, ETH_P_*) | 4 int ifindex (host)
 *                        8 u16 hatype | 10 u8 pkttype | 11 u8 halen | 12 addr[8] }                        20 bytes
 * </pre>
 */
public final class Sockaddr {
    public static final int IN_BYTES = 16;
    public static final int IN6_BYTES = 28;
    public static final int LL_BYTES = 20;
    /** Big enough for any of the above (sockaddr_storage is 128; we never need more than 28). */
    public static final int MAX_BYTES = 28;

    private static final int FAMILY = 0;
    private static final int PORT = 2;
    private static final int IN_ADDR = 4;
    private static final int IN6_FLOWINFO = 4;
    private static final int IN6_ADDR = 8;
    private static final int IN6_SCOPE_ID = 24;
    private static final int LL_PROTOCOL = 2;
    private static final int LL_IFINDEX = 4;
    private static final int LL_HATYPE = 8;
    private static final int LL_PKTTYPE = 10;
    private static final int LL_HALEN = 11;
    private static final int LL_ADDR = 12;

    private Sockaddr() {
    }

    /** The family of an encoded sockaddr. */
    public static int family(ByteBuffer b, int offset) {
        return b.getShort(offset + FAMILY) & 0xffff;
    }

    /** Encodes sockaddr_in for an IPv4 address (network-order int) and port; returns its length. */
    public static int putIn(ByteBuffer b, int offset, int address, int port) {
        NetOrder.zero(b, offset, IN_BYTES);
        b.putShort(offset + FAMILY, (short) Consts.AF_INET);
        NetOrder.putU16(b, offset + PORT, port);
        NetOrder.putI32(b, offset + IN_ADDR, address);
        return IN_BYTES;
    }

    /** Encodes sockaddr_in6 (flowinfo 0); {@code scopeId} is the interface index for link-local addresses. */
    public static int putIn6(ByteBuffer b, int offset, IpAddress address, int port, int scopeId) {
        NetOrder.zero(b, offset, IN6_BYTES);
        b.putShort(offset + FAMILY, (short) Consts.AF_INET6);
        NetOrder.putU16(b, offset + PORT, port);
        address.write(b, offset + IN6_ADDR);
        b.putInt(offset + IN6_SCOPE_ID, scopeId);
        return IN6_BYTES;
    }

    /** sockaddr_in or sockaddr_in6 by the address family; returns the length. */
    public static int putInet(ByteBuffer b, int offset, IpAddress address, int port, int scopeId) {
        return address.isV4() ? putIn(b, offset, address.v4(), port) : putIn6(b, offset, address, port, scopeId);
    }

    public static int port(ByteBuffer b, int offset) {
        return NetOrder.u16(b, offset + PORT);
    }

    /** The network-order IPv4 address of a sockaddr_in. */
    public static int inAddress(ByteBuffer b, int offset) {
        return NetOrder.i32(b, offset + IN_ADDR);
    }

    /** The offset of the 16 address bytes of a sockaddr_in6. */
    public static int in6AddressOffset(int offset) {
        return offset + IN6_ADDR;
    }

    public static int in6FlowInfo(ByteBuffer b, int offset) {
        return NetOrder.i32(b, offset + IN6_FLOWINFO);
    }

    public static int in6ScopeId(ByteBuffer b, int offset) {
        return b.getInt(offset + IN6_SCOPE_ID);
    }

    /**
     * Copies the address of a sockaddr_in or sockaddr_in6 into {@code dst} (at least 16 bytes).
     * @return 4 or 16, or 0 for another family
     */
    public static int inetAddress(ByteBuffer b, int offset, byte[] dst) {
        switch (family(b, offset)) {
            case Consts.AF_INET:
                NetOrder.getBytes(b, offset + IN_ADDR, dst, 0, 4);
                return 4;
            case Consts.AF_INET6:
                NetOrder.getBytes(b, offset + IN6_ADDR, dst, 0, 16);
                return 16;
            default:
                return 0;
        }
    }

    /**
     * Encodes sockaddr_ll. To bind: protocol (ETH_P_*) and ifindex, no address. To send: ifindex, halen 6 and the
     * destination MAC ({@code mac} may be null for none). hatype and pkttype are 0 (the kernel sets them on receive).
     */
    public static int putLl(ByteBuffer b, int offset, int ethProtocol, int ifindex, byte[] mac) {
        NetOrder.zero(b, offset, LL_BYTES);
        b.putShort(offset + FAMILY, (short) Consts.AF_PACKET);
        NetOrder.putU16(b, offset + LL_PROTOCOL, ethProtocol);
        b.putInt(offset + LL_IFINDEX, ifindex);
        if (mac != null) {
            NetOrder.putU8(b, offset + LL_HALEN, mac.length);
            NetOrder.putBytes(b, offset + LL_ADDR, mac, 0, mac.length);
        }
        return LL_BYTES;
    }

    public static int llProtocol(ByteBuffer b, int offset) {
        return NetOrder.u16(b, offset + LL_PROTOCOL);
    }

    public static int llIfindex(ByteBuffer b, int offset) {
        return b.getInt(offset + LL_IFINDEX);
    }

    public static int llHatype(ByteBuffer b, int offset) {
        return b.getShort(offset + LL_HATYPE) & 0xffff;
    }

    /** PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST or PACKET_OUTGOING. */
    public static int llPacketType(ByteBuffer b, int offset) {
        return NetOrder.u8(b, offset + LL_PKTTYPE);
    }

    /** Copies the hardware address into {@code dst} (8 bytes room); returns its length (6 for Ethernet). */
    public static int llAddress(ByteBuffer b, int offset, byte[] dst) {
        int halen = Math.min(NetOrder.u8(b, offset + LL_HALEN), 8);
        NetOrder.getBytes(b, offset + LL_ADDR, dst, 0, halen);
        return halen;
    }
}
