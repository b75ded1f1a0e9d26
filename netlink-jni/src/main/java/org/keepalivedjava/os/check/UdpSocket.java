package org.keepalivedjava.os.check;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A reusable non-blocking CONNECTED UDP socket for one checker (UDP_CHECK, DNS_CHECK). Being connected matters:
 * the kernel then reports an ICMP port unreachable from the target as ECONNREFUSED on the next receive or send,
 * which is how UDP_CHECK learns that nothing listens. Loop thread only.
 */
public interface UdpSocket {

    /**
     * Creates, binds (options) and connects the socket and registers it with the loop.
     * @return false on failure (see {@link #failure()}); the socket is then closed
     * @throws IllegalStateException if still open from a previous check
     */
    boolean open(InetSocketAddress remote, BindOptions bind);

    /**
     * Sends {@code payload} (position to limit) as one datagram; the position advances on success.
     * @return bytes sent, {@link IoResult#WOULD_BLOCK} or {@link IoResult#FAILED} (e.g. ECONNREFUSED from an
     *         earlier ICMP error)
     */
    int send(ByteBuffer payload);

    /**
     * Receives one datagram into {@code dst} (position onwards; the position advances by what was copied).
     * @return the datagram's REAL length, which exceeds what was copied when {@code dst} was too small (as
     *         MSG_TRUNC; UDP_CHECK's max reply length needs it), {@link IoResult#WOULD_BLOCK} or
     *         {@link IoResult#FAILED} (ECONNREFUSED: port unreachable)
     */
    int receive(ByteBuffer dst);

    SocketFailure failure();

    void close();

    boolean isOpen();
}
