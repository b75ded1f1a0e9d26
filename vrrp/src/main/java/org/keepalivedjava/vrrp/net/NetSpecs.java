package org.keepalivedjava.vrrp.net;

import static org.keepalivedjava.os.rtnl.RtnlConstants.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpAddress;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRoute;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRule;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.rtnl.IfAddress;
import org.keepalivedjava.os.rtnl.Route;
import org.keepalivedjava.os.rtnl.Rule;

/**
 * Config lines (virtual_ipaddress, virtual_routes, virtual_rules and their static_ forms) turned into the rtnetlink
 * records keepalived 2.2.7 sends for them. Pure. Measured with the real keepalived:
 * <ul>
 *   <li>IPv6 addresses get IFA_F_NODAD unless the line says {@code -nodad} (sic: keepalived's "-nodad" means "do
 *       not add nodad");</li>
 *   <li>{@code brd +} is the prefix's broadcast address, {@code brd -} the network address; no brd = none;</li>
 *   <li>routes and rules carry protocol 18 ("proto keepalived").</li>
 * </ul>
 * Not carried (no attribute in netlink-jni's records yet): IPv6 preferred_lft (keepalived deprecates /128 VIPs),
 * route options beyond via/dev/src/table/metric/scope/type (mtu, realms, nexthop groups...), and rule selectors
 * beyond from/to/iif/oif/fwmark.
 */
public final class NetSpecs {
    public static final int IFA_F_MANAGETEMPADDR = 0x100;
    public static final int IFA_F_MCAUTOJOIN = 0x400;
    public static final int RTN_THROW = 9;

    private static final Map<String, Integer> SCOPES = Map.of("global", RT_SCOPE_UNIVERSE, "site", RT_SCOPE_SITE,
            "link", RT_SCOPE_LINK, "host", RT_SCOPE_HOST, "nowhere", RT_SCOPE_NOWHERE);
    private static final Map<String, Integer> TABLES = Map.of("main", RT_TABLE_MAIN, "local", RT_TABLE_LOCAL,
            "default", 253);
    private static final Map<String, Integer> ROUTE_TYPES = Map.of("unicast", RTN_UNICAST, "local", RTN_LOCAL,
            "blackhole", RTN_BLACKHOLE, "unreachable", RTN_UNREACHABLE, "prohibit", RTN_PROHIBIT,
            "throw", RTN_THROW);

    private NetSpecs() {
    }

    /** The address to add/delete on interface {@code ifIndex} (the line's dev, resolved by the caller). */
    public static IfAddress address(IpAddress a, int ifIndex) {
        InetAddress addr = a.prefix().address();
        boolean v4 = addr instanceof Inet4Address;
        IfAddress r = IfAddress.of(ifIndex, addr, a.prefix().prefixLength());
        if (a.peer() != null) {
            r = r.withPeer(a.peer());
        }
        if (v4) {
            InetAddress brd = a.broadcast();
            if (brd == null && a.broadcastHostBits() != null) {
                brd = hostBits(addr, a.prefix().prefixLength(), a.broadcastHostBits().equals("+"));
            }
            r = r.withBroadcast(brd);
        }
        if (a.label() != null) {
            r = r.withLabel(a.label());
        }
        r = r.withScope(scope(a.scope()));
        int flags = 0;
        if (!v4 && !a.noDad()) {
            flags |= IFA_F_NODAD;
        }
        if (a.home()) {
            flags |= IFA_F_HOMEADDRESS;
        }
        if (a.noPrefixRoute()) {
            flags |= IFA_F_NOPREFIXROUTE;
        }
        if (a.mngTmpAddr()) {
            flags |= IFA_F_MANAGETEMPADDR;
        }
        if (a.autoJoin()) {
            flags |= IFA_F_MCAUTOJOIN;
        }
        return r.withFlags(flags);
    }

    /** RT_SCOPE_* for a scope word or number; null = global (universe). */
    public static int scope(String s) {
        if (s == null) {
            return RT_SCOPE_UNIVERSE;
        }
        Integer n = SCOPES.get(s);
        return n != null ? n : Integer.parseInt(s);
    }

    /** A scope number as keepalived prints it (rtnl_rtscope_n2a). */
    public static String scopeName(int scope) {
        return switch (scope) {
            case RT_SCOPE_UNIVERSE -> "global";
            case RT_SCOPE_SITE -> "site";
            case RT_SCOPE_LINK -> "link";
            case RT_SCOPE_HOST -> "host";
            case RT_SCOPE_NOWHERE -> "nowhere";
            default -> Integer.toString(scope);
        };
    }

    /** A routing table name or number; null = main. */
    public static int table(String t) {
        if (t == null) {
            return RT_TABLE_MAIN;
        }
        Integer n = TABLES.get(t);
        return n != null ? n : (int) Long.parseLong(t);
    }

    /** {@code brd +}: every host bit set; {@code brd -}: every host bit clear. */
    static InetAddress hostBits(InetAddress a, int prefixLength, boolean set) {
        byte[] b = a.getAddress();
        for (int bit = prefixLength; bit < b.length * 8; bit++) {
            int mask = 0x80 >>> (bit % 8);
            b[bit / 8] = (byte) (set ? b[bit / 8] | mask : b[bit / 8] & ~mask);
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The route; {@code ifIndex} 0 when the line names no device. */
    public static Route route(IpRoute r, int ifIndex) {
        Route route = Route.to(r.destination().address(), r.destination().prefixLength())
                .protocol(RTPROT_KEEPALIVED)
                .table(table(r.table()))
                .type(ROUTE_TYPES.getOrDefault(r.type(), RTN_UNICAST));
        if (r.via() != null) {
            route = route.via(r.via());
        }
        if (ifIndex != 0) {
            route = route.dev(ifIndex);
        }
        if (r.preferredSource() != null) {
            route = route.src(r.preferredSource());
        }
        if (r.metric() != null) {
            route = route.metric(r.metric().intValue());
        }
        if (r.scope() != null) {
            route = route.scope(scope(r.scope()));
        }
        return route;
    }

    public static Rule rule(IpRule r) {
        Rule rule = Rule.forFamily(r.ipv6() ? Consts.AF_INET6 : Consts.AF_INET);
        if (r.preference() != null) {
            rule = rule.priority(r.preference().intValue());
        }
        if (r.from() != null) {
            rule = rule.from(r.from().address(), r.from().prefixLength());
        }
        if (r.to() != null) {
            rule = rule.to(r.to().address(), r.to().prefixLength());
        }
        String iif = r.selectors().get("iif");
        if (iif != null) {
            rule = rule.iif(iif);
        }
        String oif = r.selectors().get("oif");
        if (oif != null) {
            rule = rule.oif(oif);
        }
        String fwmark = r.selectors().get("fwmark");
        if (fwmark != null) {
            int slash = fwmark.indexOf('/');
            long mark = Long.decode(slash < 0 ? fwmark : fwmark.substring(0, slash));
            long mask = slash < 0 ? -1 : Long.decode(fwmark.substring(slash + 1));
            rule = rule.fwmark(mark, mask);
        }
        String action = r.action() == null ? "table" : r.action();
        return switch (action) {
            case "table" -> rule.table(table(r.table()));
            case "goto" -> rule.action(FR_ACT_GOTO);
            case "nop" -> rule.action(FR_ACT_NOP);
            case "blackhole" -> rule.action(FR_ACT_BLACKHOLE);
            case "unreachable" -> rule.action(FR_ACT_UNREACHABLE);
            case "prohibit" -> rule.action(FR_ACT_PROHIBIT);
            default -> rule.table(table(r.table()));
        };
    }
}
