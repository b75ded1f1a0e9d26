package org.keepalivedjava.config.values;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An address with an optional prefix length, {@code ADDR[/LEN]}, as written in virtual_ipaddress, routes and
 * rules. {@code prefixLength} is the full host length (32 or 128) when no length was written.
 */
public record IpPrefix(InetAddress address, int prefixLength, boolean lengthGiven) {

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    public int family() {
        return isIpv4() ? 4 : 6;
    }

    /** Parses {@code ADDR[/LEN]}; null if the address is not a literal or the length is out of range. */
    public static IpPrefix parse(String s) {
        if (s == null) {
            return null;
        }
        int slash = s.indexOf('/');
        InetAddress a = InetValues.parseLiteral(slash < 0 ? s : s.substring(0, slash));
        if (a == null) {
            return null;
        }
        int max = a instanceof Inet4Address ? 32 : 128;
        if (slash < 0) {
            return new IpPrefix(a, max, false);
        }
        String len = s.substring(slash + 1);
        if (!len.matches("\\d{1,3}")) {
            return null;
        }
        int n = Integer.parseInt(len);
        return n > max ? null : new IpPrefix(a, n, true);
    }

    @Override
    public String toString() {
        return text(address) + (lengthGiven ? "/" + prefixLength : "");
    }

    /** An address as inet_ntop writes it (IPv6 in RFC 5952 short form: 2001:db8::1), as keepalived prints it. */
    public static String text(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
