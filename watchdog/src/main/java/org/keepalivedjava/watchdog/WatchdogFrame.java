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
 */
public final class WatchdogFrame {
    /** Every frame is exactly this long: a stream reader needs no length field. */
    public static final int LENGTH_BYTES = 16;
    public static final int MAGIC = 0x4B4A5744;
    public static final byte VERSION = 1;
    public static final byte TYPE_HELLO = 1;
    public static final byte TYPE_ACK = 2;

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
        if (type != TYPE_HELLO && type != TYPE_ACK) {
            return Status.BAD_TYPE;
        }
        return Status.OK;
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
