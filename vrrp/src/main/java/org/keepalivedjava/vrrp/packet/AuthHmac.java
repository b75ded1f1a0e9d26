package org.keepalivedjava.vrrp.packet;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One instance's HMAC authentication ({@link AuthHmacCodec}): its keys, the sending sequence, and the receiving
 * checks in keepalived's order: trailer well-formed, timestamp inside the freshness window (checked before the
 * digest, so a flood of replayed captures costs no HMAC), key known, HMAC right, then strictly growing sequence per
 * sender (the high-water mark moves only on a verified advert). Up to {@link #SENDERS} senders are remembered,
 * the least recently seen replaced first.
 *
 * <p>The wall clock is injected ({@code epochNanos}): the sequence carries real time so that a restarted sender
 * still goes forward. A window of 0 turns the time check off (strict growth is then the only freshness check).
 * Loop thread only; verifying and signing allocate nothing.
 */
public final class AuthHmac {
    /** What the receive check made of a trailer. */
    public enum Result {
        OK, MALFORMED, UNKNOWN_KEY, BAD_HMAC, STALE, REPLAY
    }

    /** Multicast replay slots: several legitimate senders per VRID happen only in contention (keepalived: 4). */
    public static final int SENDERS = 4;

    private final Mac[] macs = new Mac[256];
    private final int activeKeyId;
    private final int windowSeconds;
    private final LongSupplier epochNanos;
    private long sendSequence;

    private final byte[][] senderAddress;
    private final int[] senderLength;
    private final long[] senderSequence;
    private final long[] senderLastUse;
    private long useClock;

    private final byte[] pseudo = new byte[AuthHmacCodec.PSEUDO_HEADER_BYTES];
    private final byte[] digest = new byte[32];
    private final byte[] received = new byte[AuthHmacCodec.HMAC_BYTES];

    /**
     * @param keys          key id (0..255) -> key bytes ({@value AuthHmacCodec#KEY_MIN_BYTES}..{@value
     *                      AuthHmacCodec#KEY_MAX_BYTES})
     * @param activeKeyId   the key adverts are signed with
     * @param windowSeconds accepted clock difference in seconds, or 0 for no time check
     */
    public AuthHmac(Map<Integer, byte[]> keys, int activeKeyId, int windowSeconds, LongSupplier epochNanos) {
        this(keys, activeKeyId, windowSeconds, SENDERS, epochNanos);
    }

    /**
     * @param senders replay slots: {@link #SENDERS} for multicast; with unicast, at least one per peer, so that no
     *                peer's high-water mark is ever evicted (an evicted mark would let one replay through)
     */
    public AuthHmac(Map<Integer, byte[]> keys, int activeKeyId, int windowSeconds, int senders,
            LongSupplier epochNanos) {
        senderAddress = new byte[senders][16];
        senderLength = new int[senders];
        senderSequence = new long[senders];
        senderLastUse = new long[senders];
        for (Map.Entry<Integer, byte[]> k : keys.entrySet()) {
            int id = k.getKey();
            byte[] key = k.getValue();
            if (id < 0 || id > 255 || key.length < AuthHmacCodec.KEY_MIN_BYTES
                    || key.length > AuthHmacCodec.KEY_MAX_BYTES) {
                throw new IllegalArgumentException("HMAC key " + id + " of " + key.length + " bytes");
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                macs[id] = mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no HmacSHA256 in this JDK", e);
            }
        }
        if (activeKeyId < 0 || activeKeyId > 255 || macs[activeKeyId] == null) {
            throw new IllegalArgumentException("active HMAC key " + activeKeyId + " is not configured");
        }
        this.activeKeyId = activeKeyId;
        this.windowSeconds = windowSeconds;
        this.epochNanos = epochNanos;
    }

    /**
     * Appends the signed trailer to the {@code messageLength}-byte message at {@code offset}, sent from
     * {@code source} (4 or 16 bytes). The sequence is the clock's, or the last one plus one when the clock has not
     * moved on (or went back by less than the window).
     *
     * @return message and trailer length
     */
    public int sign(ByteBuffer b, int offset, int messageLength, int version, int vrid, byte[] source,
            int sourceLength) {
        long clock = AuthHmacCodec.clockSequence(epochNanos.getAsLong());
        if (AuthHmacCodec.after(clock, sendSequence)) {
            sendSequence = clock;
        } else {
            int aheadSeconds = (int) ((sendSequence >>> 32) - (clock >>> 32));
            // a clock stepped back further than receivers accept: start again from the clock
            sendSequence = windowSeconds > 0 && aheadSeconds > windowSeconds ? clock : sendSequence + 1;
        }
        AuthHmacCodec.pseudoHeader(pseudo, version, vrid, source, sourceLength);
        return AuthHmacCodec.sign(b, offset, messageLength, pseudo, activeKeyId, sendSequence, macs[activeKeyId],
                digest);
    }

    /**
     * Checks the trailer after the {@code messageLength}-byte message at {@code offset}, received from
     * {@code source}; on {@link Result#OK} the sender's high-water mark moves to the advert's sequence.
     */
    public Result verify(ByteBuffer b, int offset, int messageLength, int version, int vrid, byte[] source,
            int sourceLength) {
        if (!AuthHmacCodec.wellFormed(b, offset, messageLength)) {
            return Result.MALFORMED;
        }
        long sequence = AuthHmacCodec.sequence(b, offset, messageLength);
        long nowSeconds = Math.floorDiv(epochNanos.getAsLong(), 1_000_000_000L);
        if (windowSeconds > 0 && outsideWindow(nowSeconds, sequence)) {
            return Result.STALE;
        }
        Mac mac = macs[AuthHmacCodec.keyId(b, offset, messageLength)];
        if (mac == null) {
            return Result.UNKNOWN_KEY;
        }
        AuthHmacCodec.pseudoHeader(pseudo, version, vrid, source, sourceLength);
        if (!AuthHmacCodec.hmacOk(b, offset, messageLength, pseudo, mac, digest, received)) {
            return Result.BAD_HMAC;
        }
        int slot = slotOf(source, sourceLength);
        if (senderLastUse[slot] != 0 && windowSeconds > 0 && outsideWindow(nowSeconds, senderSequence[slot])) {
            senderLastUse[slot] = 0; // a mark beyond the window orders nothing the window lets in: forget it
        }
        if (senderLastUse[slot] != 0 && !AuthHmacCodec.after(sequence, senderSequence[slot])) {
            senderLastUse[slot] = ++useClock;
            return Result.REPLAY;
        }
        senderSequence[slot] = sequence;
        senderLastUse[slot] = ++useClock;
        return Result.OK;
    }

    private boolean outsideWindow(long nowSeconds, long sequence) {
        int delta = (int) (nowSeconds - (sequence >>> 32));
        return delta > windowSeconds || delta < -windowSeconds;
    }

    /** The sender's slot, or the least recently used one (emptied) for a new sender. */
    private int slotOf(byte[] source, int sourceLength) {
        int victim = 0;
        for (int i = 0; i < senderLastUse.length; i++) {
            if (senderLastUse[i] != 0 && senderLength[i] == sourceLength
                    && Arrays.equals(senderAddress[i], 0, sourceLength, source, 0, sourceLength)) {
                return i;
            }
            if (senderLastUse[i] < senderLastUse[victim]) {
                victim = i;
            }
        }
        System.arraycopy(source, 0, senderAddress[victim], 0, sourceLength);
        senderLength[victim] = sourceLength;
        senderLastUse[victim] = 0;
        return victim;
    }
}
