package org.keepalivedjava.os.check;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeException;

/** {@link UdpSocket} over a native non-blocking connected datagram socket. Loop thread only. */
final class NativeUdpSocket extends NativeDatagramSocket implements UdpSocket {

    NativeUdpSocket(NativeCheckSockets shared, DatagramListener listener) {
        super(shared, listener, "UDP socket");
    }

    @Override
    public boolean open(InetSocketAddress remote, BindOptions bind) {
        checkClosedBeforeOpen();
        try {
            fd = shared.openSocket(remote.getAddress(), Consts.SOCK_DGRAM, 0, bind, false);
            int length = shared.encodePeer(remote.getAddress(), remote.getPort(), bind);
            Native.connect(fd, shared.peerSockaddr, length); // a datagram connect completes at once
            registration = shared.loop.register(fd, EPOLLIN, this);
            return true;
        } catch (NativeException e) {
            close();
            failure = SocketFailure.of(e);
            return false;
        }
    }

    @Override
    public int send(ByteBuffer payload) {
        if (fd < 0) {
            return closed();
        }
        int n = shared.copyOut(payload);
        long sent = sendScratch(n, false, 0);
        if (sent == IoResult.FAILED) {
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
        // MSG_TRUNC: the result is the datagram's real length even when longer than the buffer.
        return receiveInto(dst, Consts.MSG_TRUNC);
    }

    int fd() {
        return fd;
    }
}
