package org.keepalivedjava.vrrp.packet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * VRRP messages captured from keepalived 2.2.7 (tcpdump -xx of the lab captures; the IP/Ethernet headers are
 * stripped, addresses noted). Lab: kl-1 = 192.0.2.1 / fe80::5eff:fec0:201, prio 150, vrid 51, advert_int 1,
 * VIP 192.0.2.100 (IPv6: fe80::100, 2001:db8::100), PASS "secret1".
 */
public final class Captured {
    private Captured() {
    }

    /** VRRPv2, no auth, 192.0.2.1 > 224.0.0.18 (and unchanged when unicast to 192.0.2.2). */
    public static final String V2_NOAUTH = "2133 9601 0001 8665 c000 0264 0000 0000 0000 0000";
    /** VRRPv2, auth PASS "secret1". */
    public static final String V2_PASS = "2133 9601 0101 1819 c000 0264 7365 6372 6574 3100";
    /** VRRPv2 priority 0 sent on graceful stop. */
    public static final String V2_PRIO0 = "2133 0001 0001 1c66 c000 0264 0000 0000 0000 0000";
    /** VRRPv3 IPv4, 192.0.2.1 > 224.0.0.18, checksum with the pseudo-header (0x7602 without it). */
    public static final String V3_V4 = "3133 9601 0064 d371 c000 0264";
    /** VRRPv3 IPv4 unicast, 192.0.2.1 > 192.0.2.2. */
    public static final String V3_V4_UNICAST = "3133 9601 0064 f181 c000 0264";
    /** VRRPv3 IPv6, fe80::5eff:fec0:201 > ff02::12, VIPs fe80::100 and 2001:db8::100. */
    public static final String V3_V6 = "3133 9602 0064 ac3c fe80 0000 0000 0000 0000 0000 0000 0100"
            + " 2001 0db8 0000 0000 0000 0000 0000 0100";

    public static byte[] bytes(String hex) {
        String h = hex.replace(" ", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** The bytes in a native-order buffer at {@code offset} (as ReceivedPacket's buffer is). */
    public static ByteBuffer buffer(String hex, int offset) {
        byte[] b = bytes(hex);
        ByteBuffer buf = ByteBuffer.allocate(offset + b.length + 16).order(ByteOrder.nativeOrder());
        for (int i = 0; i < b.length; i++) {
            buf.put(offset + i, b[i]);
        }
        return buf;
    }

    public static String hex(ByteBuffer b, int offset, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (i > 0 && i % 2 == 0) {
                s.append(' ');
            }
            s.append(String.format("%02x", b.get(offset + i) & 0xff));
        }
        return s.toString();
    }
}
