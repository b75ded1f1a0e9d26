package org.keepalivedjava.watchdog;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
import static org.keepalivedjava.os.libc.Consts.EPOLLOUT;
import static org.keepalivedjava.os.libc.Consts.EPOLLRDHUP;
import static org.keepalivedjava.os.libc.Consts.MSG_NOSIGNAL;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jnr.unixsocket.UnixSocketChannel;

import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Registration;

/**
 * One connected watchdog stream on an {@link EventLoop}: reads frames (split reads reassembled by a
 * {@link FrameReader}) and writes whole frames. The jnr-unixsocket channel only owns the fd; reads and writes go
 * straight through {@link Native} on preallocated native buffers, so steady state allocates nothing.
 *
 * <p>A payload-bearing frame (a status snapshot, kilobytes) may not fit the socket buffer at once: what is not
 * written goes to an output queue flushed on EPOLLOUT, and every later frame queues behind it so the stream stays
 * in order. The queue is bounded ({@link #MAX_QUEUED_BYTES}); a peer that lets it fill is not reading and the
 * connection is closed. Hellos and acks with an empty queue take the direct, allocation-free path.
 * Loop thread only.
 */
final class FrameConnection {
    /** Told on the loop thread what arrived. */
    interface Handler {
        /** @param payload the payload of a payload-bearing frame (valid during the call only), else null */
        void onFrame(byte type, long sequence, ByteBuffer payload, long nowNs);

        /** A malformed frame arrived; the connection is still open (the handler usually closes it). */
        void onBadFrame(String description, long nowNs);

        /** The peer closed the stream (EOF) or it failed; the connection is already closed. */
        void onClosed(String reason, long nowNs);
    }

    private static final int READ_BUFFER_BYTES = 8 * WatchdogFrame.LENGTH_BYTES;
    private static final int WRITE_CHUNK_BYTES = 64 * 1024;
    static final int MAX_QUEUED_BYTES = 2 * WatchdogFrame.MAX_PAYLOAD_BYTES;

    private final EventLoop loop;
    private final UnixSocketChannel channel;
    private final int fd;
    private final Handler handler;
    private final Registration registration;
    private final NativeBuffer readBuffer = NativeBuffer.allocate(READ_BUFFER_BYTES);
    private final ByteBuffer readView;
    private final NativeBuffer writeBuffer = NativeBuffer.allocate(WatchdogFrame.LENGTH_BYTES);
    private final ByteBuffer writeView;
    private final FrameReader reader = new FrameReader();
    private NativeBuffer chunkBuffer;
    /** Bytes accepted but not yet written, in write mode (position = end of data); null when empty. */
    private ByteBuffer queued;
    private boolean open = true;

