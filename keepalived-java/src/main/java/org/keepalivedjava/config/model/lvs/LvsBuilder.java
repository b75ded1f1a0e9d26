package org.keepalivedjava.config.model.lvs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.config.values.CheckValues;

/**
 * Filled by the health-check keywords (phase 2); {@link #build} runs keepalived's end-of-config checks of the
 * checker process (in keepalived's order, with its messages) and resolves every inherited value (phase 3).
 */
public final class LvsBuilder {
    public static final long DEFAULT_DELAY_LOOP_US = 60_000_000L;
    public static final long DEFAULT_CONNECT_TIMEOUT_US = 5_000_000L;
    public static final long PERSISTENCE_DEFAULT_TIMEOUT_S = 360;
    public static final String DEFAULT_SCHEDULER = "wlc";
    public static final String DEFAULT_HELO = "smtpchecker.keepalived.org";

    public final List<VirtualServerGroupBuilder> groups = new ArrayList<>();
    public final List<VirtualServerBuilder> virtualServers = new ArrayList<>();
    /** Names of the bfd_instance sections read so far (BFD_CHECK must name one defined before it). */
    public final java.util.Set<String> bfdInstanceNames = new java.util.LinkedHashSet<>();
    /** The top-level SSL block, null when absent. */
    public SslBuilder ssl;
    /**
     * Where the scripts that will run are registered (the config root's scriptsInUse), set by the keywords when a
     * virtual_server opens; scripts are registered only when the server that owns them survives validation.
     */
    public List<NotifyScript> scriptsInUse = new ArrayList<>();

    /** Filled by the SSL block. */
    public static final class SslBuilder {
        public final Location location;
        public String password;
        public String caFile;
        public String certificateFile;
        public String keyFile;

        public SslBuilder(Location location) {
            this.location = location;
        }
    }

    public LvsConfig build(GlobalDefs global, Diagnostics diagnostics, HostView host) {
        List<VirtualServerGroup> builtGroups = new ArrayList<>();
        for (VirtualServerGroupBuilder g : groups) {
            if (g.entries.isEmpty()) {
                diagnostics.error(ConfigStatus.GENERAL_ERROR, g.location, "virtual server group " + g.name
                        + " has no entries - removing");
            } else if (g.hasIpv4() && g.hasIpv6() && g.hasFwmarkWithoutFamily()) {
                diagnostics.error(ConfigStatus.GENERAL_ERROR, g.location, "virtual server group " + g.name
                        + " cannot have IPv4, IPv6 and fwmark without family - removing");
            } else {
                builtGroups.add(g.build());
            }
        }
        Set<String> groupNames = new HashSet<>();
        Set<String> fwmarkOnlyGroups = new HashSet<>();
        for (VirtualServerGroup g : builtGroups) {
            groupNames.add(g.name());
            if (g.entries().stream().allMatch(e -> e instanceof VirtualServerGroup.Fwmark)) {
                fwmarkOnlyGroups.add(g.name());
            }
        }
        List<VirtualServer> built = new ArrayList<>();
        for (VirtualServerBuilder vs : virtualServers) {
            // keepalived silently drops a virtual server whose group does not exist (measured: no message).
            if (vs.service instanceof VirtualServer.Group g && !groupNames.contains(g.name())) {
                continue;
            }
            VirtualServer v = buildVirtualServer(vs, fwmarkOnlyGroups, diagnostics, host);
            if (v != null) {
                built.add(v);
            }
        }
        SslConfig sslConfig = ssl == null ? null
                : new SslConfig(ssl.password, ssl.caFile, ssl.certificateFile, ssl.keyFile, ssl.location);
        return new LvsConfig(builtGroups, built, sslConfig);
    }

