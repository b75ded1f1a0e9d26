package org.keepalivedjava.os.inet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.keepalivedjava.os.libc.Consts;

/**
 * An immutable IPv4 or IPv6 address as the socket layer uses it: the network-order bytes, plus the IPv4 address
 * as an {@code int} for header and checksum code. Created once (from configuration) and reused for every packet;
 * unlike {@link InetAddress#getAddress()} nothing here copies on access in the send path.
 */
public final class IpAddress {
    public static final IpAddress VRRP_MULTICAST_V4 = v4(0xe0000012);     // 224.0.0.18, RFC 5798 §5.1.1.2
    public static final IpAddress VRRP_MULTICAST_V6 = parse("ff02::12");   // RFC 5798 §5.1.2.2
    public static final IpAddress ALL_NODES_V6 = parse("ff02::1");         // RFC 4291 §2.7.1
    public static final IpAddress ANY_V4 = v4(0);
    public static final IpAddress ANY_V6 = parse("::");

    private final byte[] bytes;
    private final int v4;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
        this.v4 = bytes.length == 4 ? (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8
                | (bytes[3] & 0xff) : 0;
    }

    /** The IPv4 address whose network-order value is {@code address} (0xc0000201 is 192.0.2.1). */
    public static IpAddress v4(int address) {
        return new IpAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
                (byte) address});
    }

    /** From 4 or 16 network-order bytes (copied). */
    public static IpAddress of(byte[] address) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
        }
        return new IpAddress(address.clone());
    }

    public static IpAddress of(InetAddress address) {
        return new IpAddress(address.getAddress());
    }

    /** Reads 4 or 16 bytes at {@code offset} (a received address; allocates: for logging and tests). */
    public static IpAddress read(ByteBuffer b, int offset, int length) {
        byte[] a = new byte[length];
        NetOrder.getBytes(b, offset, a, 0, length);
        return of(a);
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal; never resolves a name.
     * @throws IllegalArgumentException if {@code literal} is neither
     */
    public static IpAddress parse(String literal) {
        if (literal.indexOf(':') < 0 && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            // With a ':' or four decimal parts, getByName parses and does no lookup.
            return of(InetAddress.getByName(literal));
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }

    public boolean isV4() {
        return bytes.length == 4;
    }

    /** {@link Consts#AF_INET} or {@link Consts#AF_INET6}. */
    public int family() {
        return isV4() ? Consts.AF_INET : Consts.AF_INET6;
    }

    /** 4 or 16. */
    public int length() {
        return bytes.length;
    }

    /** The IPv4 address in network order as an int (0 for IPv6). */
    public int v4() {
        return v4;
    }

    /** Byte {@code i} of the network-order address. */
    public int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    /** Writes the address bytes at {@code offset}. */
    public void write(ByteBuffer b, int offset) {
        NetOrder.putBytes(b, offset, bytes, 0, bytes.length);
    }

    /** Copies the address bytes into {@code dst} at 0. */
    public void copyTo(byte[] dst) {
        System.arraycopy(bytes, 0, dst, 0, bytes.length);
    }

    /** True when the first {@code length} bytes of {@code other} are this address (no allocation). */
    public boolean sameAs(byte[] other, int length) {
        return length == bytes.length && Arrays.equals(bytes, 0, length, other, 0, length);
    }

    public boolean isMulticast() {
        return isV4() ? (bytes[0] & 0xf0) == 0xe0 : (bytes[0] & 0xff) == 0xff;
    }

    /** fe80::/10 (IPv6) or 169.254/16 (IPv4). */
    public boolean isLinkLocal() {
        return isV4() ? (bytes[0] & 0xff) == 169 && (bytes[1] & 0xff) == 254
                : (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80;
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Dotted quad, or the RFC 5952 IPv6 text (lower case, longest zero run compressed): "fe80::100". */
    @Override
    public String toString() {
        return format(bytes, bytes.length);
    }

    /** Formats the first 4 or 16 bytes of {@code address} (a received address in a reusable array). */
    public static String format(byte[] address, int length) {
        StringBuilder s = new StringBuilder(39);
        if (length == 4) {
            for (int i = 0; i < 4; i++) {
                s.append(i == 0 ? "" : ".").append(address[i] & 0xff);
            }
            return s.toString();
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && group(address, j) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart == 0 && bestLength == 5 && group(address, 5) == 0xffff) {
            // an IPv4-mapped address, written as inet_ntop(3) does: ::ffff:192.0.2.1
            return s.append("::ffff:").append(address[12] & 0xff).append('.').append(address[13] & 0xff).append('.')
                    .append(address[14] & 0xff).append('.').append(address[15] & 0xff).toString();
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(group(address, i)));
        }
        return s.toString();
    }

    private static int group(byte[] a, int i) {
        return (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
    }
}
