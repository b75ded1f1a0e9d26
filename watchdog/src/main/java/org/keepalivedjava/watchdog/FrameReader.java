package org.keepalivedjava.watchdog;

import java.nio.ByteBuffer;

/**
 * Reassembles fixed-size {@link WatchdogFrame}s from a byte stream: a read may end anywhere inside a frame or
 * hold several frames. One reusable frame buffer; nothing allocated per read. Pure: no IO.
 *
 * <pre>
 * while (in.hasRemaining()) {
 *     if (reader.feed(in)) {
 *         handle(reader.frame());   // a complete frame at index 0
 *         reader.reset();
 *     }
 * }
 * </pre>
 */
public final class FrameReader {
    private final ByteBuffer frame = ByteBuffer.allocate(WatchdogFrame.LENGTH_BYTES);

    /**
     * Copies bytes from {@code src} (from its position; the position advances) until the frame is complete or
     * {@code src} is empty. Bytes after a completed frame stay in {@code src}.
     *
     * @return true when a complete frame is available in {@link #frame()}
     */
    public boolean feed(ByteBuffer src) {
        while (frame.hasRemaining() && src.hasRemaining()) {
            frame.put(src.get());
        }
        return !frame.hasRemaining();
    }

    /** The frame buffer: read it with {@link WatchdogFrame}'s absolute getters at offset 0 once complete. */
    public ByteBuffer frame() {
        return frame;
    }

    /** Bytes of the next frame received so far. */
    public int pendingBytes() {
        return frame.position();
    }

    /** Starts the next frame. */
    public void reset() {
        frame.clear();
    }
}
