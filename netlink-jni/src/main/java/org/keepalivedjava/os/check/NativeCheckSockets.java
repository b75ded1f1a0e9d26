package org.keepalivedjava.os.check;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.inet.Sockaddr;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.loop.EventLoop;

/**
 * The real {@link CheckSockets}: native non-blocking sockets registered with one {@link EventLoop}.
 *
 * <p>All sockets of a loop share this object's native scratch memory (an I/O buffer, sockaddr and option
 * scratch): the loop runs one handler at a time, so sharing is safe and 10,000 checkers cost one 64 KiB buffer
 * instead of 10,000. Data is copied between the scratch and the caller's ByteBuffers (no allocation). Loop thread
 * only, like the loop; sockets made on a thread inside a network namespace live in that namespace.
 */
public final class NativeCheckSockets implements CheckSockets {
    /** Largest read, write or datagram handled in one call (a UDP datagram cannot be larger). */
    public static final int IO_SCRATCH_BYTES = 65536;

    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_ICMPV6 = 58;
    private static final int IFNAMSIZ = 16;

    final EventLoop loop;
    /** Reads land here and writes leave from here before/after being copied to/from the caller's buffer. */
    final NativeBuffer io = NativeBuffer.allocate(IO_SCRATCH_BYTES);
    final NativeBuffer sockaddr = NativeBuffer.allocate(Sockaddr.MAX_BYTES);
    final NativeBuffer peerSockaddr = NativeBuffer.allocate(Sockaddr.MAX_BYTES);
    final NativeBuffer scratch8 = NativeBuffer.allocate(8);
    private final NativeBuffer ifName = NativeBuffer.allocate(IFNAMSIZ);

    public NativeCheckSockets(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public TcpSocket newTcp(StreamListener listener) {
        return new NativeTcpSocket(this, listener);
    }

    @Override
    public UdpSocket newUdp(DatagramListener listener) {
        return new NativeUdpSocket(this, listener);
    }

    @Override
    public PingSocket newPing(DatagramListener listener) {
        return new NativePingSocket(this, listener);
    }

    /**
     * socket(2) of {@code remote}'s family, non-blocking, with the bind options applied in the order the kernel
     * needs (device and mark before bind, so routing lookups done by bind already see them).
     * @param alwaysBind bind even without a source address or port (ping sockets get their echo id that way)
     * @throws NativeException naming the call that failed; the fd is then already closed
     */
    int openSocket(InetAddress remote, int type, int protocol, BindOptions bind, boolean alwaysBind) {
        int family = family(remote);
        int fd = Native.socket(family, type | Consts.SOCK_NONBLOCK, protocol, "checker socket");
        try {
            if (bind.interfaceName() != null) {
                byte[] name = bind.interfaceName().getBytes(StandardCharsets.US_ASCII);
                ByteBuffer b = ifName.buffer();
                for (int i = 0; i < IFNAMSIZ; i++) {
                    b.put(i, i < name.length ? name[i] : 0);
                }
                Native.setsockopt(fd, Consts.SOL_SOCKET, Consts.SO_BINDTODEVICE, ifName, name.length + 1,
                        "SO_BINDTODEVICE " + bind.interfaceName());
            }
            if (bind.fwmark() != 0) {
                Native.setsockopt(fd, Consts.SOL_SOCKET, Consts.SO_MARK, bind.fwmark(), scratch8, "SO_MARK");
            }
            if (bind.needsBind() || alwaysBind) {
                InetAddress source = bind.sourceAddress();
                if (source == null) {
                    source = wildcard(remote);
                } else if (family(source) != family) {
                    throw new NativeException("bind(" + source.getHostAddress() + ")", Errno.EAFNOSUPPORT,
                            "bindto address is not of the target's family " + remote.getHostAddress());
                }
                int length = encode(sockaddr, source, bind.sourcePort(), bind);
                Native.bind(fd, sockaddr, length);
            }
            return fd;
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** Encodes {@code remote}:{@code port} into {@link #peerSockaddr}; returns its length. */
    int encodePeer(InetAddress remote, int port, BindOptions bind) {
        return encode(peerSockaddr, remote, port, bind);
    }

    private static int family(InetAddress address) {
        return address instanceof Inet6Address ? Consts.AF_INET6 : Consts.AF_INET;
    }

    /** sockaddr_in/in6 of {@code address}:{@code port}; a scope-less IPv6 address gets the bind_if's index. */
    private static int encode(NativeBuffer into, InetAddress address, int port, BindOptions bind) {
        int scope = address instanceof Inet6Address v6 && v6.getScopeId() != 0 ? v6.getScopeId() : scopeId(bind);
        return Sockaddr.putInet(into.buffer(), 0, IpAddress.of(address), port, scope);
    }

    /** The IPv6 scope of a link-local address without one: the bind_if's index. */
    private static int scopeId(BindOptions bind) {
        return bind.interfaceName() == null ? 0 : Native.interfaceIndex(bind.interfaceName());
    }

    private static InetAddress wildcard(InetAddress like) {
        try {
            return InetAddress.getByAddress(new byte[like instanceof Inet4Address ? 4 : 16]);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Copies {@code n} bytes from the I/O scratch into {@code dst} at its position, advancing it. */
    void copyIn(ByteBuffer dst, int n) {
        int position = dst.position();
        dst.put(position, io.buffer(), 0, n);
        dst.position(position + n);
    }

    /** Copies up to the scratch size from {@code src}'s position (not advanced) into the I/O scratch. */
    int copyOut(ByteBuffer src) {
        int n = Math.min(src.remaining(), IO_SCRATCH_BYTES);
        io.buffer().put(0, src, src.position(), n);
        return n;
    }

    static void closeQuietly(int fd) {
        try {
            Native.close(fd);
        } catch (NativeException ignored) {
            // close(2) releases the fd even when it reports an error; nothing more to do
        }
    }
}