    FrameConnection(EventLoop loop, UnixSocketChannel channel, Handler handler) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.fd = channel.getFD();
        this.handler = handler;
        this.readView = readBuffer.buffer().duplicate().order(ByteOrder.BIG_ENDIAN);
        this.writeView = writeBuffer.buffer().duplicate().order(ByteOrder.BIG_ENDIAN);
        channel.configureBlocking(false);
        this.registration = loop.register(fd, EPOLLIN | EPOLLRDHUP, this::onReady);
    }

    boolean isOpen() {
        return open;
    }

    int fd() {
        return fd;
    }

    /**
     * Writes one frame. A frame is 16 bytes and the socket buffer holds hundreds, so a full buffer means the
     * peer has stopped reading: the frame is dropped (the hello/ack logic counts what never arrives). A failed
     * or partial write closes the connection (a partial frame would desynchronise the stream).
     *
     * @return true when the whole frame was written
     */
    boolean send(byte type, long sequence) {
        if (!open) {
            return false;
        }
        if (queued != null) {
            ByteBuffer frame = ByteBuffer.allocate(WatchdogFrame.LENGTH_BYTES);
            WatchdogFrame.encode(frame, 0, type, sequence);
            return enqueue(frame);
        }
        WatchdogFrame.encode(writeView, 0, type, sequence);
        long written;
        try {
            written = Native.sendto(fd, writeBuffer, WatchdogFrame.LENGTH_BYTES, MSG_NOSIGNAL, null, 0);
        } catch (NativeException e) {
            close();
            return false;
        }
        if (written == WatchdogFrame.LENGTH_BYTES) {
            return true;
        }
        if (written != Native.WOULD_BLOCK) {
            close();
        }
        return false;
    }

    /**
     * Writes a payload-bearing frame: header, length, payload. What the socket does not take now is queued and
     * flushed on EPOLLOUT.
     *
     * @return false when the connection is closed, the payload too long, or the queue over its bound (closed)
     */
    boolean sendWithPayload(byte type, long sequence, byte[] payload) {
        if (!open || payload.length > WatchdogFrame.MAX_PAYLOAD_BYTES) {
            return false;
        }
        ByteBuffer message = ByteBuffer.allocate(WatchdogFrame.LENGTH_BYTES + WatchdogFrame.PAYLOAD_LENGTH_BYTES
                + payload.length);
        WatchdogFrame.encode(message, 0, type, sequence);
        message.putInt(WatchdogFrame.LENGTH_BYTES, payload.length);
        message.put(WatchdogFrame.LENGTH_BYTES + WatchdogFrame.PAYLOAD_LENGTH_BYTES, payload);
        return enqueue(message);
    }

    /** Appends a whole message (position 0 to capacity) to the queue and tries to write. */
    private boolean enqueue(ByteBuffer message) {
        int needed = message.capacity() + (queued == null ? 0 : queued.position());
        if (needed > MAX_QUEUED_BYTES) {
            close();
            return false;
        }
        if (queued == null) {
            queued = ByteBuffer.allocate(Math.max(needed, WRITE_CHUNK_BYTES));
        } else if (queued.remaining() < message.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed, 2 * queued.capacity()));
            queued.flip();
            bigger.put(queued);
            queued = bigger;
        }
        queued.put(message.clear());
        flush();
        return open;
    }

    /** Writes what the socket takes; waits for EPOLLOUT for the rest. */
    private void flush() {
        if (chunkBuffer == null) {
            chunkBuffer = NativeBuffer.allocate(WRITE_CHUNK_BYTES);
        }
        queued.flip();
        try {
            while (queued.hasRemaining()) {
                int n = Math.min(queued.remaining(), WRITE_CHUNK_BYTES);
                ByteBuffer chunk = chunkBuffer.buffer().duplicate();
                chunk.clear();
                ByteBuffer slice = queued.slice();
                slice.limit(n);
                chunk.put(slice);
                long written;
                try {
                    written = Native.sendto(fd, chunkBuffer, n, MSG_NOSIGNAL, null, 0);
                } catch (NativeException e) {
                    close();
                    return;
                }
                if (written == Native.WOULD_BLOCK) {
                    break;
                }
                queued.position(queued.position() + (int) written);
            }
        } finally {
            if (open) {
                queued.compact();
            }
        }
        if (queued.position() == 0) {
            queued = null;
            loop.modify(registration, EPOLLIN | EPOLLRDHUP);
        } else {
            loop.modify(registration, EPOLLIN | EPOLLRDHUP | EPOLLOUT);
        }
    }

    private void onReady(Registration ignored, int readyEvents, long nowNs) {
        if ((readyEvents & EPOLLOUT) != 0 && queued != null && open) {
            flush();
        }
        while (open) {
            long n;
            try {
                n = Native.read(fd, readBuffer, READ_BUFFER_BYTES);
            } catch (NativeException e) {
                close();
                handler.onClosed(e.getMessage(), nowNs);
                return;
            }
            if (n == Native.WOULD_BLOCK) {
                return;
            }
            if (n == 0) {
                close();
                handler.onClosed("end of stream", nowNs);
                return;
            }
            readView.limit((int) n).position(0);
            while (open && readView.hasRemaining()) {
                if (reader.feed(readView)) {
                    dispatch(reader, nowNs);
                    reader.reset();
                }
            }
        }
    }

    private void dispatch(FrameReader complete, long nowNs) {
        ByteBuffer frame = complete.frame();
        WatchdogFrame.Status status = WatchdogFrame.check(frame, 0);
        if (status != WatchdogFrame.Status.OK) {
            handler.onBadFrame(WatchdogFrame.describe(status, frame, 0), nowNs);
            return;
        }
        if (complete.payloadTooLong()) {
            handler.onBadFrame("payload of " + complete.announcedLength() + " bytes is over the limit of "
                    + WatchdogFrame.MAX_PAYLOAD_BYTES, nowNs);
            return;
        }
        handler.onFrame(WatchdogFrame.type(frame, 0), WatchdogFrame.sequence(frame, 0), complete.payload(), nowNs);
    }

    /** Unregisters and closes the fd; no callback. Harmless twice. */
    void close() {
        if (!open) {
            return;
        }
        open = false;
        queued = null;
        loop.unregister(registration);
        try {
            channel.close();
        } catch (IOException e) {
            // The fd is released by close(2) even when it reports an error.
        }
    }
}
