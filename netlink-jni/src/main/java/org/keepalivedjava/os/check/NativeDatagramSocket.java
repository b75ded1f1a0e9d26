package org.keepalivedjava.os.check;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.loop.FdHandler;
import org.keepalivedjava.os.loop.Registration;

/**
 * What the UDP and ping sockets share: one non-blocking datagram fd registered for EPOLLIN, sends and receives
 * through the loop's shared I/O scratch, errors kept as a {@link SocketFailure} instead of thrown. Loop thread
 * only.
 */
abstract class NativeDatagramSocket implements FdHandler {
    final NativeCheckSockets shared;
    private final DatagramListener listener;
    private final String kind;
    int fd = -1;
    Registration registration;
    SocketFailure failure;

    /** @param kind names the socket in the "is closed" failure, e.g. "UDP socket" */
    NativeDatagramSocket(NativeCheckSockets shared, DatagramListener listener, String kind) {
        this.shared = shared;
        this.listener = listener;
        this.kind = kind;
    }

    final void checkClosedBeforeOpen() {
        if (fd >= 0) {
            throw new IllegalStateException(kind + " still open (fd " + fd + "): close it before opening again");
        }
        failure = null;
    }

    @Override
    public final void onReady(Registration ready, int events, long nowNs) {
        // EPOLLERR is always reported: a queued ICMP error wakes the listener even with no datagram.
        listener.onReadable(nowNs);
    }

    /** sendto(2) of the first {@code length} bytes of the I/O scratch; {@code addr} null on a connected socket. */
    final long sendScratch(int length, boolean toPeer, int addrLength) {
        try {
            return Native.sendto(fd, shared.io, length, org.keepalivedjava.os.libc.Consts.MSG_NOSIGNAL,
                    toPeer ? shared.peerSockaddr : null, toPeer ? addrLength : 0);
        } catch (NativeException e) {
            failure = SocketFailure.of(e);
            return IoResult.FAILED;
        }
    }

    /**
     * Receives one datagram into {@code dst} (as much as fits). With MSG_TRUNC in {@code flags} the result is the
     * datagram's real length even when longer than what was copied.
     */
    final int receiveInto(ByteBuffer dst, int flags) {
        if (fd < 0) {
            return closed();
        }
        long n;
        try {
            n = Native.recvfrom(fd, shared.io, NativeCheckSockets.IO_SCRATCH_BYTES, flags, null, null);
        } catch (NativeException e) {
            failure = SocketFailure.of(e); // e.g. ECONNREFUSED or EHOSTUNREACH from a queued ICMP error
            return IoResult.FAILED;
        }
        if (n == Native.WOULD_BLOCK) {
            return IoResult.WOULD_BLOCK;
        }
        int copied = (int) Math.min(Math.min(n, NativeCheckSockets.IO_SCRATCH_BYTES), dst.remaining());
        shared.copyIn(dst, copied);
        return (int) n;
    }

    final int closed() {
        if (failure == null) {
            failure = SocketFailure.of(kind + " is closed");
        }
        return IoResult.FAILED;
    }

    public final SocketFailure failure() {
        return failure;
    }

    public final void close() {
        if (registration != null) {
            shared.loop.unregister(registration);
            registration = null;
        }
        if (fd >= 0) {
            NativeCheckSockets.closeQuietly(fd);
            fd = -1;
        }
    }

    public final boolean isOpen() {
        return fd >= 0;
    }
}
