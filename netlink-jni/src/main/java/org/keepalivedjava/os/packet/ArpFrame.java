package org.keepalivedjava.os.packet;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.NetOrder;

/**
 * Pure codec of an Ethernet frame carrying an IPv4-over-Ethernet ARP packet (RFC 826), and the gratuitous ARP
 * keepalived 2.2.7 sends for each VIP on becoming MASTER (captured, garp-na-prio0.txt): a REQUEST, broadcast,
 * sender = target = the VIP, sender MAC = the interface's, target MAC = ff:ff:ff:ff:ff:ff.
 *
 * <pre>
 * Ethernet (14) | 14 htype 1 | 16 ptype 0x0800 | 18 hlen 6 | 19 plen 4 | 20 oper | 22 sha (6) | 28 spa (4)
 *               | 32 tha (6) | 38 tpa (4)                                                          42 bytes
 * </pre>
 * Offsets below are from the start of the frame.
 */
public final class ArpFrame {
    public static final int BYTES = EthernetHeader.BYTES + 28;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    public static final int HTYPE = 14;
    public static final int PTYPE = 16;
    public static final int HLEN = 18;
    public static final int PLEN = 19;
    public static final int OPER = 20;
    public static final int SENDER_MAC = 22;
    public static final int SENDER_IP = 28;
    public static final int TARGET_MAC = 32;
    public static final int TARGET_IP = 38;

    private static final byte[] BROADCAST = EthernetHeader.broadcast();

    private ArpFrame() {
    }

    /**
     * Writes keepalived's gratuitous ARP for {@code address} (network-order IPv4) from interface MAC {@code mac}.
     * @return {@link #BYTES}
     */
    public static int putGratuitous(ByteBuffer b, int offset, byte[] mac, int address) {
        EthernetHeader.put(b, offset, BROADCAST, mac, InetConsts.ETH_P_ARP);
        NetOrder.putU16(b, offset + HTYPE, InetConsts.ARPHRD_ETHER);
        NetOrder.putU16(b, offset + PTYPE, InetConsts.ETH_P_IP);
        NetOrder.putU8(b, offset + HLEN, EthernetHeader.MAC_BYTES);
        NetOrder.putU8(b, offset + PLEN, 4);
        NetOrder.putU16(b, offset + OPER, OP_REQUEST);
        NetOrder.putBytes(b, offset + SENDER_MAC, mac, 0, EthernetHeader.MAC_BYTES);
        NetOrder.putI32(b, offset + SENDER_IP, address);
        NetOrder.putBytes(b, offset + TARGET_MAC, BROADCAST, 0, EthernetHeader.MAC_BYTES);
        NetOrder.putI32(b, offset + TARGET_IP, address);
        return BYTES;
    }

    /** True when the frame is ARP for IPv4 over Ethernet (EtherType, htype, ptype, hlen, plen) and long enough. */
    public static boolean isIpv4OverEthernet(ByteBuffer b, int offset, int length) {
        return length >= BYTES && EthernetHeader.etherType(b, offset) == InetConsts.ETH_P_ARP
                && NetOrder.u16(b, offset + HTYPE) == InetConsts.ARPHRD_ETHER
                && NetOrder.u16(b, offset + PTYPE) == InetConsts.ETH_P_IP
                && NetOrder.u8(b, offset + HLEN) == EthernetHeader.MAC_BYTES && NetOrder.u8(b, offset + PLEN) == 4;
    }

    /** Gratuitous: sender and target protocol addresses are the same (RFC 5227 §3 "ARP Announcement"). */
    public static boolean isGratuitous(ByteBuffer b, int offset) {
        return senderIp(b, offset) == targetIp(b, offset);
    }

    public static int operation(ByteBuffer b, int offset) {
        return NetOrder.u16(b, offset + OPER);
    }

    public static void senderMac(ByteBuffer b, int offset, byte[] mac) {
        NetOrder.getBytes(b, offset + SENDER_MAC, mac, 0, EthernetHeader.MAC_BYTES);
    }

    public static int senderIp(ByteBuffer b, int offset) {
        return NetOrder.i32(b, offset + SENDER_IP);
    }

    public static void targetMac(ByteBuffer b, int offset, byte[] mac) {
        NetOrder.getBytes(b, offset + TARGET_MAC, mac, 0, EthernetHeader.MAC_BYTES);
    }

    public static int targetIp(ByteBuffer b, int offset) {
        return NetOrder.i32(b, offset + TARGET_IP);
    }
}
