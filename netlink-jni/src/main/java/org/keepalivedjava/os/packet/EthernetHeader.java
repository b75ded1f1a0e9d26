package org.keepalivedjava.os.packet;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.inet.NetOrder;

/**
 * Pure codec of the Ethernet II header (IEEE 802.3 §3.2, DIX framing): destination MAC, source MAC, EtherType.
 * MAC addresses are 6-byte arrays. What a packet socket of type SOCK_RAW sends and receives first.
 */
public final class EthernetHeader {
    public static final int BYTES = 14;
    public static final int MAC_BYTES = 6;
    public static final int DESTINATION = 0;
    public static final int SOURCE = 6;
    public static final int ETHER_TYPE = 12;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private EthernetHeader() {
    }

    /** ff:ff:ff:ff:ff:ff (a fresh copy). */
    public static byte[] broadcast() {
        return BROADCAST.clone();
    }

    /** Writes the header; returns {@link #BYTES}. */
    public static int put(ByteBuffer b, int offset, byte[] destination, byte[] source, int etherType) {
        NetOrder.putBytes(b, offset + DESTINATION, destination, 0, MAC_BYTES);
        NetOrder.putBytes(b, offset + SOURCE, source, 0, MAC_BYTES);
        NetOrder.putU16(b, offset + ETHER_TYPE, etherType);
        return BYTES;
    }

    /** Writes the broadcast destination address. */
    public static void putBroadcastDestination(ByteBuffer b, int offset) {
        NetOrder.putBytes(b, offset + DESTINATION, BROADCAST, 0, MAC_BYTES);
    }

    /** Writes 33:33 + the group's last 32 bits, the MAC of an IPv6 multicast group (RFC 2464 §7). */
    public static void putIpv6MulticastDestination(ByteBuffer b, int offset, IpAddress group) {
        NetOrder.putU8(b, offset + DESTINATION, 0x33);
        NetOrder.putU8(b, offset + DESTINATION + 1, 0x33);
        for (int i = 0; i < 4; i++) {
            NetOrder.putU8(b, offset + DESTINATION + 2 + i, group.byteAt(12 + i));
        }
    }

    public static void destination(ByteBuffer b, int offset, byte[] mac) {
        NetOrder.getBytes(b, offset + DESTINATION, mac, 0, MAC_BYTES);
    }

    public static void source(ByteBuffer b, int offset, byte[] mac) {
        NetOrder.getBytes(b, offset + SOURCE, mac, 0, MAC_BYTES);
    }

    public static int etherType(ByteBuffer b, int offset) {
        return NetOrder.u16(b, offset + ETHER_TYPE);
    }

    /** "02:00:5e:c0:02:01". */
    public static String format(byte[] mac) {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < mac.length; i++) {
            s.append(i == 0 ? "" : ":").append(String.format("%02x", mac[i] & 0xff));
        }
        return s.toString();
    }
}
