package org.keepalivedjava.os.check;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.loop.FdHandler;
import org.keepalivedjava.os.loop.Registration;

/** {@link PingSocket} over a native ICMP / ICMPv6 datagram ("ping") socket. Loop thread only. */
final class NativePingSocket implements PingSocket, FdHandler {
    private final NativeCheckSockets shared;
    private final DatagramListener listener;
    private int fd = -1;
    private Registration registration;
    private SocketFailure failure;
    private InetAddress target;
    private BindOptions bind;
    private boolean ipv6;
    private int identifier;

    NativePingSocket(NativeCheckSockets shared, DatagramListener listener) {
        this.shared = shared;
        this.listener = listener;
    }

    @Override
    public boolean open(InetAddress target, BindOptions bind) {
        if (fd >= 0) {
            throw new IllegalStateException("ping socket still open (fd " + fd + "): close it before opening again");
        }
        failure = null;
        this.target = target;
        this.bind = bind;
        this.ipv6 = target instanceof Inet6Address;
        try {
            // Bound at once (to the wildcard when no bindto) so the kernel assigns the echo id now.
            fd = shared.openSocket(target, Consts.SOCK_DGRAM,
                    ipv6 ? NativeCheckSockets.IPPROTO_ICMPV6 : NativeCheckSockets.IPPROTO_ICMP, bind, true);
            Native.getsockname(fd, shared.sockaddr, shared.scratch8);
            // The echo id is the ping socket's "port", in the sockaddr's port field (network order).
            identifier = shared.sockaddr.buffer().order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xffff;
            shared.sockaddr.buffer().order(ByteOrder.nativeOrder());
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
    public int sendEcho(int sequence, ByteBuffer payload) {
        if (fd < 0) {
            return closed();
        }
        ByteBuffer out = shared.io.buffer();
        out.clear();
        int length = IcmpEchoCodec.encodeRequest(out, ipv6, identifier, sequence, payload);
        out.clear();
        int addrLength = shared.encodePeer(target, 0, bind);
        long sent;
        try {
            sent = Native.sendto(fd, shared.io, length, Consts.MSG_NOSIGNAL, shared.peerSockaddr, addrLength);
        } catch (NativeException e) {
            failure = SocketFailure.of(e);
            return IoResult.FAILED;
        }
        return sent == Native.WOULD_BLOCK ? IoResult.WOULD_BLOCK : (int) sent;
    }

    @Override
    public int receive(ByteBuffer dst) {
        if (fd < 0) {
            return closed();
        }
        long n;
        try {
            n = Native.recvfrom(fd, shared.io, NativeCheckSockets.IO_SCRATCH_BYTES, 0, null, null);
        } catch (NativeException e) {
            failure = SocketFailure.of(e); // e.g. EHOSTUNREACH after an ICMP destination unreachable
            return IoResult.FAILED;
        }
        if (n == Native.WOULD_BLOCK) {
            return IoResult.WOULD_BLOCK;
        }
        int copied = (int) Math.min(n, dst.remaining());
        shared.copyIn(dst, copied);
        return (int) n;
    }

    private int closed() {
        if (failure == null) {
            failure = SocketFailure.of("ping socket is closed");
        }
        return IoResult.FAILED;
    }

    @Override
    public int identifier() {
        return identifier;
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
}
