package org.keepalivedjava.os.check;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.loop.FdHandler;
import org.keepalivedjava.os.loop.Registration;

/** {@link UdpSocket} over a native non-blocking connected datagram socket. Loop thread only. */
final class NativeUdpSocket implements UdpSocket, FdHandler {
    private final NativeCheckSockets shared;
    private final DatagramListener listener;
    private int fd = -1;
    private Registration registration;
    private SocketFailure failure;

    NativeUdpSocket(NativeCheckSockets shared, DatagramListener listener) {
        this.shared = shared;
        this.listener = listener;
    }

    @Override
    public boolean open(InetSocketAddress remote, BindOptions bind) {
        if (fd >= 0) {
            throw new IllegalStateException("UDP socket still open (fd " + fd + "): close it before opening again");
        }
        failure = null;
        try {
            fd = shared.openSocket(remote.getAddress(), Consts.SOCK_DGRAM, 0, bind, false);
            int length = shared.encodePeer(remote.getAddress(), remote.getPort(), bind);
            Native.connect(fd, shared.peerSockaddr, length); // a datagram connect completes at once
            // EPOLLERR is always reported: a queued ICMP error wakes the listener even with no datagram.
            registration = shared.loop.register(fd, EPOLLIN, this);
            return true;
        } catch (NativeException e) {
            close();
            failure = SocketFailure.of(e);
            return false;
        }
    }

    @Override
    public void onReady(Registration ready, int events, long nowNs) {
        listener.onReadable(nowNs);
    }

    @Override
    public int send(ByteBuffer payload) {
        if (fd < 0) {
            return closed();
        }
        int n = shared.copyOut(payload);
        long sent;
        try {
            sent = Native.sendto(fd, shared.io, n, Consts.MSG_NOSIGNAL, null, 0);
        } catch (NativeException e) {
            failure = SocketFailure.of(e);
            return IoResult.FAILED;
        }
        if (sent == Native.WOULD_BLOCK) {
            return IoResult.WOULD_BLOCK;
        }
        payload.position(payload.position() + (int) sent);
        return (int) sent;
    }

    @Override
    public int receive(ByteBuffer dst) {
        if (fd < 0) {
            return closed();
        }
        long n;
        try {
            // MSG_TRUNC: the result is the datagram's real length even when longer than the buffer.
            n = Native.recvfrom(fd, shared.io, NativeCheckSockets.IO_SCRATCH_BYTES, Consts.MSG_TRUNC, null, null);
        } catch (NativeException e) {
            failure = SocketFailure.of(e);
            return IoResult.FAILED;
        }
        if (n == Native.WOULD_BLOCK) {
            return IoResult.WOULD_BLOCK;
        }
        int copied = (int) Math.min(Math.min(n, NativeCheckSockets.IO_SCRATCH_BYTES), dst.remaining());
        shared.copyIn(dst, copied);
        return (int) n;
    }

    private int closed() {
        if (failure == null) {
            failure = SocketFailure.of("UDP socket is closed");
        }
        return IoResult.FAILED;
    }

    @Override
    public SocketFailure failure() {
        return failure;
    }

    @Override
    public void close() {
        if (registration != null) {
            shared.loop.unregister(registration);
            registration = null;
        }
        if (fd >= 0) {
            NativeCheckSockets.closeQuietly(fd);
            fd = -1;
        }
    }

    @Override
    public boolean isOpen() {
        return fd >= 0;
    }

    int fd() {
        return fd;
    }
}
