package org.keepalivedjava.config.keywords;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.model.lvs.Forwarding;
import org.keepalivedjava.config.model.lvs.LvsBuilder;
import org.keepalivedjava.config.model.lvs.RealServerBuilder;
import org.keepalivedjava.config.model.lvs.VirtualServer;
import org.keepalivedjava.config.model.lvs.VirtualServerBuilder;
import org.keepalivedjava.config.model.lvs.VirtualServerGroup;
import org.keepalivedjava.config.model.lvs.VirtualServerGroupBuilder;
import org.keepalivedjava.config.tree.KeywordTable;
import org.keepalivedjava.config.tree.Words;
import org.keepalivedjava.config.values.CheckValues;

/**
 * The health-check sections of keepalived 2.2.7: {@code SSL}, {@code virtual_server_group}, {@code virtual_server}
 * with its {@code real_server}s; the checker blocks are in {@link CheckerKeywords}. Messages, ranges and verdicts
 * are those of the real {@code keepalived -t} (Debian 12 build), which reports nearly every problem here as a
 * configuration error (exit 5), including its "setting default" notes.
 */
public final class CheckKeywords {
    /** keepalived 2.2.7's accepted schedulers. */
    static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "sh", "mh", "dh", "fo", "ovf",
            "lblcr", "sed", "nq", "twos");
    static final long UINT_MAX = CheckValues.UINT_MAX;
    static final long INT_MAX = Integer.MAX_VALUE;
    /** LVS_MAX_TIMEOUT: 31 days. */
    static final long PERSISTENCE_MAX_S = 2_678_400L;
    static final int IFNAMSIZ = 16;

    private CheckKeywords() {
    }

    public static void install(KeywordTable<ConfigBuilder> root) {
        root.block("SSL", (c, w) -> {
            if (c.lvs.ssl != null) {
                w.error(ConfigStatus.GENERAL_ERROR, "SSL context already specified - replacing");
            }
            c.lvs.ssl = new LvsBuilder.SslBuilder(w.location());
            return c.lvs.ssl;
        }, sslTable());
        root.values("virtual_server_group", CheckKeywords::openGroup, CheckKeywords::groupEntry);
        root.block("virtual_server", CheckKeywords::openVirtualServer, virtualServerTable(),
                (vs, at) -> { });
        BfdKeywords.install(root);
    }

    // ---------------------------------------------------------------- SSL

    private static KeywordTable<LvsBuilder.SslBuilder> sslTable() {
        return new KeywordTable<LvsBuilder.SslBuilder>("SSL")
                .leaf("password", (s, w) -> s.password = sslFile(w, s.password, "password"))
                .leaf("ca", (s, w) -> s.caFile = sslFile(w, s.caFile, "cafile"))
                .leaf("certificate", (s, w) -> s.certificateFile = sslFile(w, s.certificateFile, "certfile"))
                .leaf("key", (s, w) -> s.keyFile = sslFile(w, s.keyFile, "keyfile"));
    }

    private static String sslFile(Words w, String previous, String type) {
        if (!w.has(1)) {
            w.error(ConfigStatus.GENERAL_ERROR, "SSL " + type + " missing");
            return previous;
        }
        if (previous != null) {
            w.error(ConfigStatus.GENERAL_ERROR, "SSL " + type + " already specified - replacing");
        }
        return String.join(" ", w.from(1));
    }

    // ---------------------------------------------------------------- virtual_server_group

    private static void openGroup(ConfigBuilder c, Words w) {
        String name = w.require(1);
        c.lvs.groups.add(new VirtualServerGroupBuilder(name == null ? "" : name, w.location()));
    }

    private static void groupEntry(ConfigBuilder c, Words w) {
        VirtualServerGroupBuilder g = c.lvs.groups.get(c.lvs.groups.size() - 1);
        if ("fwmark".equals(w.get(0))) {
            String mark = w.require(1);
            if (mark == null) {
                return;
            }
            Long v = CheckValues.unsigned(w, mark, 0, UINT_MAX);
            if (v == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "(" + g.name + "): fwmark '" + mark + "' must be in [0, "
                        + UINT_MAX + "] - ignoring");
                return;
            }
            String family = w.get(2);
            if (family != null && !family.equals("inet") && !family.equals("inet6")) {
                w.error(ConfigStatus.GENERAL_ERROR, "(" + g.name + "): fwmark '" + mark + "' family " + family
                        + " unknown - ignoring");
                return;
            }
            g.entries.add(new VirtualServerGroup.Fwmark(v, family, w.location()));
            return;
        }
        String range = w.get(0);
        String portText = w.get(1);
        int port = 0;
        if (portText != null) {
            Integer p = CheckValues.port(w, portText);
            if (p == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "Invalid virtual server group IP address " + range + " /port/"
                        + portText + " - skipping");
                return;
            }
            port = p;
        }
        InetAddress[] bounds = parseRange(range);
        if (bounds == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "Invalid virtual server group IP address " + range + " /port/"
                    + (portText == null ? "" : portText) + " - skipping");
            return;
        }
        if (new BigInteger(1, bounds[1].getAddress()).compareTo(new BigInteger(1, bounds[0].getAddress())) < 0) {
            w.error(ConfigStatus.GENERAL_ERROR, "Address range end is not greater than address range start - "
                    + range + " - skipping");
            return;
        }
        g.entries.add(new VirtualServerGroup.AddressRange(bounds[0], bounds[1], port, w.location()));
    }

    /**
     * {@code A}, {@code A-LAST} (LAST replaces the last octet / group, or is a whole address) or {@code A/PREFIX};
     * returns {first, last} or null.
     */
    static InetAddress[] parseRange(String s) {
        int slash = s.indexOf('/');
        if (slash > 0) {
            InetAddress base = CheckValues.ip(s.substring(0, slash));
            if (base == null || !s.substring(slash + 1).matches("\\d{1,3}")) {
                return null;
            }
            int bits = base.getAddress().length * 8;
            int prefix = Integer.parseInt(s.substring(slash + 1));
            if (prefix > bits) {
                return null;
            }
            BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
            BigInteger a = new BigInteger(1, base.getAddress());
            return new InetAddress[] {base, toAddress(a.or(hostMask), base.getAddress().length)};
        }
        int dash = s.indexOf('-');
        if (dash < 0) {
            InetAddress a = CheckValues.ip(s);
            return a == null ? null : new InetAddress[] {a, a};
        }
        InetAddress first = CheckValues.ip(s.substring(0, dash));
        String end = s.substring(dash + 1);
        if (first == null || end.isEmpty()) {
            return null;
        }
        InetAddress last = CheckValues.ip(end);
        if (last != null) {
            return first.getClass() == last.getClass() ? new InetAddress[] {first, last} : null;
        }
        byte[] b = first.getAddress();
        if (first instanceof Inet4Address) {
            if (!end.matches("\\d{1,3}") || Integer.parseInt(end) > 255) {
                return null;
            }
            b[3] = (byte) Integer.parseInt(end);
        } else {
            if (!end.matches("[0-9a-fA-F]{1,4}")) {
                return null;
            }
            int v = Integer.parseInt(end, 16);
            b[14] = (byte) (v >> 8);
            b[15] = (byte) v;
        }
        return new InetAddress[] {first, toAddress(new BigInteger(1, b), b.length)};
    }

    private static InetAddress toAddress(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] b = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, b, length - copy, copy);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is 4 or 16
        }
    }

    // ---------------------------------------------------------------- virtual_server

    private static VirtualServerBuilder openVirtualServer(ConfigBuilder c, Words w) {
        c.lvs.scriptsInUse = c.scriptsInUse;
        String first = w.require(1);
        if (first == null) {
            return null;
        }
        VirtualServerBuilder vs;
        if (first.equals("fwmark")) {
            String mark = w.require(2);
            Long v = mark == null ? null : CheckValues.unsigned(w, mark, 1, UINT_MAX);
            if (v == null) {
                return null;
            }
            vs = new VirtualServerBuilder(new VirtualServer.Fwmark(v), w.location());
        } else if (first.equals("group")) {
            String name = w.require(2);
            if (name == null) {
                return null;
            }
            vs = new VirtualServerBuilder(new VirtualServer.Group(name), w.location());
        } else {
            String portText = w.get(2);
            InetAddress ip = CheckValues.ip(first);
            Integer port = CheckValues.serverPort(w, portText);
            if (ip == null || port == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "Invalid virtual server IP address/port " + first + "/"
                        + (portText == null ? "" : portText) + " - skipping");
                return null;
            }
            vs = new VirtualServerBuilder(new VirtualServer.AddressPort(ip, port), w.location());
            vs.family = ip instanceof Inet6Address ? "inet6" : "inet";
        }
        vs.root = c.lvs;
        c.lvs.virtualServers.add(vs);
        return vs;
    }

    private static KeywordTable<VirtualServerBuilder> virtualServerTable() {
        KeywordTable<VirtualServerBuilder> t = new KeywordTable<VirtualServerBuilder>("virtual_server")
                .leaf("ip_family", CheckKeywords::ipFamily)
                .leaf("retry", (vs, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 1, UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "retry value invalid - " + arg(w));
                    } else {
                        vs.retry = v;
                    }
                })
                .leaf("delay_before_retry", (vs, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 0, null);
                    vs.delayBeforeRetryUs = v != null ? v : vs.delayBeforeRetryUs;
                })
                .leaf("warmup", (vs, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 0, null);
                    vs.warmupUs = v != null ? v : vs.warmupUs;
                })
                .leaf("connect_timeout", (vs, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 1, UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "virtual server connect_timeout " + arg(w)
                                + " invalid - ignoring");
                    } else {
                        vs.connectTimeoutUs = v;
                    }
                })
                .leaf("delay_loop", (vs, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 1, null);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "virtual server delay loop '" + arg(w)
                                + "' invalid - ignoring");
                    } else {
                        vs.delayLoopUs = v;
                    }
                })
                .leaf("inhibit_on_failure", (vs, w) -> vs.inhibitOnFailure = true)
                .leaf("lvs_sched", CheckKeywords::scheduler)
                // keepalived 2.2.7 accepts the old names silently (no deprecation message), so they are plain aliases.
                .leaf("lb_algo", CheckKeywords::scheduler)
                .leaf("lvs_method", (vs, w) -> {
                    Forwarding f = forwarding(w, "virtual");
                    vs.forwarding = f != null ? f : vs.forwarding;
                })
                .leaf("lb_kind", (vs, w) -> {
                    Forwarding f = forwarding(w, "virtual");
                    vs.forwarding = f != null ? f : vs.forwarding;
                })
                .leaf("persistence_engine", (vs, w) -> {
                    String s = w.require(1);
                    if (s != null && s.length() > IFNAMSIZ - 1) {
                        w.error(ConfigStatus.GENERAL_ERROR, "persistence_name too long, truncating - " + s);
                        s = s.substring(0, IFNAMSIZ - 1);
                    }
                    vs.persistenceEngine = s != null ? s : vs.persistenceEngine;
                })
                .leaf("persistence_timeout", (vs, w) -> {
                    if (!w.has(1)) {
                        vs.persistenceTimeoutS = LvsBuilder.PERSISTENCE_DEFAULT_TIMEOUT_S;
                        return;
                    }
                    Long v = CheckValues.unsigned(w, 1, 1, PERSISTENCE_MAX_S);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "persistence_timeout invalid");
                    } else {
                        vs.persistenceTimeoutS = v;
                    }
                })
                .leaf("persistence_granularity", CheckKeywords::persistenceGranularity)
                .leaf("protocol", (vs, w) -> {
                    String s = w.require(1);
                    if (s == null) {
                        return;
                    }
                    switch (s.toUpperCase(java.util.Locale.ROOT)) {
                        case "TCP" -> vs.protocol = VirtualServer.Protocol.TCP;
                        case "UDP" -> vs.protocol = VirtualServer.Protocol.UDP;
                        case "SCTP" -> vs.protocol = VirtualServer.Protocol.SCTP;
                        default -> w.error(ConfigStatus.GENERAL_ERROR, "Unknown protocol " + s + " - ignoring");
                    }
                })
                .leaf("ha_suspend", (vs, w) -> vs.haSuspend = true)
                .leaf("smtp_alert", (vs, w) -> {
                    Boolean b = w.has(1) ? CheckValues.trueFalse(w.get(1)) : Boolean.TRUE;
                    if (b == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid virtual_server smtp_alert parameter " + w.get(1));
                    } else {
                        vs.smtpAlert = b;
                    }
                })
                .leaf("virtualhost", (vs, w) -> {
                    if (!w.has(1)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "virtual server virtualhost missing");
                    } else {
                        vs.virtualhost = String.join(" ", w.from(1));
                    }
                })
                .leaf("snmp_name", (vs, w) -> {
                    if (w.size() != 2) {
                        w.error(ConfigStatus.GENERAL_ERROR, "virtual server snmp_name missing or extra parameters");
                    } else {
                        vs.snmpName = w.get(1);
                    }
                })
                .leaf("alpha", (vs, w) -> vs.alpha = true)
                .leaf("omega", (vs, w) -> vs.omega = true)
                .leaf("quorum_up", (vs, w) -> {
                    if (vs.quorumUp != null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "(" + groupName(vs) + ") quorum_up script already specified"
                                + " - ignoring " + arg(w));
                    } else {
                        vs.quorumUp = CheckScripts.parse(w);
                    }
                })
                .leaf("quorum_down", (vs, w) -> {
                    if (vs.quorumDown != null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "(" + groupName(vs) + ") quorum_down script already"
                                + " specified - ignoring " + arg(w));
                    } else {
                        vs.quorumDown = CheckScripts.parse(w);
                    }
                })
                .leaf("quorum", (vs, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 1, UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Quorum " + arg(w) + " must be in [1, " + UINT_MAX
                                + "]. Setting to 1.");
                    }
                    vs.quorum = v == null ? 1 : v;
                })
                .leaf("hysteresis", (vs, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 0, UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Hysteresis " + arg(w) + " must be in [0, " + UINT_MAX
                                + "] - ignoring");
                    } else {
                        vs.hysteresis = v;
                    }
                })
                .leaf("weight", (vs, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 1, INT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Virtual server weight " + arg(w)
                                + " is outside range 1-" + INT_MAX);
                    } else {
                        vs.weight = v;
                    }
                })
                .leaf("sorry_server", CheckKeywords::sorryServer)
                .leaf("sorry_server_inhibit", (vs, w) -> {
                    if (vs.sorryServer == null) {
                        w.error(ConfigStatus.GENERAL_ERROR,
                                "Ignoring sorry_server inhibit used before or without sorry_server");
                    } else {
                        var s = vs.sorryServer;
                        vs.sorryServer = new VirtualServer.SorryServer(s.address(), s.port(), true, s.forwarding(),
                                s.location());
                    }
                })
                .leaf("sorry_server_lvs_method", (vs, w) -> {
                    if (vs.sorryServer == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "sorry_server forwarding used without sorry_server");
                        return;
                    }
                    Forwarding f = forwarding(w, "sorry");
                    if (f != null) {
                        var s = vs.sorryServer;
                        vs.sorryServer = new VirtualServer.SorryServer(s.address(), s.port(), s.inhibit(), f,
                                s.location());
                    }
                })
                .block("real_server", CheckKeywords::openRealServer, LvsRealServerKeywords.table(),
                        CheckKeywords::closeRealServer);
        for (String flag : List.of("hashed", "ops", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback",
                "mh-port", "mh-fallback")) {
            t.leaf(flag, CheckKeywords::schedulerFlag);
        }
        return t;
    }

    /** keepalived prints the virtual server's group name, "(null)" when it has none. */
    static String groupName(VirtualServerBuilder vs) {
        return vs.service instanceof VirtualServer.Group g ? g.name() : "(null)";
    }

    /** Word 1 as keepalived prints it in messages (it prints "(null)" for a missing word). */
    static String arg(Words w) {
        return w.has(1) ? w.get(1) : "(null)";
    }

    private static void scheduler(VirtualServerBuilder vs, Words w) {
        String s = w.require(1);
        if (s == null) {
            return;
        }
        if (!SCHEDULERS.contains(s)) {
            w.error(ConfigStatus.GENERAL_ERROR, "Invalid lvs_scheduler '" + s + "' - ignoring");
            return;
        }
        vs.scheduler = s;
    }

    private static void schedulerFlag(VirtualServerBuilder vs, Words w) {
        String flag = w.keyword();
        boolean general = flag.equals("ops") || flag.startsWith("flag-");
        boolean sh = flag.startsWith("sh-") && "sh".equals(vs.scheduler);
        boolean mh = flag.startsWith("mh-") && "mh".equals(vs.scheduler);
        // As keepalived, sh-*/mh-* only count after lvs_sched sh/mh; anything else (hashed too) is reported.
        if (general || sh || mh || (("sh".equals(vs.scheduler) || "mh".equals(vs.scheduler)) && !flag.equals("hashed"))) {
            if (general || sh || mh) {
                vs.schedulerFlags.add(flag);
            }
            return;
        }
        w.error(ConfigStatus.GENERAL_ERROR, flag + " only applies to sh scheduler - ignoring");
    }

    private static void ipFamily(VirtualServerBuilder vs, Words w) {
        String s = w.require(1);
        if (s == null) {
            return;
        }
        if (!s.equals("inet") && !s.equals("inet6")) {
            w.error(ConfigStatus.GENERAL_ERROR, "unknown address family " + s);
            return;
        }
        if (vs.family != null && !vs.family.equals(s)) {
            w.error(ConfigStatus.GENERAL_ERROR, "Virtual server specified family " + s
                    + " conflicts with server family");
            return;
        }
        vs.family = s;
    }

    private static void persistenceGranularity(VirtualServerBuilder vs, Words w) {
        String s = w.require(1);
        if (s == null) {
            return;
        }
        String af = vs.family != null ? vs.family : s.indexOf('.') >= 0 ? "inet" : "inet6";
        if (af.equals("inet6")) {
            if (CheckValues.unsigned(w, s, 1, 128) == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "Invalid IPv6 persistence_granularity specified - " + s);
                return;
            }
        } else if (!(CheckValues.ip(s) instanceof Inet4Address)) {
            w.error(ConfigStatus.GENERAL_ERROR, "Invalid IPv4 persistence_granularity specified - " + s);
            return;
        }
        vs.persistenceGranularity = s;
        if (vs.family == null) {
            vs.family = af;
        }
        if (vs.persistenceTimeoutS == 0) {
            vs.persistenceTimeoutS = LvsBuilder.PERSISTENCE_DEFAULT_TIMEOUT_S;
        }
    }

    private static void sorryServer(VirtualServerBuilder vs, Words w) {
        String ipText = w.require(1);
        if (ipText == null) {
            return;
        }
        InetAddress ip = CheckValues.ip(ipText);
        String portText = w.get(2);
        Integer port = portText == null ? Integer.valueOf(0) : CheckValues.port(w, portText);
        if (ip == null || port == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "Invalid sorry server ip address/port " + ipText + "/"
                    + (portText == null ? "" : portText) + " - skipping");
            return;
        }
        vs.sorryServer = new VirtualServer.SorryServer(ip, port, false, null, w.location());
    }

    /**
     * {@code NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]} with keepalived's messages;
     * null after reporting (the previous setting stays).
     *
     * @param serverType "virtual", "real" or "sorry", as in keepalived's messages
     */
    static Forwarding forwarding(Words w, String serverType) {
        String m = w.require(1);
        if (m == null) {
            return null;
        }
        Forwarding.Method method;
        switch (m) {
            case "NAT" -> method = Forwarding.Method.NAT;
            case "DR" -> method = Forwarding.Method.DR;
            case "TUN" -> method = Forwarding.Method.TUN;
            default -> {
                w.error(ConfigStatus.GENERAL_ERROR, "PARSER : unknown [" + m + "] routing method for " + serverType
                        + " server.");
                return null;
            }
        }
        Forwarding.TunnelType type = Forwarding.TunnelType.IPIP;
        int port = 0;
        Forwarding.Checksum csum = Forwarding.Checksum.NOCSUM;
        for (int i = 2; i < w.size(); i++) {
            String opt = w.get(i);
            switch (opt) {
                case "type" -> {
                    if (!w.has(i + 1)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Missing tunnel type for " + serverType + " server.");
                        return null;
                    }
                    switch (w.get(i + 1)) {
                        case "ipip" -> type = Forwarding.TunnelType.IPIP;
                        case "gue" -> type = Forwarding.TunnelType.GUE;
                        case "gre" -> type = Forwarding.TunnelType.GRE;
                        default -> {
                            w.error(ConfigStatus.GENERAL_ERROR, "Unknown tunnel type " + w.get(i + 1) + " for "
                                    + serverType + " server.");
                            return null;
                        }
                    }
                    i++;
                }
                case "port" -> {
                    if (!w.has(i + 1)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Missing port for " + serverType + " server gue tunnel.");
                        return null;
                    }
                    Integer p = CheckValues.port(w, w.get(i + 1));
                    if (p == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid gue tunnel port " + w.get(i + 1) + " for "
                                + serverType + " server.");
                        return null;
                    }
                    port = p;
                    i++;
                }
                case "nocsum" -> csum = Forwarding.Checksum.NOCSUM;
                case "csum" -> csum = Forwarding.Checksum.CSUM;
                case "remcsum" -> csum = Forwarding.Checksum.REMCSUM;
                default -> {
                    w.error(ConfigStatus.GENERAL_ERROR, "Invalid tunnel option " + opt + " for " + serverType
                            + " server.");
                    return null;
                }
            }
        }
        if ((type == Forwarding.TunnelType.GUE) != (port != 0)) {
            w.error(ConfigStatus.GENERAL_ERROR, "gue tunnels require port, otherwise cannot have port.");
            return null;
        }
        if (type == Forwarding.TunnelType.IPIP && csum != Forwarding.Checksum.NOCSUM) {
            w.error(ConfigStatus.GENERAL_ERROR, "ipip tunnels do not support checksum option.");
            return null;
        }
        if (type == Forwarding.TunnelType.GRE && csum == Forwarding.Checksum.REMCSUM) {
            w.error(ConfigStatus.GENERAL_ERROR, "gre tunnels do not support remote checksum option.");
            return null;
        }
        return new Forwarding(method, type, port, csum);
    }

    // ---------------------------------------------------------------- real_server

    private static RealServerBuilder openRealServer(VirtualServerBuilder vs, Words w) {
        String ipText = w.require(1);
        if (ipText == null) {
            return null;
        }
        InetAddress ip = CheckValues.ip(ipText);
        String portText = w.get(2);
        Integer port = CheckValues.serverPort(w, portText);
        if (ip == null || port == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "Invalid real server ip address/port " + ipText + "/"
                    + (portText == null ? "" : portText) + " - skipping");
            return null;
        }
        RealServerBuilder rs = new RealServerBuilder(vs, ip, port, w.location());
        rs.diagnostics = w.diagnostics();
        return rs;
    }

    /**
     * keepalived's end of a real_server: unless tunnelled, its address family must be the virtual server's (and
     * fixes it when not yet known), else the real server is dropped.
     *
     * <p>keepalived reports at the closing brace; the tree parser gives the opening line, which is what we report.
     */
    private static void closeRealServer(RealServerBuilder rs, Location at) {
        VirtualServerBuilder vs = rs.owner;
        Forwarding f = rs.forwarding != null ? rs.forwarding : vs.forwarding;
        String af = rs.address instanceof Inet6Address ? "inet6" : "inet";
        if (f == null || f.method() != Forwarding.Method.TUN) {
            if (vs.family == null) {
                vs.family = af;
            } else if (!vs.family.equals(af)) {
                rs.diagnostics.error(ConfigStatus.GENERAL_ERROR, at,
                        "Address family of virtual server and real server " + CheckValues.format(rs.address)
                                + " don't match - skipping real server.");
                return;
            }
        }
        vs.realServers.add(rs);
    }
}
