package org.keepalivedjava.os.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;

import org.keepalivedjava.os.libc.Consts;

/**
 * A route ({@code ip route add [TYPE] DST/PREFIX [via GW] [dev IFINDEX] [src SRC] [table T] [metric M]
 * [scope S] [proto P]}). Immutable; build with {@link #to} and the withers.
 *
 * @param destination     the destination network (the zero address with prefix 0 for a default route)
 * @param gateway         next hop ("via"), or null
 * @param ifIndex         output interface ("dev"), 0 for none
 * @param preferredSource "src", or null
 * @param table           routing table id (254 main; ids above 255 are fine)
 * @param metric          "metric"/"priority", -1 for none (the kernel's default)
 * @param scope           RT_SCOPE_*, or {@link #SCOPE_AUTO}: host for local routes, link for IPv4 routes
 *                        without a gateway that are unicast, universe otherwise (as ip(8) chooses)
 * @param protocol        RTPROT_* (ip(8)'s default: boot)
 * @param type            RTN_UNICAST, RTN_LOCAL, RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT
 */
public record Route(InetAddress destination, int prefixLength, InetAddress gateway, int ifIndex,
                    InetAddress preferredSource, int table, int metric, int scope, int protocol, int type) {
    public static final int SCOPE_AUTO = -1;

    public Route {
        int max = destination instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside [0, " + max + "] for " + destination);
        }
    }

    /** A unicast route in the main table, protocol boot, scope chosen as ip(8) does, no gateway or device yet. */
    public static Route to(InetAddress destination, int prefixLength) {
        return new Route(destination, prefixLength, null, 0, null, RtnlConstants.RT_TABLE_MAIN, -1, SCOPE_AUTO,
                RtnlConstants.RTPROT_BOOT, RtnlConstants.RTN_UNICAST);
    }

    public Route via(InetAddress gw) {
        return new Route(destination, prefixLength, gw, ifIndex, preferredSource, table, metric, scope, protocol, type);
    }

    public Route dev(int index) {
        return new Route(destination, prefixLength, gateway, index, preferredSource, table, metric, scope, protocol, type);
    }

    public Route src(InetAddress source) {
        return new Route(destination, prefixLength, gateway, ifIndex, source, table, metric, scope, protocol, type);
    }

    public Route table(int t) {
        return new Route(destination, prefixLength, gateway, ifIndex, preferredSource, t, metric, scope, protocol, type);
    }

    public Route metric(int m) {
        return new Route(destination, prefixLength, gateway, ifIndex, preferredSource, table, m, scope, protocol, type);
    }

    public Route scope(int s) {
        return new Route(destination, prefixLength, gateway, ifIndex, preferredSource, table, metric, s, protocol, type);
    }

    public Route protocol(int p) {
        return new Route(destination, prefixLength, gateway, ifIndex, preferredSource, table, metric, scope, p, type);
    }

    public Route type(int t) {
        return new Route(destination, prefixLength, gateway, ifIndex, preferredSource, table, metric, scope, protocol, t);
    }

    public int family() {
        return destination instanceof Inet4Address ? Consts.AF_INET : Consts.AF_INET6;
    }

    /** The scope to send: {@link #scope} unless {@link #SCOPE_AUTO}. */
    public int effectiveScope() {
        if (scope != SCOPE_AUTO) {
            return scope;
        }
        if (type == RtnlConstants.RTN_LOCAL) {
            return RtnlConstants.RT_SCOPE_HOST;
        }
        if (type == RtnlConstants.RTN_UNICAST && gateway == null && family() == Consts.AF_INET) {
            return RtnlConstants.RT_SCOPE_LINK;
        }
        return RtnlConstants.RT_SCOPE_UNIVERSE;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (type != RtnlConstants.RTN_UNICAST) {
            s.append("type ").append(type).append(' ');
        }
        s.append(destination.getHostAddress()).append('/').append(prefixLength);
        if (gateway != null) {
            s.append(" via ").append(gateway.getHostAddress());
        }
        if (ifIndex != 0) {
            s.append(" dev ").append(ifIndex);
        }
        if (preferredSource != null) {
            s.append(" src ").append(preferredSource.getHostAddress());
        }
        s.append(" table ").append(table);
        if (metric >= 0) {
            s.append(" metric ").append(metric);
        }
        return s.append(" proto ").append(protocol).toString();
    }
}
