package org.keepalivedjava.os.raw;

import static org.keepalivedjava.os.inet.InetConsts.IPPROTO_IP;
import static org.keepalivedjava.os.inet.InetConsts.IPPROTO_IPV6;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.inet.Ipv4Header;
import org.keepalivedjava.os.inet.MsgHdr;
import org.keepalivedjava.os.inet.NetOrder;
import org.keepalivedjava.os.inet.Sockaddr;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.NativeException;

/**
 * The VRRP transport: a non-blocking raw IP socket (protocol 112) bound to one interface, set up as keepalived
 * 2.2.7 sets up its VRRP sockets, sending and receiving on the same fd.
 *
 * <h2>IPv4</h2>
 * IP_HDRINCL: we write the IP header as keepalived's captured adverts have it (TOS 0xc0, TTL 255, DF clear, the
 * caller's id and source; see {@link Ipv4Header}). IP_MULTICAST_ALL 0 (only groups this socket joined), IP_TOS
 * 0xc0 (the kernel's queueing priority), IP_PKTINFO (the ingress interface); with a group: IP_MULTICAST_IF set
 * explicitly (a bare namespace has no 224/4 route), IP_MULTICAST_LOOP 0 and IP_ADD_MEMBERSHIP with a 12-byte
 * ip_mreqn. A raw IPv4 socket receives the IP header, so the TTL is read from it.
 *
 * <h2>IPv6</h2>
 * The kernel writes the header: IPV6_TCLASS 0xc0, hop limit 255 per packet (an IPV6_HOPLIMIT control message, and
 * IPV6_UNICAST_HOPS / IPV6_MULTICAST_HOPS 255 as defaults), IPV6_PKTINFO on send for the interface and source;
 * IPV6_RECVHOPLIMIT and IPV6_RECVPKTINFO on receive (RFC 5798 §5.1.2.3: the receiver checks hop limit 255).
 * IPV6_CHECKSUM 6 when {@link VrrpSocketConfig#kernelChecksum()}: keepalived lets the kernel fill and verify the
 * VRRPv3 checksum. With a group: IPV6_MULTICAST_IF, IPV6_MULTICAST_LOOP 0, IPV6_JOIN_GROUP.
 *
 * <p>Both families: SO_BINDTODEVICE, so only the interface's packets arrive. Every buffer (the packet copy,
 * sockaddrs, msghdr, iovec, control data) is preallocated: send and receive allocate nothing. Loop thread only.
 */
public final class VrrpSocket implements RawIpSocket {
    /** The largest IP packet this socket sends (header included); VRRP adverts are far smaller. */
    public static final int MAX_PACKET_BYTES = 9216;

    private static final int TX_CONTROL_BYTES = MsgHdr.cmsgSpace(InetConsts.IN6_PKTINFO_BYTES) + MsgHdr.cmsgSpace(4);
    /** Room for every control message we enable (pktinfo + TTL/hop limit) with margin for ones we did not ask for. */
    private static final int RX_CONTROL_BYTES = 256;

    private final VrrpSocketConfig config;
    private final boolean v4;
    private final int fd;
    private final int ifindex;
    private boolean closed;

    private final NativeBuffer tx = NativeBuffer.allocate(MAX_PACKET_BYTES);
    private final NativeBuffer txName = NativeBuffer.allocate(Sockaddr.MAX_BYTES);
    private final NativeBuffer txIov = NativeBuffer.allocate(MsgHdr.IOVEC_BYTES);
    private final NativeBuffer txControl = NativeBuffer.allocate(TX_CONTROL_BYTES);
    private final NativeBuffer txMsg = NativeBuffer.allocate(MsgHdr.BYTES);
    private final NativeBuffer rxName = NativeBuffer.allocate(Sockaddr.MAX_BYTES);
    private final NativeBuffer rxIov = NativeBuffer.allocate(MsgHdr.IOVEC_BYTES);
    private final NativeBuffer rxControl = NativeBuffer.allocate(RX_CONTROL_BYTES);
    private final NativeBuffer rxMsg = NativeBuffer.allocate(MsgHdr.BYTES);
    private final NativeBuffer optionScratch = NativeBuffer.allocate(32);

    private VrrpSocket(VrrpSocketConfig config, int fd, int ifindex) {
        this.config = config;
        this.v4 = config.family() == Consts.AF_INET;
        this.fd = fd;
        this.ifindex = ifindex;
    }

