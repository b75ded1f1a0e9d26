package org.keepalivedjava.watchdog;

import java.nio.ByteBuffer;

/**
 * Reassembles {@link WatchdogFrame}s from a byte stream: a read may end anywhere inside a frame (or inside the
 * length or payload of a {@link WatchdogFrame#hasPayload payload-bearing} one) or hold several frames. Bare frames
 * use one reusable buffer, so the hello path allocates nothing; a payload buffer is allocated on first need and
 * grown only when a bigger payload arrives. Pure: no IO.
 *
 * <pre>
 * while (in.hasRemaining()) {
 *     if (reader.feed(in)) {
 *         handle(reader.frame(), reader.payload());   // a complete frame at index 0 (+ payload, or null)
 *         reader.reset();
 *     }
 * }
 * </pre>
 *
 * A header that fails {@link WatchdogFrame#check} completes at once without payload (the caller reports it and
 * closes); a payload length above {@link WatchdogFrame#MAX_PAYLOAD_BYTES} completes with {@link #payloadTooLong()}.
 */
public final class FrameReader {
    private final ByteBuffer frame = ByteBuffer.allocate(WatchdogFrame.LENGTH_BYTES);
    private final ByteBuffer length = ByteBuffer.allocate(WatchdogFrame.PAYLOAD_LENGTH_BYTES);
    private ByteBuffer payload;
    private boolean wantsPayload;
    private boolean payloadTooLong;
    private long announcedLength;

    /**
     * Copies bytes from {@code src} (from its position; the position advances) until the frame (and its payload)
     * is complete or {@code src} is empty. Bytes after a completed frame stay in {@code src}.
     *
     * @return true when a complete frame is available in {@link #frame()}
     */
    public boolean feed(ByteBuffer src) {
        if (frame.hasRemaining()) {
            copy(src, frame);
            if (frame.hasRemaining()) {
                return false;
            }
            wantsPayload = WatchdogFrame.check(frame, 0) == WatchdogFrame.Status.OK
                    && WatchdogFrame.hasPayload(WatchdogFrame.type(frame, 0));
            if (!wantsPayload) {
                return true;
            }
        }
        if (length.hasRemaining()) {
            copy(src, length);
            if (length.hasRemaining()) {
                return false;
            }
            announcedLength = length.getInt(0) & 0xffffffffL;
            if (announcedLength > WatchdogFrame.MAX_PAYLOAD_BYTES) {
                payloadTooLong = true;
                return true;
            }
            if (payload == null || payload.capacity() < announcedLength) {
                payload = ByteBuffer.allocate((int) announcedLength);
            }
            payload.clear().limit((int) announcedLength);
        }
        if (payloadTooLong) {
            return true;
        }
        copy(src, payload);
        return !payload.hasRemaining();
    }

    private static void copy(ByteBuffer src, ByteBuffer dst) {
        int n = Math.min(src.remaining(), dst.remaining());
        if (n > 0) {
            ByteBuffer slice = src.slice();
            slice.limit(n);
            dst.put(slice);
            src.position(src.position() + n);
        }
    }

    /** The frame buffer: read it with {@link WatchdogFrame}'s absolute getters at offset 0 once complete. */
    public ByteBuffer frame() {
        return frame;
    }

    /**
     * The payload of a complete payload-bearing frame, position 0 to its length (a view valid until the next
     * {@link #reset}); null for a bare frame or a too long payload.
     */
    public ByteBuffer payload() {
        if (!wantsPayload || payloadTooLong) {
            return null;
        }
        return payload.duplicate().flip();
    }

    /** The complete frame announced a payload above {@link WatchdogFrame#MAX_PAYLOAD_BYTES}: a protocol error. */
    public boolean payloadTooLong() {
        return payloadTooLong;
    }

    /** The length announced by the current frame (meaningful once its length field is complete). */
    public long announcedLength() {
        return announcedLength;
    }

    /** Bytes of the next frame header received so far. */
    public int pendingBytes() {
        return frame.position();
    }

    /** Starts the next frame. */
    public void reset() {
        frame.clear();
        length.clear();
        if (payload != null) {
            payload.clear();
        }
        wantsPayload = false;
        payloadTooLong = false;
        announcedLength = 0;
    }
}
