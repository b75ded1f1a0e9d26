package org.keepalivedjava.os.libc;

import java.nio.ByteBuffer;

/**
 * The layout of {@code struct epoll_event} and a pure codec over an array of them in a {@link ByteBuffer}.
 *
 * <pre>
 * struct epoll_event {
 *     uint32_t     events;   // offset 0: EPOLLIN | EPOLLOUT | ...
 *     epoll_data_t data;     // 64-bit user data, returned unchanged by epoll_wait
 * }
 * </pre>
 * On x86_64 the kernel declares the struct {@code __attribute__((packed))}: 12 bytes, data at offset 4
 * (kept for compatibility with the 32-bit ABI). Every other 64-bit architecture pads it: 16 bytes, data at 8.
 * Getting this wrong makes epoll return garbage in {@code data} from the second event on.
 *
 * <p>The buffer must be in native byte order ({@link NativeBuffer} is). Absolute access only: the buffer's
 * position and limit are left alone, and nothing is allocated.
 */
public final class EpollEvent {
    /** x86_64: packed, 12 bytes. */
    public static final EpollEvent PACKED = new EpollEvent(12, 4);
    /** aarch64 and other LP64 architectures: natural alignment, 16 bytes. */
    public static final EpollEvent ALIGNED = new EpollEvent(16, 8);
    /** The layout of the running JVM's architecture. */
    public static final EpollEvent NATIVE = forArch(System.getProperty("os.arch"));

    private static final int EVENTS_OFFSET = 0;

    private final int sizeBytes;
    private final int dataOffset;

    private EpollEvent(int sizeBytes, int dataOffset) {
        this.sizeBytes = sizeBytes;
        this.dataOffset = dataOffset;
    }

    /** The layout for {@code os.arch} as the JVM names it ("amd64" and "x86_64" are packed). */
    public static EpollEvent forArch(String osArch) {
        return "amd64".equals(osArch) || "x86_64".equals(osArch) ? PACKED : ALIGNED;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    public int dataOffset() {
        return dataOffset;
    }

    /** Writes event {@code index} of the array. */
    public void put(ByteBuffer array, int index, int events, long data) {
        int base = index * sizeBytes;
        array.putInt(base + EVENTS_OFFSET, events);
        array.putLong(base + dataOffset, data);
    }

    public int events(ByteBuffer array, int index) {
        return array.getInt(index * sizeBytes + EVENTS_OFFSET);
    }

    public long data(ByteBuffer array, int index) {
        return array.getLong(index * sizeBytes + dataOffset);
    }
}