    /**
     * Opens and configures the socket in the calling thread's network namespace.
     * @throws NativeException naming the failing call; a missing CAP_NET_RAW is said so
     */
    public static VrrpSocket open(VrrpSocketConfig config) {
        String name = config.interfaceName();
        int ifindex = Native.interfaceIndex(name);
        if (ifindex == 0) {
            throw new NativeException("if_nametoindex(" + name + ")", Errno.ENODEV, "No such interface");
        }
        String what = (config.family() == Consts.AF_INET ? "raw IPv4" : "raw IPv6") + " proto " + config.protocol();
        int fd;
        try {
            fd = Native.socket(config.family(), Consts.SOCK_RAW | Consts.SOCK_NONBLOCK, config.protocol(), what);
        } catch (NativeException e) {
            if (e.errno() == Errno.EPERM || e.errno() == Errno.EACCES) {
                throw new NativeException("socket(" + what + "; needs CAP_NET_RAW)", e.errno(), Native.strerror(e.errno()));
            }
            throw e;
        }
        VrrpSocket socket = new VrrpSocket(config, fd, ifindex);
        try {
            if (socket.v4) {
                socket.configureV4();
            } else {
                socket.configureV6();
            }
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
        return socket;
    }

    private void configureV4() {
        intOption(IPPROTO_IP, InetConsts.IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
        intOption(IPPROTO_IP, InetConsts.IP_HDRINCL, 1, "IP_HDRINCL");
        intOption(IPPROTO_IP, InetConsts.IP_TOS, InetConsts.TOS_INTERNET_CONTROL, "IP_TOS");
        intOption(IPPROTO_IP, InetConsts.IP_PKTINFO, 1, "IP_PKTINFO");
        bindToDevice();
        IpAddress group = config.multicastGroup();
        if (group != null) {
            putMreqn(0);
            Native.setsockopt(fd, IPPROTO_IP, InetConsts.IP_MULTICAST_IF, optionScratch, InetConsts.IP_MREQN_BYTES,
                    "IP_MULTICAST_IF " + config.interfaceName());
            intOption(IPPROTO_IP, InetConsts.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
            intOption(IPPROTO_IP, InetConsts.IP_MULTICAST_TTL, VRRP_TTL, "IP_MULTICAST_TTL");
            putMreqn(group.v4());
            Native.setsockopt(fd, IPPROTO_IP, InetConsts.IP_ADD_MEMBERSHIP, optionScratch, InetConsts.IP_MREQN_BYTES,
                    "IP_ADD_MEMBERSHIP " + group + " on " + config.interfaceName());
        }
    }

    /** struct ip_mreqn { multiaddr (net), address (net, 0 = any), int ifindex (host) }: 12 bytes. */
    private void putMreqn(int group) {
        ByteBuffer b = optionScratch.buffer();
        NetOrder.putI32(b, 0, group);
        NetOrder.putI32(b, 4, 0);
        b.putInt(8, ifindex);
    }

    private void configureV6() {
        intOption(IPPROTO_IPV6, InetConsts.IPV6_TCLASS, InetConsts.TOS_INTERNET_CONTROL, "IPV6_TCLASS");
        intOption(IPPROTO_IPV6, InetConsts.IPV6_UNICAST_HOPS, VRRP_TTL, "IPV6_UNICAST_HOPS");
        intOption(IPPROTO_IPV6, InetConsts.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
        intOption(IPPROTO_IPV6, InetConsts.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
        if (config.kernelChecksum()) {
            intOption(IPPROTO_IPV6, InetConsts.IPV6_CHECKSUM, VrrpSocketConfig.VRRP_CHECKSUM_OFFSET, "IPV6_CHECKSUM");
        }
        bindToDevice();
        IpAddress group = config.multicastGroup();
        if (group != null) {
            intOption(IPPROTO_IPV6, InetConsts.IPV6_MULTICAST_IF, ifindex, "IPV6_MULTICAST_IF " + config.interfaceName());
            intOption(IPPROTO_IPV6, InetConsts.IPV6_MULTICAST_HOPS, VRRP_TTL, "IPV6_MULTICAST_HOPS");
            intOption(IPPROTO_IPV6, InetConsts.IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            // struct ipv6_mreq { in6_addr group; int ifindex (host) }: 20 bytes
            group.write(optionScratch.buffer(), 0);
            optionScratch.buffer().putInt(16, ifindex);
            Native.setsockopt(fd, IPPROTO_IPV6, InetConsts.IPV6_JOIN_GROUP, optionScratch, InetConsts.IPV6_MREQ_BYTES,
                    "IPV6_JOIN_GROUP " + group + " on " + config.interfaceName());
        }
    }

    private void bindToDevice() {
        byte[] name = config.interfaceName().getBytes(StandardCharsets.US_ASCII);
        NetOrder.zero(optionScratch.buffer(), 0, name.length + 1);
        NetOrder.putBytes(optionScratch.buffer(), 0, name, 0, name.length);
        Native.setsockopt(fd, Consts.SOL_SOCKET, Consts.SO_BINDTODEVICE, optionScratch, name.length + 1,
                "SO_BINDTODEVICE " + config.interfaceName());
    }

    private void intOption(int level, int option, int value, String what) {
        Native.setsockopt(fd, level, option, value, optionScratch, what);
    }

    public VrrpSocketConfig config() {
        return config;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public int family() {
        return config.family();
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public boolean send(ByteBuffer payload, int offset, int length, IpAddress source, IpAddress destination, int ttl,
            int ipv4Id) {
        checkOpen();
        if (destination.family() != config.family() || (source != null && source.family() != config.family())) {
            throw new IllegalArgumentException("address family differs from the socket's: " + source + " > " + destination);
        }
        return v4 ? sendV4(payload, offset, length, source, destination, ttl, ipv4Id)
                : sendV6(payload, offset, length, source, destination, ttl);
    }

    private boolean sendV4(ByteBuffer payload, int offset, int length, IpAddress source, IpAddress destination, int ttl,
            int ipv4Id) {
        int total = Ipv4Header.BYTES + length;
        checkSize(total);
        ByteBuffer b = tx.buffer();
        // RFC 5798 §5.1.1: TTL 255; keepalived: TOS 0xc0, DF clear. The kernel fills the checksum anyway.
        Ipv4Header.put(b, 0, InetConsts.TOS_INTERNET_CONTROL, total, ipv4Id & 0xffff, false, ttl, config.protocol(),
                source == null ? 0 : source.v4(), destination.v4());
        NetOrder.copy(payload, offset, b, Ipv4Header.BYTES, length);
        int nameLength = Sockaddr.putIn(txName.buffer(), 0, destination.v4(), 0);
        return Native.sendto(fd, tx, total, 0, txName, nameLength) != Native.WOULD_BLOCK;
    }

    private boolean sendV6(ByteBuffer payload, int offset, int length, IpAddress source, IpAddress destination,
            int hopLimit) {
        checkSize(length);
        NetOrder.copy(payload, offset, tx.buffer(), 0, length);
        int scope = destination.isLinkLocal() || destination.isMulticast() ? ifindex : 0;
        int nameLength = Sockaddr.putIn6(txName.buffer(), 0, destination, 0, scope);
        ByteBuffer c = txControl.buffer();
        int hop = MsgHdr.putCmsg(c, 0, IPPROTO_IPV6, InetConsts.IPV6_PKTINFO, InetConsts.IN6_PKTINFO_BYTES);
        // struct in6_pktinfo { in6_addr source (:: = kernel's choice); int ifindex }
        (source == null ? IpAddress.ANY_V6 : source).write(c, MsgHdr.cmsgData(0));
        c.putInt(MsgHdr.cmsgData(0) + 16, ifindex);
        int end = MsgHdr.putCmsg(c, hop, IPPROTO_IPV6, InetConsts.IPV6_HOPLIMIT, 4);
        c.putInt(MsgHdr.cmsgData(hop), hopLimit);
        MsgHdr.putIovec(txIov.buffer(), 0, 0, Native.address(tx), length);
        MsgHdr.put(txMsg.buffer(), 0, Native.address(txName), nameLength, Native.address(txIov), 1,
                Native.address(txControl), end);
        return Native.sendmsg(fd, txMsg, 0) != Native.WOULD_BLOCK;
    }

    private static void checkSize(int bytes) {
        if (bytes > MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("packet of " + bytes + " bytes exceeds " + MAX_PACKET_BYTES);
        }
    }

    @Override
    public boolean receive(ReceivedPacket packet) {
        checkOpen();
        packet.clear(config.family());
        NativeBuffer data = packet.nativeBuffer();
        MsgHdr.putIovec(rxIov.buffer(), 0, 0, Native.address(data), data.sizeBytes());
        ByteBuffer msg = rxMsg.buffer();
        MsgHdr.put(msg, 0, Native.address(rxName), Sockaddr.MAX_BYTES, Native.address(rxIov), 1,
                Native.address(rxControl), RX_CONTROL_BYTES);
        long n = Native.recvmsg(fd, rxMsg, 0);
        if (n == Native.WOULD_BLOCK) {
            return false;
        }
        int received = (int) n;
        packet.receivedLength = received;
        packet.truncated = (MsgHdr.flags(msg, 0) & Consts.MSG_TRUNC) != 0;
        readControl(packet, MsgHdr.controlLength(msg, 0));
        if (v4) {
            readIpv4Header(packet, received);
        } else {
            Sockaddr.inetAddress(rxName.buffer(), 0, packet.source);
            packet.payloadOffset = 0;
            packet.payloadLength = received;
        }
        return true;
    }

    /** Pure: the ingress interface, destination and TTL / hop limit from the control messages. */
    static void readControl(ReceivedPacket packet, ByteBuffer control, int controlLength) {
        for (int at = MsgHdr.cmsgFirst(control, 0, controlLength); at >= 0;
                at = MsgHdr.cmsgNext(control, at, 0, controlLength)) {
            int level = MsgHdr.cmsgLevel(control, at);
            int type = MsgHdr.cmsgType(control, at);
            int data = MsgHdr.cmsgData(at);
            int length = MsgHdr.cmsgDataLength(control, at);
            if (level == IPPROTO_IP && type == InetConsts.IP_PKTINFO && length >= InetConsts.IN_PKTINFO_BYTES) {
                // struct in_pktinfo { int ifindex; in_addr spec_dst (local address); in_addr addr (header dst) }
                packet.ifindex = control.getInt(data);
                NetOrder.getBytes(control, data + 8, packet.destination, 0, 4);
            } else if (level == IPPROTO_IP && type == InetConsts.IP_TTL && length >= 4) {
                packet.ttl = control.getInt(data);
            } else if (level == IPPROTO_IPV6 && type == InetConsts.IPV6_PKTINFO && length >= InetConsts.IN6_PKTINFO_BYTES) {
                NetOrder.getBytes(control, data, packet.destination, 0, 16);
                packet.ifindex = control.getInt(data + 16);
            } else if (level == IPPROTO_IPV6 && type == InetConsts.IPV6_HOPLIMIT && length >= 4) {
                packet.ttl = control.getInt(data);
            }
        }
    }

    private void readControl(ReceivedPacket packet, int controlLength) {
        readControl(packet, rxControl.buffer(), controlLength);
    }

    /** Pure: the TTL, addresses and payload bounds from the IPv4 header a raw socket delivers. */
    static void readIpv4Header(ReceivedPacket packet, int received) {
        ByteBuffer b = packet.buffer();
        int available = Math.min(received, packet.capacityBytes());
        int headerLength = available >= Ipv4Header.BYTES ? Ipv4Header.headerLength(b, 0) : 0;
        if (headerLength < Ipv4Header.BYTES || headerLength > available || Ipv4Header.version(b, 0) != 4) {
            // The kernel never delivers this; if it did, an empty payload fails every length check downstream.
            packet.payloadOffset = 0;
            packet.payloadLength = 0;
            return;
        }
        packet.ttl = Ipv4Header.ttl(b, 0);
        NetOrder.getBytes(b, Ipv4Header.SOURCE, packet.source, 0, 4);
        NetOrder.getBytes(b, Ipv4Header.DESTINATION, packet.destination, 0, 4);
        packet.payloadOffset = headerLength;
        packet.payloadLength = available - headerLength;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("socket closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.close(fd); // the kernel leaves the multicast group with the socket
        }
    }

    @Override
    public String toString() {
        return "VrrpSocket(" + (v4 ? "IPv4" : "IPv6") + " proto " + config.protocol() + " on " + config.interfaceName()
                + (config.isMulticast() ? " group " + config.multicastGroup() : " unicast") + ", fd " + fd + ")";
    }
}