    private static void error(Diagnostics d, String message) {
        d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, message);
    }

    /**
     * @param fwmarkOnlyGroups groups whose entries are all fwmarks: like a fwmark service, a virtual server on one
     *                         needs no protocol (keepalived 2.2.7 measured: no message for them, the message for a
     *                         group with addresses)
     */
    private VirtualServer buildVirtualServer(VirtualServerBuilder vs, Set<String> fwmarkOnlyGroups, Diagnostics d,
                                             HostView host) {
        if (vs.realServers.isEmpty()) {
            error(d, "Virtual server " + vs.displayName() + " has no real servers - ignoring");
            return null;
        }
        boolean fwmark = vs.service instanceof VirtualServer.Fwmark;
        if (vs.haSuspend && fwmark) {
            error(d, "Virtual server " + vs.displayName() + ": cannot use ha_suspend with fwmarks - clearing ha_suspend");
            vs.haSuspend = false;
        }
        boolean fwmarkOnly = fwmark
                || vs.service instanceof VirtualServer.Group g && fwmarkOnlyGroups.contains(g.name());
        if (vs.protocol == null && !fwmarkOnly) {
            error(d, "Virtual server " + vs.displayName() + ": no protocol set - defaulting to UDP");
            vs.protocol = VirtualServer.Protocol.UDP;
        }
        if (vs.schedulerFlags.contains("ops") && vs.protocol != VirtualServer.Protocol.UDP) {
            error(d, "Virtual server " + vs.displayName() + ": one packet scheduling requires UDP - resetting");
            vs.schedulerFlags.remove("ops");
        }
        int vsPort = vs.service instanceof VirtualServer.AddressPort a ? a.port() : -1;
        if (vsPort == 0 && vs.persistenceTimeoutS == 0) {
            error(d, "Virtual server " + vs.displayName()
                    + ": zero port only valid for persistent services - setting");
            vs.persistenceTimeoutS = PERSISTENCE_DEFAULT_TIMEOUT_S;
        }
        if (fwmark && vs.protocol != null) {
            error(d, "Warning: Virtual server " + vs.displayName()
                    + ": protocol specified for fwmark - protocol will be ignored");
            vs.protocol = null;
        }
        if (vs.scheduler == null) {
            error(d, "Virtual server " + vs.displayName() + ": no scheduler set, setting default '"
                    + DEFAULT_SCHEDULER + "'");
            vs.scheduler = DEFAULT_SCHEDULER;
        }
        if (vs.forwarding == null) {
            error(d, "Virtual server " + vs.displayName() + ": no forwarding method set, setting default NAT");
            vs.forwarding = Forwarding.NAT;
        }

        // keepalived's order: duplicates, quorum, hysteresis, then DR/TUN ports reset to the virtual server's.
        List<RealServerBuilder> kept = new ArrayList<>();
        String proto = vs.protocol == null ? "none" : vs.protocol.name().toLowerCase(java.util.Locale.ROOT);
        for (RealServerBuilder rs : vs.realServers) {
            boolean duplicate = kept.stream().anyMatch(k -> k.address.equals(rs.address) && k.port == rs.port);
            if (duplicate) {
                error(d, "VS " + vs.displayName() + ": real server "
                        + CheckValues.serviceName(rs.address, proto, rs.port) + " is duplicated - removing second rs");
                continue;
            }
            kept.add(rs);
        }
        long totalWeight = kept.stream().mapToLong(r -> r.weight).sum();
        if (vs.quorum > totalWeight) {
            error(d, "Warning - quorum " + vs.quorum + " for " + vs.displayName()
                    + " exceeds total weight of real servers " + totalWeight + ", reducing quorum to " + totalWeight);
            vs.quorum = totalWeight;
        }
        if (vs.hysteresis > 0 && vs.hysteresis >= vs.quorum) {
            long h = vs.quorum == 0 ? 0 : vs.quorum - 1;
            error(d, "Virtual server " + vs.displayName() + ": hysteresis " + vs.hysteresis + " >= quorum "
                    + vs.quorum + "; setting hysteresis to " + h);
            vs.hysteresis = h;
        }
        for (RealServerBuilder rs : kept) {
            // a fwmark service matches packets by mark, not port: its real servers take the packet's own port
            if (fwmark && rs.port != 0) {
                error(d, "WARNING - fwmark virtual server " + vs.displayName() + ", real server "
                        + CheckValues.serviceName(rs.address, proto, rs.port) + " has port specified - clearing");
                rs.port = 0;
            }
            Forwarding fw = rs.forwarding != null ? rs.forwarding : vs.forwarding;
            if (vsPort >= 0 && fw.method() != Forwarding.Method.NAT && rs.port != vsPort) {
                // a real server written without a port silently takes the virtual server's (measured: no message)
                if (rs.port != 0) {
                    error(d, "WARNING - virtual server " + vs.displayName() + " and real server "
                            + CheckValues.serviceName(rs.address, proto, rs.port) + " ports don't match - resetting");
                }
                rs.port = vsPort;
            }
        }
        VirtualServer.SorryServer sorry = vs.sorryServer;
        if (sorry != null && vsPort >= 0 && vs.forwarding.method() != Forwarding.Method.NAT
                && sorry.port() != vsPort) {
            error(d, "WARNING - virtual server " + vs.displayName() + " and sorry server ports don't match - resetting");
            sorry = new VirtualServer.SorryServer(sorry.address(), vsPort, sorry.inhibit(), sorry.forwarding(),
                    sorry.location());
        }
        if (sorry != null && sorry.forwarding() == null) {
            sorry = new VirtualServer.SorryServer(sorry.address(), sorry.port(), sorry.inhibit(), vs.forwarding,
                    sorry.location());
        }

        List<RealServer> realServers = new ArrayList<>();
        for (RealServerBuilder rs : kept) {
            realServers.add(buildRealServer(vs, rs, d, host));
        }
        register(vs.quorumUp);
        register(vs.quorumDown);
        String family = vs.family != null ? vs.family : "inet";
        return new VirtualServer(vs.service, vs.protocol, vs.scheduler, vs.schedulerFlags, vs.forwarding,
                vs.persistenceTimeoutS, vs.persistenceGranularity, vs.persistenceEngine, family, vs.quorum,
                vs.hysteresis, vs.quorumUp, vs.quorumDown, sorry, vs.inhibitOnFailure, vs.alpha, vs.omega,
                vs.haSuspend, vs.virtualhost, vs.smtpAlert, vs.weight, vs.snmpName, realServers, vs.location);
    }

    private void register(NotifyScript script) {
        if (script != null) {
            scriptsInUse.add(script);
        }
    }

    private RealServer buildRealServer(VirtualServerBuilder vs, RealServerBuilder rs, Diagnostics d, HostView host) {
        List<CheckerConfig> checkers = new ArrayList<>();
        for (CheckerBuilder c : rs.checkers) {
            CheckerConfig built = buildChecker(vs, rs, c, d, host);
            if (built != null) {
                checkers.add(built);
            }
        }
        register(rs.notifyUp);
        register(rs.notifyDown);
        boolean inhibit = rs.inhibitOnFailure != null ? rs.inhibitOnFailure : vs.inhibitOnFailure;
        boolean alpha = rs.alpha != null ? rs.alpha : vs.alpha;
        String virtualhost = rs.virtualhost != null ? rs.virtualhost : vs.virtualhost;
        Forwarding forwarding = rs.forwarding != null ? rs.forwarding : vs.forwarding;
        return new RealServer(rs.address, rs.port, rs.weight, forwarding, inhibit, rs.notifyUp, rs.notifyDown,
                rs.uthreshold, rs.lthreshold, rs.smtpAlert, alpha, virtualhost, rs.snmpName, checkers, rs.location);
    }

    private static <T> T first(T a, T b, T c) {
        return a != null ? a : b != null ? b : c;
    }

    private CheckerConfig buildChecker(VirtualServerBuilder vs, RealServerBuilder rs, CheckerBuilder c,
                                       Diagnostics d, HostView host) {
        if (!c.valid) {
            return null;
        }
        switch (c.kind) {
            case FILE_CHECK:
                return new CheckerConfig.FileCheck(c.trackFile, c.fileWeight, c.fileReverse, c.fileDynamic,
                        c.location);
            case BFD_CHECK:
                return new CheckerConfig.BfdCheck(c.bfdName, c.location);
            default:
                break;
        }
        CheckerConfig.Common common = resolveCommon(vs, rs, c);
        String vhost = first(c.virtualhost, rs.virtualhost, vs.virtualhost);
        switch (c.kind) {
            case TCP_CHECK:
                return new CheckerConfig.TcpCheck(common, c.location);
            case PING_CHECK:
                return new CheckerConfig.PingCheck(common, c.location);
            case SMTP_CHECK:
                return new CheckerConfig.SmtpCheck(common, c.heloName != null ? c.heloName : DEFAULT_HELO,
                        c.location);
            case DNS_CHECK:
                return new CheckerConfig.DnsCheck(common, c.dnsType != null ? c.dnsType : "SOA",
                        c.dnsName != null ? c.dnsName : ".", c.location);
            case UDP_CHECK:
                return new CheckerConfig.UdpCheck(common, c.payloadHex, c.requireReply, c.requireReplyHex,
                        c.minReplyLength, c.maxReplyLength, c.location);
            case MISC_CHECK: {
                NotifyScript script = c.script;
                String user = c.user;
                if (user != null && !host.userExists(user)) {
                    d.error(ConfigStatus.GENERAL_ERROR, c.location, "Failed to set uid/gid for misc checker script '"
                            + String.join(" ", script.argv()) + "' - removing");
                    return null;
                }
                if (user != null) {
                    script = new NotifyScript(script.argv(), user, c.group, script.location());
                }
                register(script);
                long timeout = c.miscTimeoutUs != null ? c.miscTimeoutUs : common.delayLoopUs();
                return new CheckerConfig.MiscCheck(common, script, timeout, c.miscDynamic, c.location);
            }
            case HTTP_GET:
            case SSL_GET: {
                List<CheckerConfig.Url> urls = new ArrayList<>();
                for (CheckerBuilder.UrlBuilder u : c.urls) {
                    List<CheckerConfig.StatusRange> codes = u.statusCodes.isEmpty()
                            ? List.of(new CheckerConfig.StatusRange(200, 299)) : u.statusCodes;
                    urls.add(new CheckerConfig.Url(u.path, u.digests, codes, first(u.virtualhost, vhost, null),
                            u.regex, u.regexNoMatch, u.regexOptions, u.regexMinOffset, u.regexMaxOffset,
                            u.location));
                }
                return new CheckerConfig.HttpCheck(c.kind == CheckerBuilder.Kind.SSL_GET, common,
                        c.httpProtocol != null ? c.httpProtocol : "1.0", c.enableSni, c.fastRecovery, urls,
                        c.location);
            }
            default:
                throw new IllegalStateException("unhandled checker kind " + c.kind);
        }
    }

    /** Checker, else real server, else virtual server, else keepalived's default for the checker kind. */
    private static CheckerConfig.Common resolveCommon(VirtualServerBuilder vs, RealServerBuilder rs, CheckerBuilder c) {
        long delayLoop = first(c.delayLoopUs, rs.delayLoopUs, first(vs.delayLoopUs, DEFAULT_DELAY_LOOP_US, null));
        long connectTimeout = first(c.connectTimeoutUs, rs.connectTimeoutUs,
                first(vs.connectTimeoutUs, DEFAULT_CONNECT_TIMEOUT_US, null));
        long defaultRetry = switch (c.kind) {
            case DNS_CHECK -> 3;
            case MISC_CHECK -> 0;
            default -> 1;
        };
        long retry = first(c.retry, rs.retry, first(vs.retry, defaultRetry, null));
        long defaultDelayBeforeRetry = switch (c.kind) {
            case HTTP_GET, SSL_GET -> 3_000_000L;
            case DNS_CHECK -> delayLoop;
            default -> 1_000_000L;
        };
        long delayBeforeRetry = first(c.delayBeforeRetryUs, rs.delayBeforeRetryUs,
                first(vs.delayBeforeRetryUs, defaultDelayBeforeRetry, null));
        long warmup = first(c.warmupUs, rs.warmupUs, first(vs.warmupUs, delayLoop, null));
        boolean alpha = first(c.alpha, rs.alpha, vs.alpha);
        return new CheckerConfig.Common(c.connectIp != null ? c.connectIp : rs.address,
                c.connectPort != null ? c.connectPort : rs.port, c.bindTo, Objects.requireNonNullElse(c.bindPort, 0),
                c.bindIf, Objects.requireNonNullElse(c.fwmark, 0L), connectTimeout, retry, delayBeforeRetry, warmup,
                delayLoop, alpha, c.logAllFailures);
    }
}
