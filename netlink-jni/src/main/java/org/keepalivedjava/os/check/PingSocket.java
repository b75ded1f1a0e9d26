package org.keepalivedjava.os.check;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * ICMP / ICMPv6 echo for PING_CHECK over a Linux "ping socket" (socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), or
 * AF_INET6 + IPPROTO_ICMPV6). No raw socket, so no CAP_NET_RAW, but the process's group must be inside
 * {@code net.ipv4.ping_group_range} (it governs IPv6 too; socket() fails with EACCES otherwise). No capability
 * overrides the range: the kernel default "1 0" allows no group at all, root included; systemd's sysctl
 * defaults widen it to "0 2147483647" (all groups). A daemon running as root needs gid 0 in the range; a
 * non-root one needs its gid there: {@code sysctl -w net.ipv4.ping_group_range="0 2147483647"} or a narrower
 * range holding that gid.
 *
 * <p>The kernel owns the echo identifier (it is the socket's "port": it rewrites the id field on send and
 * delivers only replies carrying it) and computes the checksums. Messages here are ICMP messages WITHOUT the IP
 * header, in and out. Reusable per checker; loop thread only.
 */
public interface PingSocket {

    /**
     * Opens a ping socket of {@code target}'s family (bind options applied) aimed at {@code target}.
     * @return false on failure (see {@link #failure()}), e.g. EACCES when the group is outside ping_group_range
     */
    boolean open(InetAddress target, BindOptions bind);

    /**
     * Sends one echo request with {@code sequence} and {@code payload} (position to limit, not consumed).
     * @return bytes sent (ICMP header included), {@link IoResult#WOULD_BLOCK} or {@link IoResult#FAILED}
     */
    int sendEcho(int sequence, ByteBuffer payload);

    /**
     * Receives one ICMP message (an echo reply addressed to this socket) into {@code dst}; decode it with
     * {@link IcmpEchoCodec#decode}. The position advances by what was copied.
     * @return the message length, {@link IoResult#WOULD_BLOCK} or {@link IoResult#FAILED}
     */
    int receive(ByteBuffer dst);

    /** The echo identifier the kernel gave this socket (valid after open). */
    int identifier();

    SocketFailure failure();

    void close();

    boolean isOpen();
}
