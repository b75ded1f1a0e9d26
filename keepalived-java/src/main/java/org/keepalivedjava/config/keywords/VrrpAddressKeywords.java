package org.keepalivedjava.config.keywords;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpAddress;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRoute;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRule;
import org.keepalivedjava.config.tree.Words;
import org.keepalivedjava.config.values.InetValues;
import org.keepalivedjava.config.values.IpPrefix;

/**
 * The address, route and rule line syntax shared by virtual_ipaddress(_excluded)/static_ipaddress,
 * virtual_routes/static_routes and virtual_rules/static_rules (ip-address/route/rule syntax, full option names
 * only). Each reader reports keepalived's messages and returns null when the line is dropped.
 */
public final class VrrpAddressKeywords {
    private VrrpAddressKeywords() {
    }

    static final Set<String> SCOPES = Set.of("site", "link", "host", "nowhere", "global");

    /** One address line; word 0 is the address. */
    public static IpAddress address(Words w) {
        String first = w.get(0);
        int slash = first.indexOf('/');
        IpPrefix prefix = IpPrefix.parse(slash < 0 ? first : first.substring(0, slash));
        if (prefix == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "VRRP parsed invalid IP " + first + ". skipping IP...");
            return null;
        }
        if (slash >= 0) {
            int max = prefix.isIpv4() ? 32 : 128;
            Long len = w.parseInteger(first.substring(slash + 1), 0, max);
            if (len == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "Invalid address prefix len " + first.substring(slash + 1)
                        + " for address " + first + " - using " + max);
            } else {
                prefix = new IpPrefix(prefix.address(), len.intValue(), true);
            }
        }
        String shown = IpPrefix.text(prefix.address());
        InetAddress brd = null;
        String brdBits = null;
        String dev = null;
        String scope = null;
        String label = null;
        InetAddress peer = null;
        boolean home = false;
        boolean noDad = false;
        boolean mngTmp = false;
        boolean noPrefixRoute = false;
        boolean autoJoin = false;
        boolean noTrack = false;
        boolean useVmac = false;
        String trackGroup = null;
        Long preferredLft = null;
        for (int i = 1; i < w.size(); i++) {
            String k = w.get(i);
            boolean needsValue = Set.of("brd", "broadcast", "dev", "scope", "label", "peer", "track_group",
                    "preferred_lft").contains(k);
            if (needsValue && !w.has(i + 1)) {
                w.error(ConfigStatus.GENERAL_ERROR, "No " + k + " parameter specified for " + shown);
                return null;
            }
            switch (k) {
                case "brd", "broadcast" -> {
                    String v = w.get(++i);
                    if (v.equals("+") || v.equals("-")) {
                        brdBits = v;
                    } else {
                        brd = InetValues.parseLiteral(v);
                        if (brd == null) {
                            w.error(ConfigStatus.GENERAL_ERROR, "Invalid broadcast address " + v + " for " + shown);
                        }
                    }
                }
                case "dev" -> dev = w.get(++i);
                case "scope" -> {
                    String v = w.get(++i);
                    if (SCOPES.contains(v) || v.matches("\\d+")) {
                        scope = v;
                    } else {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid scope '" + v + "' specified for " + shown
                                + " - ignoring");
                    }
                }
                case "label" -> label = w.get(++i);
                case "peer" -> {
                    String v = w.get(++i);
                    peer = IpPrefix.parse(v) == null ? null : IpPrefix.parse(v).address();
                    if (peer == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid peer address " + v + " for " + shown);
                    }
                }
                case "home" -> home = true;
                case "-nodad" -> noDad = true;
                case "mngtmpaddr" -> mngTmp = true;
                case "noprefixroute" -> noPrefixRoute = true;
                case "autojoin" -> autoJoin = true;
                case "no_track" -> noTrack = true;
                case "use_vmac" -> useVmac = true;
                case "track_group" -> trackGroup = w.get(++i);
                case "preferred_lft" -> {
                    String v = w.get(++i);
                    if (v.equals("forever")) {
                        preferredLft = -1L;
                    } else {
                        Long n = w.parseInteger(v, 0, 0xFFFFFFFFL);
                        if (n == null) {
                            w.error(ConfigStatus.GENERAL_ERROR, "preferred_lft " + v + " is invalid");
                        } else {
                            preferredLft = n;
                        }
                    }
                }
                default -> w.error(ConfigStatus.GENERAL_ERROR, "Unknown configuration entry '" + k
                        + "' for ip address - ignoring");
            }
        }
        return new IpAddress(prefix, brd, brdBits, dev, scope, label, peer, home, noDad, mngTmp, noPrefixRoute,
                autoJoin, noTrack, useVmac, trackGroup, preferredLft, w.location());
    }

    static final Set<String> ROUTE_TYPES = Set.of("unicast", "blackhole", "unreachable", "prohibit", "throw",
            "local", "broadcast", "anycast", "multicast", "nat");
    /** ip-route options with one value that keepalived-java keeps as written. */
    static final Set<String> ROUTE_VALUE_OPTIONS = Set.of("tos", "dsfield", "protocol", "proto", "priority",
            "mtu", "hoplimit", "advmss", "rtt", "rttvar", "reordering", "window", "cwnd", "ssthresh", "realms",
            "rto_min", "initcwnd", "initrwnd", "features", "congctl", "pref", "quickack", "fastopen_no_cookie",
            "vrf", "expires", "encap", "ttl-propagate");
    static final Set<String> ROUTE_FLAG_OPTIONS = Set.of("onlink", "lock", "ecn", "inet6", "inet");

    /** One route line: {@code [TYPE] [src IP] [to] PREFIX [via|gw IP] [dev IF] [table T] [metric N] ...}. */
    public static IpRoute route(Words w) {
        String type = "unicast";
        IpPrefix dest = null;
        IpPrefix source = null;
        InetAddress prefSrc = null;
        InetAddress via = null;
        String dev = null;
        String table = null;
        Long metric = null;
        String scope = null;
        boolean append = false;
        boolean noTrack = false;
        String trackGroup = null;
        Map<String, String> options = new LinkedHashMap<>();
        String destWord = null;
        for (int i = 0; i < w.size(); i++) {
            String k = w.get(i);
            String v = w.get(i + 1);
            switch (k) {
                case "src" -> {
                    prefSrc = ip(w, v, "src");
                    i++;
                }
                case "from" -> {
                    source = IpPrefix.parse(v);
                    i++;
                }
                case "to" -> {
                    dest = prefix(w, v);
                    destWord = v;
                    i++;
                }
                case "via", "gw" -> {
                    if (k.equals("gw")) {
                        w.error(ConfigStatus.GENERAL_ERROR, "\"gw\" for routes is deprecated. Please use \"via\"");
                    }
                    via = InetValues.parseLiteral(v);
                    if (via == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "VRRP parsed invalid IP " + v + ". skipping IP...");
                        w.error(ConfigStatus.GENERAL_ERROR, "invalid route via address " + v);
                        return null;
                    }
                    i++;
                }
                case "or" -> {
                    w.error(ConfigStatus.GENERAL_ERROR,
                            "\"or\" for routes is deprecated. Please use \"nexthop\"");
                    i++;
                }
                case "dev", "oif" -> {
                    dev = v;
                    i++;
                }
                case "table" -> {
                    table = v;
                    i++;
                }
                case "metric", "preference" -> {
                    metric = v == null ? null : w.parseInteger(v, 0, 0xFFFFFFFFL);
                    i++;
                }
                case "scope" -> {
                    scope = v;
                    i++;
                }
                case "append" -> append = true;
                case "prepend" -> append = false;
                case "no_track" -> noTrack = true;
                case "track_group" -> {
                    trackGroup = v;
                    i++;
                }
                case "nexthop" -> {
                    // nexthop groups: kept as written up to the next keyword we know
                    StringBuilder sb = new StringBuilder();
                    while (i + 1 < w.size() && !w.get(i + 1).equals("nexthop")) {
                        sb.append(sb.length() == 0 ? "" : " ").append(w.get(++i));
                    }
                    options.merge("nexthop", sb.toString(), (a, b) -> a + " ; " + b);
                }
                default -> {
                    if (ROUTE_TYPES.contains(k) && dest == null) {
                        type = k;
                    } else if (ROUTE_VALUE_OPTIONS.contains(k)) {
                        options.put(k, v);
                        i++;
                    } else if (ROUTE_FLAG_OPTIONS.contains(k)) {
                        options.put(k, "");
                    } else if (dest == null) {
                        dest = prefix(w, k);
                        destWord = k;
                        if (dest == null) {
                            w.error(ConfigStatus.GENERAL_ERROR, "unknown route keyword " + k);
                            return null;
                        }
                    } else {
                        // keepalived tries any other word as the destination before giving up on it
                        w.error(ConfigStatus.GENERAL_ERROR, "VRRP parsed invalid IP " + k + ". skipping IP...");
                        w.error(ConfigStatus.GENERAL_ERROR, "unknown route keyword " + k);
                        return null;
                    }
                }
            }
        }
        if (dest == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "No destination specified for route");
            return null;
        }
        if (!noTrack) {
            trackable(w, destWord, dev, options);
        }
        return new IpRoute(type, dest, source, prefSrc, via, dev, table, metric, scope, append, noTrack,
                trackGroup, options, w.location());
    }

    /**
     * keepalived tracks every route not marked no_track: it sets the route's protocol to its own (18) and follows
     * the route's interface. Both are configuration errors that it corrects: another protocol is reset, and a
     * route without an interface is not tracked (same rule for virtual_routes and static_routes).
     */
    private static void trackable(Words w, String destWord, String dev, Map<String, String> options) {
        String protocol = options.containsKey("protocol") ? options.get("protocol") : options.get("proto");
        if (protocol != null && !protocol.equals(String.valueOf(RTPROT_KEEPALIVED))
                && !protocol.equals("keepalived")) {
            w.error(ConfigStatus.GENERAL_ERROR, "Route cannot be tracked if protocol is not RTPROT_KEEPALIVED("
                    + RTPROT_KEEPALIVED + "), resetting protocol");
        }
        if (dev == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "Warning - cannot track route " + destWord
                    + " with no interface specified, not tracking");
        }
    }

    /** The routing protocol number keepalived marks its routes with (linux/rtnetlink.h RTPROT_KEEPALIVED). */
    static final int RTPROT_KEEPALIVED = 18;

    private static IpPrefix prefix(Words w, String s) {
        if (s == null) {
            return null;
        }
        if (s.equals("default")) {
            return IpPrefix.parse("0.0.0.0/0");
        }
        IpPrefix p = IpPrefix.parse(s);
        if (p == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "VRRP parsed invalid IP " + s + ". skipping IP...");
        }
        return p;
    }

    private static InetAddress ip(Words w, String s, String what) {
        InetAddress a = InetValues.parseLiteral(s);
        if (a == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "invalid route " + what + " address " + s);
        }
        return a;
    }

    static final Set<String> RULE_SELECTORS = Set.of("tos", "dsfield", "fwmark", "iif", "oif", "realms",
            "suppress_prefixlength", "suppress_ifgroup", "uidrange", "sport", "dport", "ip_proto", "protocol",
            "l3mdev");
    static final List<String> RULE_ACTIONS = List.of("table", "lookup", "goto", "nop", "blackhole", "prohibit",
            "unreachable");

    /** One rule line: selectors, an action, a preference (keepalived assigns one if missing, and says so). */
    public static IpRule rule(Words w) {
        IpPrefix from = null;
        IpPrefix to = null;
        boolean ipv6 = false;
        String action = null;
        String table = null;
        Long preference = null;
        boolean noTrack = false;
        String trackGroup = null;
        Map<String, String> selectors = new LinkedHashMap<>();
        for (int i = 0; i < w.size(); i++) {
            String k = w.get(i);
            String v = w.get(i + 1);
            switch (k) {
                case "from", "to" -> {
                    IpPrefix p = "all".equals(v) ? null : IpPrefix.parse(v);
                    if (p == null && !"all".equals(v)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid rule " + k + " address " + v);
                        return null;
                    }
                    if (p != null && !p.isIpv4()) {
                        ipv6 = true;
                    }
                    if (k.equals("from")) {
                        from = p;
                    } else {
                        to = p;
                    }
                    i++;
                }
                case "inet6" -> ipv6 = true;
                case "not" -> selectors.put("not", "");
                case "preference", "priority", "pref" -> {
                    preference = v == null ? null : w.parseInteger(v, 0, 0xFFFFFFFFL);
                    i++;
                }
                case "table", "lookup", "goto" -> {
                    action = k.equals("lookup") ? "table" : k;
                    table = v;
                    i++;
                }
                case "nop", "blackhole", "prohibit", "unreachable" -> action = k;
                case "no_track" -> noTrack = true;
                case "track_group" -> {
                    trackGroup = v;
                    i++;
                }
                default -> {
                    if (RULE_SELECTORS.contains(k)) {
                        selectors.put(k, k.equals("l3mdev") ? "" : v);
                        if (!k.equals("l3mdev")) {
                            i++;
                        }
                    } else {
                        w.error(ConfigStatus.GENERAL_ERROR, "Unknown rule option " + k);
                        return null;
                    }
                }
            }
        }
        if (action == null && !selectors.containsKey("l3mdev")) {
            w.error(ConfigStatus.GENERAL_ERROR, "No action specified for rule - ignoring");
            return null;
        }
        if (preference == null) {
            w.error(ConfigStatus.GENERAL_ERROR,
                    "Rule has no preference specified - setting to 16384. This is probably not what you want.");
            preference = 16384L;
        }
        return new IpRule(ipv6, from, to, action, table, preference, noTrack, trackGroup, selectors,
                w.location());
    }
}
