package org.keepalivedjava.os.check;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeException;

/** {@link PingSocket} over a native ICMP / ICMPv6 datagram ("ping") socket. Loop thread only. */
final class NativePingSocket extends NativeDatagramSocket implements PingSocket {
    private InetAddress target;
    private BindOptions bind;
    private boolean ipv6;
    private int identifier;

    NativePingSocket(NativeCheckSockets shared, DatagramListener listener) {
        super(shared, listener, "ping socket");
    }

    @Override
    public boolean open(InetAddress target, BindOptions bind) {
        checkClosedBeforeOpen();
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
    public int sendEcho(int sequence, ByteBuffer payload) {
        if (fd < 0) {
            return closed();
        }
        ByteBuffer out = shared.io.buffer();
        out.clear();
        int length = IcmpEchoCodec.encodeRequest(out, ipv6, identifier, sequence, payload);
        out.clear();
        int addrLength = shared.encodePeer(target, 0, bind);
        long sent = sendScratch(length, true, addrLength);
        return sent == Native.WOULD_BLOCK ? IoResult.WOULD_BLOCK : (int) sent;
    }

    @Override
    public int receive(ByteBuffer dst) {
        return receiveInto(dst, 0);
    }

    @Override
    public int identifier() {
        return identifier;
    }

}
