package org.keepalivedjava.os.raw;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.inet.IpAddress;

/**
 * A raw IP socket for one protocol on one interface: what the VRRP child sends adverts on and receives them from.
 * {@link VrrpSocket} is the kernel implementation; tests of the VRRP code use an in-memory fake.
 *
 * <p>Non-blocking: register {@link #fd()} with the {@link org.keepalivedjava.os.loop.EventLoop} for EPOLLIN and, in
 * the handler, call {@link #receive} until it returns false. Loop thread only. Neither call allocates.
 */
public interface RawIpSocket extends AutoCloseable {
    /** The TTL / hop limit VRRP sends and requires on receive (RFC 5798 §5.1.1.3, §5.1.2.3). */
    int VRRP_TTL = 255;

    /** The file descriptor, for the event loop. */
    int fd();

    /** {@link org.keepalivedjava.os.libc.Consts#AF_INET} or {@link org.keepalivedjava.os.libc.Consts#AF_INET6}. */
    int family();

    /** The interface the socket is bound to. */
    int ifindex();

    /**
     * Sends one packet whose protocol payload is {@code length} bytes of {@code payload} from {@code offset}
     * (copied; the buffer may be heap or direct, its position is ignored).
     *
     * @param source      IPv4: the header's source (also what the VRRPv3 checksum was computed with); IPv6: the
     *                    source to use, or null to let the kernel pick the interface's link-local address
     * @param destination the multicast group or a unicast peer
     * @param ttl         TTL / hop limit, normally {@link #VRRP_TTL}
     * @param ipv4Id      IPv4 identification (keepalived: 1, 2, 3... per instance); ignored for IPv6
     * @return false when the socket buffer is full (EAGAIN): the packet was not sent
     * @throws org.keepalivedjava.os.libc.NativeException when the kernel refuses it (interface down, no route...)
     */
    boolean send(ByteBuffer payload, int offset, int length, IpAddress source, IpAddress destination, int ttl,
            int ipv4Id);

    /**
     * Reads the next pending packet into {@code packet}.
     * @return false when nothing is pending
     */
    boolean receive(ReceivedPacket packet);

    /** Closes the socket (leaving its multicast group). Idempotent. */
    @Override
    void close();
}
