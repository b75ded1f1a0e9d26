package org.keepalivedjava.watchdog;

import java.nio.ByteBuffer;

/**
 * The watchdog wire format: one fixed-size frame per message, big-endian, no IO, no clock.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  magic 'K' 'J' 'W' 'D' (0x4B4A5744)           |
 * +---------------+---------------+-------------------------------+
 * |  version (1)  |     type      |     reserved (sent as 0)      |
 * +---------------+---------------+-------------------------------+
 * |                     sequence (64 bits, unsigned)              |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The parent sends {@link #TYPE_HELLO}; the child answers {@link #TYPE_ACK} with the same sequence. The magic
 * catches a wrong peer or a desynchronised stream; the version lets a future parent and child refuse each other
 * cleanly (parent and children come from one installation, so a mismatch means a stale child survived an
 * upgrade). Reserved bits are ignored on receive so a later version may use them as flags.
 *
 * <p>Version 2 added the status exchange: the parent sends {@link #TYPE_STATUS_REQUEST} (a bare frame) and the
 * child answers {@link #TYPE_STATUS} with the same sequence, FROM ITS LOOP like an ack. A {@link #hasPayload
 * payload-bearing} frame is followed by a 4-byte big-endian payload length and that many bytes (at most
 * {@link #MAX_PAYLOAD_BYTES}); every other frame is the bare 16 bytes, so the hello path is unchanged.
 * <pre>
 * +-------- 16-byte frame, type STATUS --------+--- length (32 bits) ---+--- payload (length bytes) ---+
 * </pre>
 */
public final class WatchdogFrame {
    /** Every frame header is exactly this long; only {@link #hasPayload} types are followed by more. */
    public static final int LENGTH_BYTES = 16;
    public static final int MAGIC = 0x4B4A5744;
    /** 2: status request/answer added (a version-1 child would close the stream on a status request). */
    public static final byte VERSION = 2;
    public static final byte TYPE_HELLO = 1;
    public static final byte TYPE_ACK = 2;
    /** Parent to child: send a status snapshot. No payload. */
    public static final byte TYPE_STATUS_REQUEST = 3;
    /** Child to parent: the snapshot asked for by the request with the same sequence. Payload follows. */
    public static final byte TYPE_STATUS = 4;
    /** The payload length field after a payload-bearing frame. */
    public static final int PAYLOAD_LENGTH_BYTES = 4;
    /** A bigger payload is a protocol error (a snapshot of thousands of real servers is well below). */
    public static final int MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

    static final int OFFSET_MAGIC = 0;
    static final int OFFSET_VERSION = 4;
    static final int OFFSET_TYPE = 5;
    static final int OFFSET_RESERVED = 6;
    static final int OFFSET_SEQUENCE = 8;

    /** What {@link #check} found. */
    public enum Status {
        OK, BAD_MAGIC, BAD_VERSION, BAD_TYPE
    }

    private WatchdogFrame() {
    }

    /** Writes one frame at {@code offset} (absolute; position and limit untouched). */
    public static void encode(ByteBuffer dst, int offset, byte type, long sequence) {
        dst.putInt(offset + OFFSET_MAGIC, MAGIC);
        dst.put(offset + OFFSET_VERSION, VERSION);
        dst.put(offset + OFFSET_TYPE, type);
        dst.putShort(offset + OFFSET_RESERVED, (short) 0);
        dst.putLong(offset + OFFSET_SEQUENCE, sequence);
    }

    /** Well-formedness of the frame at {@code offset}: magic, version, known type. The caller judges the sequence. */
    public static Status check(ByteBuffer src, int offset) {
        if (src.getInt(offset + OFFSET_MAGIC) != MAGIC) {
            return Status.BAD_MAGIC;
        }
        if (src.get(offset + OFFSET_VERSION) != VERSION) {
            return Status.BAD_VERSION;
        }
        byte type = src.get(offset + OFFSET_TYPE);
        if (type < TYPE_HELLO || type > TYPE_STATUS) {
            return Status.BAD_TYPE;
        }
        return Status.OK;
    }

    /** Whether a frame of this type is followed by a length-prefixed payload. */
    public static boolean hasPayload(byte type) {
        return type == TYPE_STATUS;
    }

    public static byte type(ByteBuffer src, int offset) {
        return src.get(offset + OFFSET_TYPE);
    }

    public static int version(ByteBuffer src, int offset) {
        return src.get(offset + OFFSET_VERSION) & 0xff;
    }

    public static long sequence(ByteBuffer src, int offset) {
        return src.getLong(offset + OFFSET_SEQUENCE);
    }

    /** A log-friendly description of a bad frame. */
    public static String describe(Status status, ByteBuffer src, int offset) {
        switch (status) {
            case BAD_MAGIC:
                return String.format("bad magic 0x%08x", src.getInt(offset + OFFSET_MAGIC));
            case BAD_VERSION:
                return "unsupported version " + version(src, offset) + " (we speak " + VERSION + ")";
            case BAD_TYPE:
                return "unknown type " + (type(src, offset) & 0xff);
            default:
                return "ok";
        }
    }
}
