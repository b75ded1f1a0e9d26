package org.keepalivedjava.os.check;

import static org.keepalivedjava.os.libc.Consts.EPOLLERR;
import static org.keepalivedjava.os.libc.Consts.EPOLLHUP;
import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
import static org.keepalivedjava.os.libc.Consts.EPOLLOUT;
import static org.keepalivedjava.os.libc.Consts.EPOLLRDHUP;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.keepalivedjava.os.inet.Sockaddr;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.loop.FdHandler;
import org.keepalivedjava.os.loop.Registration;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.loop.TimerHandler;

/**
 * {@link TcpSocket} over a native non-blocking socket: connect -> EINPROGRESS -> EPOLLOUT -> SO_ERROR, then
 * level-triggered EPOLLIN (and EPOLLOUT while {@code wantWritable}). Loop thread only.
 */
final class NativeTcpSocket implements TcpSocket, FdHandler, TimerHandler {
    private enum State { CLOSED, CONNECTING, CONNECTED }

    private static final int READABLE = EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP;

    private final NativeCheckSockets shared;
    private final StreamListener listener;
    /** Delivers a failure known at connect() time on a later iteration, so callers have one code path. */
    private final Timer deferredFailure;

    private State state = State.CLOSED;
    private int fd = -1;
    private Registration registration;
    private boolean wantWritable;
    private SocketFailure failure;
    /** Bumped by every connect and close: a callback that closed or reconnected the socket stops the dispatch. */
    private int epoch;

    NativeTcpSocket(NativeCheckSockets shared, StreamListener listener) {
        this.shared = shared;
        this.listener = listener;
        this.deferredFailure = shared.loop.newTimer(this);
    }

    @Override
    public void connect(InetSocketAddress remote, BindOptions bind) {
        if (state != State.CLOSED) {
            throw new IllegalStateException("TCP socket still open (fd " + fd + "): close it before connecting again");
        }
        deferredFailure.cancel();
        epoch++;
        failure = null;
        wantWritable = false;
        try {
            fd = shared.openSocket(remote.getAddress(), Consts.SOCK_STREAM, 0, bind, false);
            int length = shared.encodePeer(remote.getAddress(), remote.getPort(), bind);
            // Connected at once (possible in theory) needs no special case: the socket is then writable, so
            // EPOLLOUT fires at once and SO_ERROR reads 0.
            Native.connect(fd, shared.peerSockaddr, length);
            registration = shared.loop.register(fd, EPOLLOUT, this);
            state = State.CONNECTING;
        } catch (NativeException e) {
            releaseFd();
            failure = SocketFailure.of(e);
            deferredFailure.scheduleAt(shared.loop.nowNs());
        }
    }

    @Override
    public void onTimer(Timer timer, long nowNs) {
        listener.onConnectFailed(this, failure, nowNs);
    }

    @Override
    public void onReady(Registration ready, int events, long nowNs) {
        if (state == State.CONNECTING) {
            onConnectReady(events, nowNs);
            return;
        }
        int myEpoch = epoch;
        if ((events & READABLE) != 0) {
            listener.onReadable(this, nowNs);
        }
        if ((events & EPOLLOUT) != 0 && epoch == myEpoch && state == State.CONNECTED && wantWritable) {
            listener.onWritable(this, nowNs);
        }
    }

    private void onConnectReady(int events, long nowNs) {
        int error = Native.socketError(fd, shared.scratch8);
        if (error == 0 && (events & EPOLLOUT) == 0) {
            return; // not yet: a hang-up without an error cannot happen before connect completes, wait on
        }
        if (error != 0) {
            releaseFd();
            failure = SocketFailure.ofErrno("connect", error, Native.strerror(error));
            listener.onConnectFailed(this, failure, nowNs);
            return;
        }
        state = State.CONNECTED;
        shared.loop.modify(registration, interest());
        listener.onConnected(this, nowNs);
    }

    private int interest() {
        return wantWritable ? EPOLLIN | EPOLLRDHUP | EPOLLOUT : EPOLLIN | EPOLLRDHUP;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (state != State.CONNECTED) {
            return notConnected();
        }
        int room = Math.min(dst.remaining(), NativeCheckSockets.IO_SCRATCH_BYTES);
        if (room == 0) {
            return 0;
        }
        long n;
        try {
            n = Native.read(fd, shared.io, room);
        } catch (NativeException e) {
            failure = SocketFailure.of(e);
            return IoResult.FAILED;
        }
        if (n == Native.WOULD_BLOCK) {
            return IoResult.WOULD_BLOCK;
        }
        if (n == 0) {
            return IoResult.EOF;
        }
        shared.copyIn(dst, (int) n);
        return (int) n;
    }

    @Override
    public int write(ByteBuffer src) {
        if (state != State.CONNECTED) {
            return notConnected();
        }
        int n = shared.copyOut(src);
        long sent;
        try {
            // MSG_NOSIGNAL: a peer that reset the connection must give EPIPE here, not SIGPIPE to the process.
            sent = Native.sendto(fd, shared.io, n, Consts.MSG_NOSIGNAL, null, 0);
        } catch (NativeException e) {
            failure = SocketFailure.of(e);
            return IoResult.FAILED;
        }
        if (sent == Native.WOULD_BLOCK) {
            return IoResult.WOULD_BLOCK;
        }
        src.position(src.position() + (int) sent);
        return (int) sent;
    }

    private int notConnected() {
        if (failure == null) {
            failure = SocketFailure.of("TCP socket is not connected");
        }
        return IoResult.FAILED;
    }

    @Override
    public void wantWritable(boolean wanted) {
        if (wantWritable == wanted) {
            return;
        }
        wantWritable = wanted;
        if (state == State.CONNECTED) {
            shared.loop.modify(registration, interest());
        }
    }

    @Override
    public SocketFailure failure() {
        return failure;
    }

    @Override
    public void close() {
        deferredFailure.cancel();
        if (state != State.CLOSED || fd >= 0) {
            epoch++;
            releaseFd();
        }
    }

    @Override
    public boolean isOpen() {
        return state != State.CLOSED;
    }

    /** The local address the kernel chose or was told (for tests and logs); null when closed. */
    InetSocketAddress localAddress() {
        if (fd < 0) {
            return null;
        }
        Native.getsockname(fd, shared.sockaddr, shared.scratch8);
        ByteBuffer b = shared.sockaddr.buffer();
        byte[] raw = new byte[16];
        int n = Sockaddr.inetAddress(b, 0, raw);
        if (n == 0) {
            return null;
        }
        try {
            InetAddress a = n == 4 ? InetAddress.getByAddress(Arrays.copyOf(raw, 4))
                    : Inet6Address.getByAddress(null, raw, Sockaddr.in6ScopeId(b, 0));
            return new InetSocketAddress(a, Sockaddr.port(b, 0));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible); // only for a bad length
        }
    }

    /** The fd while open, -1 otherwise (for tests that check socket options). */
    int fd() {
        return fd;
    }

    private void releaseFd() {
        if (registration != null) {
            shared.loop.unregister(registration);
            registration = null;
        }
        if (fd >= 0) {
            NativeCheckSockets.closeQuietly(fd);
            fd = -1;
        }
        state = State.CLOSED;
    }

    @Override
    public String toString() {
        return "TCP checker socket fd " + fd + " " + state;
    }
}
