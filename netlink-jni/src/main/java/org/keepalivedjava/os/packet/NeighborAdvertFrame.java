package org.keepalivedjava.os.packet;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.inet.InetChecksum;
import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.inet.Ipv6Header;
import org.keepalivedjava.os.inet.NetOrder;

/**
 * Pure codec of an Ethernet frame carrying an unsolicited IPv6 Neighbor Advertisement (RFC 4861 §4.4, §7.2.6),
 * as keepalived 2.2.7 sends one per IPv6 VIP on becoming MASTER (captured, garp-na-prio0.txt): to ff02::1
 * (MAC 33:33:00:00:00:01) from the VIP itself, hop limit 255, traffic class and flow label 0, Override set,
 * Solicited clear, Router = IPv6 forwarding on the interface, one Target Link-Layer Address option.
 *
 * <pre>
 * Ethernet (14) | IPv6 (40, next header 58) | 54 type 136 | 55 code 0 | 56 checksum | 58 flags R S O (3 bits)
 *               | 62 target (16) | 78 option type 2 | 79 option length 1 (8 bytes) | 80 MAC (6)     86 bytes
 * </pre>
 * Offsets below are from the start of the frame.
 */
public final class NeighborAdvertFrame {
    public static final int BYTES = EthernetHeader.BYTES + Ipv6Header.BYTES + 32;
    public static final int ICMPV6_LENGTH = 32;
    public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;
    public static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    /** RFC 4861 §4.4 flag bits in the first byte after the checksum. */
    public static final int FLAG_ROUTER = 0x80;
    public static final int FLAG_SOLICITED = 0x40;
    public static final int FLAG_OVERRIDE = 0x20;
    /** RFC 4861 §7.1.2: a receiver discards an NA whose hop limit is not 255. */
    public static final int HOP_LIMIT = 255;

    public static final int IP = EthernetHeader.BYTES;
    public static final int ICMP = IP + Ipv6Header.BYTES;
    public static final int TYPE = ICMP;
    public static final int CODE = ICMP + 1;
    public static final int CHECKSUM = ICMP + 2;
    public static final int FLAGS = ICMP + 4;
    public static final int TARGET = ICMP + 8;
    public static final int OPTION_TYPE = ICMP + 24;
    public static final int OPTION_LENGTH = ICMP + 25;
    public static final int OPTION_MAC = ICMP + 26;

    private NeighborAdvertFrame() {
    }

    /**
     * Writes keepalived's unsolicited NA for {@code target} from interface MAC {@code mac}, checksum included.
     * @param router the R flag: set when the interface forwards IPv6 (as keepalived reads net.ipv6.conf.IF.forwarding)
     * @return {@link #BYTES}
     */
    public static int putUnsolicited(ByteBuffer b, int offset, byte[] mac, IpAddress target, boolean router) {
        if (target.isV4()) {
            throw new IllegalArgumentException("a neighbour advertisement is for an IPv6 address: " + target);
        }
        EthernetHeader.put(b, offset, mac, mac, InetConsts.ETH_P_IPV6);
        EthernetHeader.putIpv6MulticastDestination(b, offset, IpAddress.ALL_NODES_V6);
        Ipv6Header.put(b, offset + IP, 0, 0, ICMPV6_LENGTH, InetConsts.IPPROTO_ICMPV6, HOP_LIMIT, target,
                IpAddress.ALL_NODES_V6);
        NetOrder.putU8(b, offset + TYPE, TYPE_NEIGHBOR_ADVERTISEMENT);
        NetOrder.putU8(b, offset + CODE, 0);
        NetOrder.putU16(b, offset + CHECKSUM, 0);
        NetOrder.putI32(b, offset + FLAGS, (FLAG_OVERRIDE | (router ? FLAG_ROUTER : 0)) << 24);
        target.write(b, offset + TARGET);
        NetOrder.putU8(b, offset + OPTION_TYPE, OPTION_TARGET_LINK_LAYER_ADDRESS);
        NetOrder.putU8(b, offset + OPTION_LENGTH, 1);
        NetOrder.putBytes(b, offset + OPTION_MAC, mac, 0, EthernetHeader.MAC_BYTES);
        NetOrder.putU16(b, offset + CHECKSUM, checksum(b, offset));
        return BYTES;
    }

    /** The ICMPv6 checksum the frame should carry (computed with its checksum field as it is: zero it first to fill). */
    private static int checksum(ByteBuffer b, int offset) {
        long sum = Ipv6Header.pseudoHeaderSum(b, offset + IP);
        return InetChecksum.finish(InetChecksum.add(sum, b, offset + ICMP, Ipv6Header.payloadLength(b, offset + IP)));
    }

    /**
     * True when the frame is a well-formed NA as RFC 4861 §7.1.2 checks it: IPv6 in Ethernet, next header ICMPv6,
     * hop limit 255, type 136 code 0, at least 24 bytes of ICMPv6, checksum valid.
     */
    public static boolean isValid(ByteBuffer b, int offset, int length) {
        if (length < EthernetHeader.BYTES + Ipv6Header.BYTES + 24
                || EthernetHeader.etherType(b, offset) != InetConsts.ETH_P_IPV6
                || Ipv6Header.version(b, offset + IP) != 6
                || Ipv6Header.nextHeader(b, offset + IP) != InetConsts.IPPROTO_ICMPV6
                || Ipv6Header.hopLimit(b, offset + IP) != HOP_LIMIT
                || NetOrder.u8(b, offset + TYPE) != TYPE_NEIGHBOR_ADVERTISEMENT || NetOrder.u8(b, offset + CODE) != 0) {
            return false;
        }
        int icmpLength = Ipv6Header.payloadLength(b, offset + IP);
        return icmpLength >= 24 && EthernetHeader.BYTES + Ipv6Header.BYTES + icmpLength <= length
                && checksum(b, offset) == 0;
    }

    /** The R, S, O flag bits ({@link #FLAG_ROUTER}, {@link #FLAG_SOLICITED}, {@link #FLAG_OVERRIDE}). */
    public static int flags(ByteBuffer b, int offset) {
        return NetOrder.u8(b, offset + FLAGS) & 0xe0;
    }

    public static IpAddress target(ByteBuffer b, int offset) {
        return IpAddress.read(b, offset + TARGET, 16);
    }

    /** Copies the Target Link-Layer Address option's MAC (the first option must be it); false if absent. */
    public static boolean targetMac(ByteBuffer b, int offset, int length, byte[] mac) {
        if (length < BYTES || NetOrder.u8(b, offset + OPTION_TYPE) != OPTION_TARGET_LINK_LAYER_ADDRESS
                || NetOrder.u8(b, offset + OPTION_LENGTH) != 1) {
            return false;
        }
        NetOrder.getBytes(b, offset + OPTION_MAC, mac, 0, EthernetHeader.MAC_BYTES);
        return true;
    }
}
