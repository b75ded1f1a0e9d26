package org.keepalivedjava.vrrp.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

import org.keepalivedjava.os.inet.NetOrder;

/**
 * Pure codec of the HMAC authentication trailer of newer keepalived ({@code vrrp_auth_hmac.c}, after 2.2.7): 28
 * bytes appended after the VRRP message (v2 or v3, IPv4 or IPv6), outside the VRRP length rules, so a receiver
 * without the extension sees a message that is too long.
 *
 * <pre>
 *  0 ext type (1 = HMAC-SHA256 truncated to 128 bits) | 1 key id | 2 reserved (16, zero)
 *  4 seconds since the Unix epoch (32)                                   \  one 64-bit sequence:
 *  8 binary fraction of the second (16)  | 10 counter (16)               /  sec<<32 | frac<<16 | counter
 * 12 HMAC (16 bytes)
 * </pre>
 * The HMAC (RFC 2104, SHA-256, first 16 bytes) covers, in order: a 20-byte pseudo-header (family 4 or 6, VRRP
 * version, VRID, zero, then the sender's address, zero padded), the VRRP message with its checksum field read as
 * zero, the trailer up to the HMAC, and 16 zero bytes in place of the HMAC. The checksum is left out so that a
 * kernel-filled IPv6 checksum cannot desynchronise sender and receiver; the IP header is left out on purpose.
 *
 * <p>Verified against the two "appendix" vectors of keepalived's own unit test (AuthHmacCodecTest); NOT verified
 * against a running keepalived (2.2.7 here predates the extension). No IO, no clock, no logging; the caller owns
 * the {@link Mac} (one per key, already initialised) and the scratch arrays.
 */
public final class AuthHmacCodec {
    public static final int TRAILER_BYTES = 28;
    public static final int EXT_TYPE_HMAC_SHA256_128 = 1;
    public static final int HMAC_BYTES = 16;
    public static final int PSEUDO_HEADER_BYTES = 20;
    /** keepalived's bounds on key material (a 32-byte floor keeps a 128-bit margin). */
    public static final int KEY_MIN_BYTES = 32;
    public static final int KEY_MAX_BYTES = 64;

    public static final int EXT_TYPE = 0;
    public static final int KEY_ID = 1;
    public static final int RESERVED = 2;
    public static final int SECONDS = 4;
    public static final int FRACTION = 8;
    public static final int COUNTER = 10;
    public static final int HMAC = 12;

    private static final byte[] ZEROS = new byte[HMAC_BYTES];

    private AuthHmacCodec() {
    }

    /**
     * The sequence for a wall-clock time: seconds in the high 32 bits, a 1/65536 s fraction in the next 16, the
     * counter cleared.
     */
    public static long clockSequence(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        long nanos = Math.floorMod(epochNanos, 1_000_000_000L);
        long fraction = (nanos << 16) / 1_000_000_000L;
        return (seconds & 0xffff_ffffL) << 32 | fraction << 16;
    }

    /** RFC 1982 serial-number order on the 64-bit sequence: true when {@code a} comes after {@code b}. */
    public static boolean after(long a, long b) {
        return a - b > 0;
    }

    /** Fills the 20-byte pseudo-header for a sender of {@code source} (4 or 16 network-order bytes). */
    public static void pseudoHeader(byte[] out, int version, int vrid, byte[] source, int sourceLength) {
        Arrays.fill(out, 0, PSEUDO_HEADER_BYTES, (byte) 0);
        out[0] = (byte) (sourceLength == 16 ? 6 : 4);
        out[1] = (byte) version;
        out[2] = (byte) vrid;
        System.arraycopy(source, 0, out, 4, sourceLength);
    }

    /**
     * Writes the trailer after the {@code messageLength}-byte message at {@code offset}, signed with {@code mac}
     * (initialised with the key {@code keyId}).
     *
     * @param digest scratch of at least 32 bytes
     * @return the length of message and trailer
     */
    public static int sign(ByteBuffer b, int offset, int messageLength, byte[] pseudoHeader, int keyId,
            long sequence, Mac mac, byte[] digest) {
        int t = offset + messageLength;
        NetOrder.putU8(b, t + EXT_TYPE, EXT_TYPE_HMAC_SHA256_128);
        NetOrder.putU8(b, t + KEY_ID, keyId);
        NetOrder.putU16(b, t + RESERVED, 0);
        NetOrder.putI32(b, t + SECONDS, (int) (sequence >>> 32));
        NetOrder.putU16(b, t + FRACTION, (int) (sequence >>> 16) & 0xffff);
        NetOrder.putU16(b, t + COUNTER, (int) sequence & 0xffff);
        NetOrder.zero(b, t + HMAC, HMAC_BYTES);
        hmac(b, offset, messageLength, pseudoHeader, mac, digest);
        NetOrder.putBytes(b, t + HMAC, digest, 0, HMAC_BYTES);
        return messageLength + TRAILER_BYTES;
    }

    /** The trailer's key id (the trailer starts {@code messageLength} bytes after {@code offset}). */
    public static int keyId(ByteBuffer b, int offset, int messageLength) {
        return NetOrder.u8(b, offset + messageLength + KEY_ID);
    }

    /** False when the trailer is not one this codec knows (another ext type, or reserved bits set). */
    public static boolean wellFormed(ByteBuffer b, int offset, int messageLength) {
        int t = offset + messageLength;
        return NetOrder.u8(b, t + EXT_TYPE) == EXT_TYPE_HMAC_SHA256_128 && NetOrder.u16(b, t + RESERVED) == 0;
    }

    /** The trailer's 64-bit sequence. */
    public static long sequence(ByteBuffer b, int offset, int messageLength) {
        int t = offset + messageLength;
        return (NetOrder.i32(b, t + SECONDS) & 0xffff_ffffL) << 32 | (long) NetOrder.u16(b, t + FRACTION) << 16
                | NetOrder.u16(b, t + COUNTER);
    }

    /** True when the trailer's HMAC is the one {@code mac} computes (constant time). */
    public static boolean hmacOk(ByteBuffer b, int offset, int messageLength, byte[] pseudoHeader, Mac mac,
            byte[] digest, byte[] received) {
        NetOrder.getBytes(b, offset + messageLength + HMAC, received, 0, HMAC_BYTES);
        hmac(b, offset, messageLength, pseudoHeader, mac, digest);
        int diff = 0;
        for (int i = 0; i < HMAC_BYTES; i++) {
            diff |= digest[i] ^ received[i];
        }
        return diff == 0;
    }

    private static void hmac(ByteBuffer b, int offset, int messageLength, byte[] pseudoHeader, Mac mac,
            byte[] digest) {
        mac.reset();
        mac.update(pseudoHeader, 0, PSEUDO_HEADER_BYTES);
        update(mac, b, offset, VrrpPacketCodec.CHECKSUM);
        mac.update(ZEROS, 0, 2);
        update(mac, b, offset + VrrpPacketCodec.CHECKSUM + 2, messageLength - VrrpPacketCodec.CHECKSUM - 2 + HMAC);
        mac.update(ZEROS, 0, HMAC_BYTES);
        try {
            mac.doFinal(digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("digest scratch shorter than " + mac.getMacLength(), e);
        }
    }

    private static void update(Mac mac, ByteBuffer b, int from, int length) {
        if (b.hasArray()) {
            mac.update(b.array(), b.arrayOffset() + from, length);
        } else {
            for (int i = 0; i < length; i++) {
                mac.update(b.get(from + i));
            }
        }
    }
}
