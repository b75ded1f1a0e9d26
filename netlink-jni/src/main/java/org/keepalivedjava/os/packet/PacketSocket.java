package org.keepalivedjava.os.packet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.keepalivedjava.os.inet.NetOrder;
import org.keepalivedjava.os.inet.Sockaddr;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.NativeException;

/**
 * A non-blocking AF_PACKET / SOCK_RAW socket bound to one interface (packet(7)): sends whole Ethernet frames, and,
 * if opened with a protocol, receives them (tests capture GARPs and NAs with it).
 *
 * <p>A send-only socket is opened with protocol 0, so the kernel queues nothing to it (keepalived opens its NA
 * socket with ETH_P_IPV6 and never reads it). The interface MAC comes from getsockname(2) after bind, which
 * reports the bound device's hardware address. Send and receive allocate nothing. Loop thread only.
 */
public final class PacketSocket implements FrameSender {
    public static final int MAX_FRAME_BYTES = 9216 + EthernetHeader.BYTES;

    private final int fd;
    private final int ifindex;
    private final String interfaceName;
    private final byte[] mac;
    private final NativeBuffer tx = NativeBuffer.allocate(MAX_FRAME_BYTES);
    private final NativeBuffer txAddress = NativeBuffer.allocate(Sockaddr.LL_BYTES);
    private final NativeBuffer rxAddress = NativeBuffer.allocate(Sockaddr.LL_BYTES);
    private final NativeBuffer rxAddressLength = NativeBuffer.allocate(4);
    private final byte[] destination = new byte[EthernetHeader.MAC_BYTES];
    private int lastPacketType = -1;
    private int lastIfindex;
    private boolean closed;

    private PacketSocket(int fd, int ifindex, String interfaceName, byte[] mac) {
        this.fd = fd;
        this.ifindex = ifindex;
        this.interfaceName = interfaceName;
        this.mac = mac;
    }

    /** A send-only socket on {@code interfaceName} (in the calling thread's network namespace). */
    public static PacketSocket openSender(String interfaceName) {
        return open(interfaceName, 0);
    }

    /**
     * A socket on {@code interfaceName} that also receives frames of {@code ethProtocol} ({@code ETH_P_ALL},
     * {@code ETH_P_ARP}, {@code ETH_P_IPV6}...; 0 receives nothing).
     * @throws NativeException naming the failing call; a missing CAP_NET_RAW is said so
     */
    public static PacketSocket open(String interfaceName, int ethProtocol) {
        int ifindex = Native.interfaceIndex(interfaceName);
        if (ifindex == 0) {
            throw new NativeException("if_nametoindex(" + interfaceName + ")", Errno.ENODEV, "No such interface");
        }
        String what = "packet socket on " + interfaceName;
        int fd;
        try {
            fd = Native.socket(Consts.AF_PACKET, Consts.SOCK_RAW | Consts.SOCK_NONBLOCK, htons(ethProtocol), what);
        } catch (NativeException e) {
            if (e.errno() == Errno.EPERM || e.errno() == Errno.EACCES) {
                throw new NativeException("socket(" + what + "; needs CAP_NET_RAW)", e.errno(), Native.strerror(e.errno()));
            }
            throw e;
        }
        try {
            NativeBuffer address = NativeBuffer.allocate(Sockaddr.LL_BYTES);
            Sockaddr.putLl(address.buffer(), 0, ethProtocol, ifindex, null);
            Native.bind(fd, address, Sockaddr.LL_BYTES);
            NativeBuffer length = NativeBuffer.allocate(4);
            Native.getsockname(fd, address, length);
            byte[] hw = new byte[8];
            int halen = Sockaddr.llAddress(address.buffer(), 0, hw);
            if (halen != EthernetHeader.MAC_BYTES) {
                throw new NativeException("getsockname(" + what + ")", Errno.EOPNOTSUPP,
                        "not an Ethernet interface (hardware address of " + halen + " bytes)");
            }
            return new PacketSocket(fd, ifindex, interfaceName, java.util.Arrays.copyOf(hw, EthernetHeader.MAC_BYTES));
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** The protocol argument of socket(2) for AF_PACKET is a network-order 16-bit EtherType. */
    static int htons(int value) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Short.reverseBytes((short) value) & 0xffff : value;
    }

    public int fd() {
        return fd;
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public byte[] hardwareAddress() {
        return mac.clone();
    }

    @Override
    public boolean sendFrame(ByteBuffer frame, int offset, int length) {
        checkOpen();
        if (length < EthernetHeader.BYTES || length > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("an Ethernet frame of " + length + " bytes");
        }
        NetOrder.copy(frame, offset, tx.buffer(), 0, length);
        EthernetHeader.destination(frame, offset, destination);
        Sockaddr.putLl(txAddress.buffer(), 0, EthernetHeader.etherType(frame, offset), ifindex, destination);
        return Native.sendto(fd, tx, length, 0, txAddress, Sockaddr.LL_BYTES) != Native.WOULD_BLOCK;
    }

    /**
     * Receives one frame into the start of {@code into}; see {@link #lastPacketType()} for who it was for.
     * @return its length (more than {@code into} holds when truncated), or {@link Native#WOULD_BLOCK}
     */
    public long receive(NativeBuffer into) {
        checkOpen();
        long n = Native.recvfrom(fd, into, into.sizeBytes(), Consts.MSG_TRUNC, rxAddress, rxAddressLength);
        if (n != Native.WOULD_BLOCK) {
            lastPacketType = Sockaddr.llPacketType(rxAddress.buffer(), 0);
            lastIfindex = Sockaddr.llIfindex(rxAddress.buffer(), 0);
        }
        return n;
    }

    /** PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST or PACKET_OUTGOING of the last frame. */
    public int lastPacketType() {
        return lastPacketType;
    }

    /** The interface the last frame was seen on. */
    public int lastIfindex() {
        return lastIfindex;
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
            Native.close(fd);
        }
    }

    @Override
    public String toString() {
        return "PacketSocket(" + interfaceName + " " + EthernetHeader.format(mac) + ", fd " + fd + ")";
    }
}
