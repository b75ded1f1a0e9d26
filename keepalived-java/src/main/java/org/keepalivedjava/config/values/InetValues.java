package org.keepalivedjava.config.values;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP address literals as keepalived accepts them. Never resolves names (no DNS during config parsing). */
public final class InetValues {
    private InetValues() {
    }

    /** An IPv4 or IPv6 literal, or null if {@code s} is not one. */
    public static InetAddress parseLiteral(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        boolean v6 = s.indexOf(':') >= 0;
        if (!v6 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        if (v6 && !s.matches("[0-9A-Fa-f:.]+(%[\\w.-]+)?")) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(s); // a literal: no lookup
            return (v6 ? a instanceof Inet6Address : a instanceof Inet4Address) ? a : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
