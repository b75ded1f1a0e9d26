package org.keepalivedjava.os.check;

import java.nio.ByteBuffer;

/**
 * ICMP echo request / reply (RFC 792) and ICMPv6 echo (RFC 4443 §4.1, §4.2), without the IP header (what a ping
 * socket sends and receives). Pure: no IO, no clock.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Identifier          |        Sequence Number        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Data ...
 * +-+-+-+-+-
 * </pre>
 * The ICMPv4 checksum is the Internet checksum (RFC 1071) over the whole message; the ICMPv6 checksum also
 * covers an IPv6 pseudo-header (RFC 4443 §2.3) whose source address the kernel picks, so it is left 0 here and
 * the kernel fills it (a ping socket always computes both checksums itself).
 */
public final class IcmpEchoCodec {
    public static final int ICMP_ECHO_REPLY = 0;
    public static final int ICMP_ECHO_REQUEST = 8;
    public static final int ICMPV6_ECHO_REQUEST = 128;
    public static final int ICMPV6_ECHO_REPLY = 129;

    /** Type, code, checksum, identifier, sequence. */
    public static final int HEADER_BYTES = 8;

    private static final int TYPE_OFFSET = 0;
    private static final int CODE_OFFSET = 1;
    private static final int CHECKSUM_OFFSET = 2;
    private static final int IDENTIFIER_OFFSET = 4;
    private static final int SEQUENCE_OFFSET = 6;

    private IcmpEchoCodec() {
    }

    /** A message that is not a well-formed echo of the expected family. */
    public static final class MalformedIcmpException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedIcmpException(String message) {
            super(message, null, false, false); // a parse result, not a programming error: no stack trace
        }
    }

    /**
     * Writes an echo request at {@code dst}'s position (advancing it): header, then {@code payload} (position to
     * limit, not consumed). The identifier is written as given (a ping socket replaces it with its own).
     *
     * @param ipv6 ICMPv6 (type 128, checksum left 0 for the kernel) instead of ICMPv4 (type 8, checksum set)
     * @return the message length
     */
    public static int encodeRequest(ByteBuffer dst, boolean ipv6, int identifier, int sequence, ByteBuffer payload) {
        int start = dst.position();
        int length = HEADER_BYTES + payload.remaining();
        if (dst.remaining() < length) {
            throw new IllegalArgumentException("echo of " + length + " bytes does not fit in " + dst.remaining());
        }
        dst.put(start + TYPE_OFFSET, (byte) (ipv6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO_REQUEST));
        dst.put(start + CODE_OFFSET, (byte) 0);
        dst.putShort(start + CHECKSUM_OFFSET, (short) 0);
        putU16(dst, start + IDENTIFIER_OFFSET, identifier);
        putU16(dst, start + SEQUENCE_OFFSET, sequence);
        dst.put(start + HEADER_BYTES, payload, payload.position(), payload.remaining());
        if (!ipv6) {
            putU16(dst, start + CHECKSUM_OFFSET, internetChecksum(dst, start, length));
        }
        dst.position(start + length);
        return length;
    }

    /**
     * Decodes the echo message from {@code src}'s position to its limit (the position is not moved).
     * Well-formedness only: length, code 0, an echo type of the right family, and for ICMPv4 the checksum (for
     * ICMPv6 the kernel already verified it against the pseudo-header it alone knows). Whether the identifier
     * and sequence are the expected ones is the checker's judgement.
     */
    public static IcmpEcho decode(ByteBuffer src, boolean ipv6) throws MalformedIcmpException {
        int start = src.position();
        int length = src.remaining();
        if (length < HEADER_BYTES) {
            throw new MalformedIcmpException("ICMP message of " + length + " bytes, shorter than its 8-byte header");
        }
        int type = src.get(start + TYPE_OFFSET) & 0xff;
        int code = src.get(start + CODE_OFFSET) & 0xff;
        boolean echo = ipv6 ? type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY
                            : type == ICMP_ECHO_REQUEST || type == ICMP_ECHO_REPLY;
        if (!echo) {
            throw new MalformedIcmpException((ipv6 ? "ICMPv6" : "ICMP") + " type " + type + " is not an echo");
        }
        if (code != 0) {
            throw new MalformedIcmpException("echo with code " + code + " (must be 0)");
        }
        if (!ipv6 && internetChecksum(src, start, length) != 0) {
            throw new MalformedIcmpException("bad ICMP checksum 0x" + Integer.toHexString(getU16(src, start + CHECKSUM_OFFSET)));
        }
        return new IcmpEcho(type, getU16(src, start + IDENTIFIER_OFFSET), getU16(src, start + SEQUENCE_OFFSET),
                start + HEADER_BYTES, length - HEADER_BYTES);
    }

    /**
     * RFC 1071 Internet checksum of {@code length} bytes at {@code offset}: the ones' complement of the ones'
     * complement sum of 16-bit big-endian words (an odd last byte padded with zero). Over a message whose
     * checksum field is already set, the result is 0 when the checksum is right.
     */
    public static int internetChecksum(ByteBuffer buf, int offset, int length) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += ((buf.get(offset + i) & 0xff) << 8) | (buf.get(offset + i + 1) & 0xff);
        }
        if (i < length) {
            sum += (buf.get(offset + i) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static void putU16(ByteBuffer b, int index, int value) {
        b.put(index, (byte) (value >>> 8)).put(index + 1, (byte) value);
    }

    private static int getU16(ByteBuffer b, int index) {
        return ((b.get(index) & 0xff) << 8) | (b.get(index + 1) & 0xff);
    }
}
