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
        return address.getHostAddress() + (lengthGiven ? "/" + prefixLength : "");
    }
}
