package org.keepalivedjava.os.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;

import org.keepalivedjava.os.libc.Consts;

/**
 * A policy routing rule ({@code ip rule add [from P] [to P] [iif N] [oif N] [fwmark M/MASK] [priority N]
 * [table T | blackhole | unreachable | prohibit]}). Immutable; build with {@link #forFamily} and the withers.
 *
 * @param family   AF_INET or AF_INET6
 * @param priority -1 for none (the kernel picks one below the previous rule)
 * @param from     source prefix, or null for all
 * @param to       destination prefix, or null for all
 * @param iif      input interface name, or null
 * @param oif      output interface name, or null
 * @param fwmark   firewall mark, -1 for none
 * @param fwmask   mask of the mark, -1 for none (the kernel's default is all ones)
 * @param table    table for {@code FR_ACT_TO_TBL}
 * @param action   FR_ACT_* ({@link RtnlConstants})
 */
public record Rule(int family, int priority, InetAddress from, int fromPrefix, InetAddress to, int toPrefix,
                   String iif, String oif, long fwmark, long fwmask, int table, int action) {

    /** "lookup main" for every packet of the family, no priority given. */
    public static Rule forFamily(int family) {
        return new Rule(family, -1, null, 0, null, 0, null, null, -1, -1, RtnlConstants.RT_TABLE_MAIN,
                RtnlConstants.FR_ACT_TO_TBL);
    }

    public static int familyOf(InetAddress a) {
        return a instanceof Inet4Address ? Consts.AF_INET : Consts.AF_INET6;
    }

    public Rule priority(int p) {
        return new Rule(family, p, from, fromPrefix, to, toPrefix, iif, oif, fwmark, fwmask, table, action);
    }

    public Rule from(InetAddress a, int prefix) {
        return new Rule(family, priority, a, prefix, to, toPrefix, iif, oif, fwmark, fwmask, table, action);
    }

    public Rule to(InetAddress a, int prefix) {
        return new Rule(family, priority, from, fromPrefix, a, prefix, iif, oif, fwmark, fwmask, table, action);
    }

    public Rule iif(String name) {
        return new Rule(family, priority, from, fromPrefix, to, toPrefix, name, oif, fwmark, fwmask, table, action);
    }

    public Rule oif(String name) {
        return new Rule(family, priority, from, fromPrefix, to, toPrefix, iif, name, fwmark, fwmask, table, action);
    }

    public Rule fwmark(long mark, long mask) {
        return new Rule(family, priority, from, fromPrefix, to, toPrefix, iif, oif, mark, mask, table, action);
    }

    public Rule table(int t) {
        return new Rule(family, priority, from, fromPrefix, to, toPrefix, iif, oif, fwmark, fwmask, t,
                RtnlConstants.FR_ACT_TO_TBL);
    }

    public Rule action(int a) {
        return new Rule(family, priority, from, fromPrefix, to, toPrefix, iif, oif, fwmark, fwmask, table, a);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(family == Consts.AF_INET ? "rule" : "rule -6");
        if (priority >= 0) {
            s.append(" priority ").append(priority);
        }
        if (from != null) {
            s.append(" from ").append(from.getHostAddress()).append('/').append(fromPrefix);
        }
        if (to != null) {
            s.append(" to ").append(to.getHostAddress()).append('/').append(toPrefix);
        }
        if (iif != null) {
            s.append(" iif ").append(iif);
        }
        if (oif != null) {
            s.append(" oif ").append(oif);
        }
        if (fwmark >= 0) {
            s.append(" fwmark 0x").append(Long.toHexString(fwmark));
            if (fwmask >= 0) {
                s.append("/0x").append(Long.toHexString(fwmask));
            }
        }
        return s.append(action == RtnlConstants.FR_ACT_TO_TBL ? " table " + table : " action " + action).toString();
    }
}
