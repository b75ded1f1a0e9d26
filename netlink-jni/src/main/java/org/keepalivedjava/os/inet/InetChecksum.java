package org.keepalivedjava.os.inet;

import java.nio.ByteBuffer;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the data taken as
 * big-endian 16-bit words (an odd last byte is padded with zero). Used by the IPv4 header, VRRP (RFC 3768 §5.3.8:
 * over the VRRP message only; RFC 5798 §5.2.8: VRRPv3 adds the IPv4 or IPv6 pseudo-header) and ICMPv6
 * (RFC 4443 §2.3, IPv6 pseudo-header of RFC 8200 §8.1).
 *
 * <p>Partial sums are {@code long}s that may exceed 16 bits; {@link #fold} adds the carries back and
 * {@link #finish} complements. To fill in a checksum: zero the field, sum the pseudo-header (if any) and the
 * message, store {@code finish(sum)}. To verify: sum everything including the received field; a valid packet
 * gives {@code finish(sum) == 0}. Pure, allocation-free, absolute offsets (the buffer's position is ignored).
 */
public final class InetChecksum {
    private InetChecksum() {
    }

    /** Adds {@code length} bytes from {@code offset} to the running sum {@code sum}; {@code offset} must start a 16-bit word of the whole message. */
    public static long add(long sum, ByteBuffer b, int offset, int length) {
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += (b.get(i) & 0xff) << 8 | (b.get(i + 1) & 0xff);
        }
        if (i < end) {
            sum += (b.get(i) & 0xff) << 8;
        }
        return sum;
    }

    /** Adds the bytes of an array (an address) to the running sum; {@code length} must be even. */
    public static long add(long sum, byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i += 2) {
            sum += (bytes[i] & 0xff) << 8 | (bytes[i + 1] & 0xff);
        }
        return sum;
    }

    /** Adds a 32-bit value as two 16-bit words (an IPv4 address, a length). */
    public static long add32(long sum, int value) {
        return sum + (value >>> 16) + (value & 0xffff);
    }

    /** Folds the carries of a partial sum into 16 bits (one's complement addition). */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** The checksum field value for a partial sum: {@code ~fold(sum)} in 16 bits. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xffff;
    }

    /** The checksum of {@code length} bytes (no pseudo-header): what an IPv4 header or a VRRPv2 message carries. */
    public static int checksum(ByteBuffer b, int offset, int length) {
        return finish(add(0, b, offset, length));
    }

    /**
     * The partial sum of the IPv4 pseudo-header (RFC 793 §3.1, used by RFC 5798 §5.2.8): source, destination,
     * zero, protocol, upper-layer length.
     */
    public static long ipv4PseudoHeader(int source, int destination, int protocol, int upperLayerLength) {
        long sum = add32(0, source);
        sum = add32(sum, destination);
        return sum + protocol + upperLayerLength;
    }

    /**
     * The partial sum of the IPv6 pseudo-header (RFC 8200 §8.1): source, destination (16 bytes each, read from
     * {@code b}), 32-bit upper-layer length, three zero bytes, next header.
     */
    public static long ipv6PseudoHeader(ByteBuffer b, int sourceOffset, int destinationOffset, int nextHeader,
            int upperLayerLength) {
        long sum = add(0, b, sourceOffset, 16);
        sum = add(sum, b, destinationOffset, 16);
        return add32(sum, upperLayerLength) + nextHeader;
    }

    /** {@link #ipv6PseudoHeader(ByteBuffer, int, int, int, int)} with the addresses as 16-byte arrays. */
    public static long ipv6PseudoHeader(byte[] source, byte[] destination, int nextHeader, int upperLayerLength) {
        long sum = add(0, source, 0, 16);
        sum = add(sum, destination, 0, 16);
        return add32(sum, upperLayerLength) + nextHeader;
    }
}
