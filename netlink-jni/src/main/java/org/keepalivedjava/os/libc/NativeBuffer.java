package org.keepalivedjava.os.libc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jnr.ffi.Pointer;

/**
 * A block of native memory seen two ways: as a direct {@link ByteBuffer} in native byte order (how Java code
 * reads and writes structs, with absolute get/put, so struct codecs stay pure and testable on heap buffers) and
 * as a jnr {@link Pointer} to the same bytes (how {@link Native} hands it to the kernel).
 *
 * <p>Allocate once and reuse: a call with a NativeBuffer passes an address and allocates nothing. Not
 * thread-safe; each thread (in practice: the loop) owns its buffers. The memory is freed when the buffer is
 * garbage collected, like any direct buffer.
 */
public final class NativeBuffer {
    private final ByteBuffer buffer;
    private final Pointer pointer;

    private NativeBuffer(ByteBuffer buffer) {
        this.buffer = buffer;
        this.pointer = Pointer.wrap(Native.runtime(), buffer);
    }

    /** Zero-filled native memory of {@code sizeBytes}. */
    public static NativeBuffer allocate(int sizeBytes) {
        return new NativeBuffer(ByteBuffer.allocateDirect(sizeBytes).order(ByteOrder.nativeOrder()));
    }

    /** The bytes, native byte order; use absolute get/put (position and limit are not meaningful to the kernel). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** The same bytes as a pointer for {@link Native} calls. */
    public Pointer pointer() {
        return pointer;
    }

    public int sizeBytes() {
        return buffer.capacity();
    }
}
