package org.keepalivedjava.watchdog;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
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
 * Loop thread only.
 */
final class FrameConnection {
    /** Told on the loop thread what arrived. */
    interface Handler {
        void onFrame(byte type, long sequence, long nowNs);

        /** A malformed frame arrived; the connection is still open (the handler usually closes it). */
        void onBadFrame(String description, long nowNs);

        /** The peer closed the stream (EOF) or it failed; the connection is already closed. */
        void onClosed(String reason, long nowNs);
    }

    private static final int READ_BUFFER_BYTES = 8 * WatchdogFrame.LENGTH_BYTES;

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

    private void onReady(Registration ignored, int readyEvents, long nowNs) {
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
                    dispatch(reader.frame(), nowNs);
                    reader.reset();
                }
            }
        }
    }

    private void dispatch(ByteBuffer frame, long nowNs) {
        WatchdogFrame.Status status = WatchdogFrame.check(frame, 0);
        if (status != WatchdogFrame.Status.OK) {
            handler.onBadFrame(WatchdogFrame.describe(status, frame, 0), nowNs);
            return;
        }
        handler.onFrame(WatchdogFrame.type(frame, 0), WatchdogFrame.sequence(frame, 0), nowNs);
    }

    /** Unregisters and closes the fd; no callback. Harmless twice. */
    void close() {
        if (!open) {
            return;
        }
        open = false;
        loop.unregister(registration);
        try {
            channel.close();
        } catch (IOException e) {
            // The fd is released by close(2) even when it reports an error.
        }
    }
}
