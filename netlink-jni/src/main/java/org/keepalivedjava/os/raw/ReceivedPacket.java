package org.keepalivedjava.os.raw;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.inet.NetOrder;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.NativeBuffer;

/**
 * One received IP packet and what the kernel said about it, filled in place by {@link RawIpSocket#receive}.
 * The caller allocates one (or one per socket) and reuses it for every packet: receiving allocates nothing.
 *
 * <p>The bytes land directly in this object's native buffer: for IPv4 the IP header comes first (a raw IPv4
 * socket delivers it) and the protocol payload starts at {@link #payloadOffset()}; for IPv6 the kernel strips the
 * header, so the payload starts at 0. Loop thread only, like the socket.
 */
public final class ReceivedPacket {
    /** Room for any VRRP advert (at most 255 IPv6 addresses: 8 + 255 * 16 bytes) on a 9000-byte jumbo frame. */
    public static final int DEFAULT_CAPACITY_BYTES = 9216;

    private final NativeBuffer data;
    final byte[] source = new byte[16];
    final byte[] destination = new byte[16];
    int family;
    int ifindex;
    int ttl;
    int payloadOffset;
    int payloadLength;
    int receivedLength;
    boolean truncated;

    public ReceivedPacket() {
        this(DEFAULT_CAPACITY_BYTES);
    }

    public ReceivedPacket(int capacityBytes) {
        this.data = NativeBuffer.allocate(capacityBytes);
    }

    NativeBuffer nativeBuffer() {
        return data;
    }

    /** The received bytes (native order buffer; read wire fields with {@link NetOrder}); valid until the next receive. */
    public ByteBuffer buffer() {
        return data.buffer();
    }

    public int capacityBytes() {
        return data.sizeBytes();
    }

    /** {@link Consts#AF_INET} or {@link Consts#AF_INET6}. */
    public int family() {
        return family;
    }

    /** Where the protocol payload (the VRRP message) starts in {@link #buffer()}: the IPv4 header length, or 0 for IPv6. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Bytes of protocol payload. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Bytes the kernel delivered (IPv4: header included). */
    public int receivedLength() {
        return receivedLength;
    }

    /** The packet was longer than the buffer: its tail is lost, so it must be dropped. */
    public boolean truncated() {
        return truncated;
    }

    /** The interface the packet came in on (IP_PKTINFO / IPV6_PKTINFO), 0 if the kernel did not say. */
    public int ifindex() {
        return ifindex;
    }

    /** IPv4 TTL (from the header) or IPv6 hop limit (IPV6_HOPLIMIT), as received: RFC 5798 §7.1 wants 255. */
    public int ttl() {
        return ttl;
    }

    /** The source address bytes (4 or 16 valid, see {@link #addressLength()}); a live view, do not modify. */
    public byte[] sourceBytes() {
        return source;
    }

    /** The destination address bytes: the multicast group or our unicast address. */
    public byte[] destinationBytes() {
        return destination;
    }

    public int addressLength() {
        return family == Consts.AF_INET ? 4 : 16;
    }

    /** The IPv4 source as a network-order int (0 for IPv6). */
    public int sourceV4() {
        return family == Consts.AF_INET ? v4(source) : 0;
    }

    /** The IPv4 destination as a network-order int (0 for IPv6). */
    public int destinationV4() {
        return family == Consts.AF_INET ? v4(destination) : 0;
    }

    public boolean sourceIs(IpAddress address) {
        return address.sameAs(source, addressLength());
    }

    public boolean destinationIs(IpAddress address) {
        return address.sameAs(destination, addressLength());
    }

    /** The source as an IpAddress (allocates: for logs and tests). */
    public IpAddress source() {
        return IpAddress.of(java.util.Arrays.copyOf(source, addressLength()));
    }

    /** The destination as an IpAddress (allocates: for logs and tests). */
    public IpAddress destination() {
        return IpAddress.of(java.util.Arrays.copyOf(destination, addressLength()));
    }

    private static int v4(byte[] a) {
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    void clear(int family) {
        this.family = family;
        ifindex = 0;
        ttl = -1;
        payloadOffset = 0;
        payloadLength = 0;
        receivedLength = 0;
        truncated = false;
        java.util.Arrays.fill(source, (byte) 0);
        java.util.Arrays.fill(destination, (byte) 0);
    }

    @Override
    public String toString() {
        return IpAddress.format(source, addressLength()) + " > " + IpAddress.format(destination, addressLength())
                + " if " + ifindex + " ttl " + ttl + " payload " + payloadLength + (truncated ? " TRUNCATED" : "");
    }
}
