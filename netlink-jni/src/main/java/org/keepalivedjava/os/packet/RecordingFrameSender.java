package org.keepalivedjava.os.packet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.os.inet.NetOrder;

/** An in-memory {@link FrameSender} for unit tests: records a copy of every frame. Allocates; not for production. */
public final class RecordingFrameSender implements FrameSender {
    private final int ifindex;
    private final byte[] mac;
    private final List<byte[]> frames = new ArrayList<>();
    private boolean full;
    private boolean closed;

    public RecordingFrameSender(int ifindex, byte[] mac) {
        this.ifindex = ifindex;
        this.mac = mac.clone();
    }

    /** The frames sent so far, oldest first (a live list: tests may clear it). */
    public List<byte[]> frames() {
        return frames;
    }

    /** Makes {@link #sendFrame} report a full socket buffer until called again with false. */
    public void socketBufferFull(boolean isFull) {
        this.full = isFull;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public byte[] hardwareAddress() {
        return mac.clone();
    }

    @Override
    public boolean sendFrame(ByteBuffer frame, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("sender closed");
        }
        if (full) {
            return false;
        }
        byte[] copy = new byte[length];
        NetOrder.getBytes(frame, offset, copy, 0, length);
        frames.add(copy);
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }
}
