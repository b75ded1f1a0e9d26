package org.keepalivedjava.os.inet;

import java.nio.ByteBuffer;

/**
 * Network byte order (big-endian) access to a {@link ByteBuffer} at absolute offsets, whatever the buffer's own
 * order. Kernel structs mix both orders (sockaddr_in: family in host order, port and address in network order),
 * and a {@link org.keepalivedjava.os.libc.NativeBuffer} is in native order, so wire fields go through here byte by
 * byte instead of flipping the shared buffer's order. Pure and allocation-free.
 */
public final class NetOrder {
    private NetOrder() {
    }

    public static int u8(ByteBuffer b, int offset) {
        return b.get(offset) & 0xff;
    }

    public static void putU8(ByteBuffer b, int offset, int value) {
        b.put(offset, (byte) value);
    }

    public static int u16(ByteBuffer b, int offset) {
        return (b.get(offset) & 0xff) << 8 | (b.get(offset + 1) & 0xff);
    }

    public static void putU16(ByteBuffer b, int offset, int value) {
        b.put(offset, (byte) (value >>> 8));
        b.put(offset + 1, (byte) value);
    }

    public static int i32(ByteBuffer b, int offset) {
        return (b.get(offset) & 0xff) << 24 | (b.get(offset + 1) & 0xff) << 16
                | (b.get(offset + 2) & 0xff) << 8 | (b.get(offset + 3) & 0xff);
    }

    public static void putI32(ByteBuffer b, int offset, int value) {
        b.put(offset, (byte) (value >>> 24));
        b.put(offset + 1, (byte) (value >>> 16));
        b.put(offset + 2, (byte) (value >>> 8));
        b.put(offset + 3, (byte) value);
    }

    /** Copies {@code length} bytes of {@code src} from {@code srcOffset} into {@code b} at {@code offset}. */
    public static void putBytes(ByteBuffer b, int offset, byte[] src, int srcOffset, int length) {
        for (int i = 0; i < length; i++) {
            b.put(offset + i, src[srcOffset + i]);
        }
    }

    /** Copies {@code length} bytes of {@code b} from {@code offset} into {@code dst} at {@code dstOffset}. */
    public static void getBytes(ByteBuffer b, int offset, byte[] dst, int dstOffset, int length) {
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = b.get(offset + i);
        }
    }

    /** Copies {@code length} bytes between two buffers (absolute offsets, either order, may be the same buffer if not overlapping). */
    public static void copy(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int length) {
        for (int i = 0; i < length; i++) {
            dst.put(dstOffset + i, src.get(srcOffset + i));
        }
    }

    /** Fills {@code length} bytes with zero. */
    public static void zero(ByteBuffer b, int offset, int length) {
        for (int i = 0; i < length; i++) {
            b.put(offset + i, (byte) 0);
        }
    }
}
