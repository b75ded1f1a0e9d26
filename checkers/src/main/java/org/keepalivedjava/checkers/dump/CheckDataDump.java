package org.keepalivedjava.checkers.dump;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.checkers.check.impl.CheckFsm;
import org.keepalivedjava.checkers.lvs.RealServerState;
import org.keepalivedjava.checkers.lvs.VirtualServerState;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.config.model.lvs.Forwarding;
import org.keepalivedjava.config.model.lvs.RealServer;
import org.keepalivedjava.config.model.lvs.VirtualServer;

/**
 * The {@code Global definitions}, {@code LVS Topology} and {@code Health checkers} parts of SIGUSR1's /tmp/keepalived_check.data, line for line
 * in keepalived 2.2.7's format (recorded from the real binary in a UML guest with IPVS: check_data.c dump_vs/dump_rs
 * and each checker's dump function). Pure: the run-time state is read from the objects handed in.
 *
 * <p>Known differences: the model resolves delay_loop and connect_timeout into the checkers, so the virtual and
 * real server lines "connection timeout" and "delay_loop" show the first checker's values (keepalived's own are the
 * virtual/real server's, default 5 s and 60 s); "previous effective_weight" is always 0; see
 * {@link #globalDefinitions} for what that part leaves out.
 */
public final class CheckDataDump {
    /** A check where keepalived lists it: its real server in its virtual server. */
    public record Entry(Check check, RealServerState rs, VirtualServerState vs) {
    }

    private static final long DEFAULT_CONNECT_TIMEOUT_US = 5_000_000;
    private static final long DEFAULT_DELAY_LOOP_US = 60_000_000;

    private CheckDataDump() {
    }

    /**
     * keepalived's "Global definitions" part, the lines its checker process writes with a configuration's values or
     * keepalived's defaults. Lines keepalived writes only for options that are set (smtp_server, notification_email,
     * lvs_timeouts, lvs_sync_daemon, the fifos, ...) are not written; build-time facts (nftables, libnftnl) are
     * Debian 12's keepalived 2.2.7's.
     */
    public static List<String> globalDefinitions(GlobalDefs g, String hostName) {
        List<String> out = new ArrayList<>();
        GlobalDefs.VrrpDefaults v = g.vrrp();
        GlobalDefs.Processes p = g.processes();
        GlobalDefs.Smtp smtp = g.smtp();
        GlobalDefs.Lvs lvs = g.lvs();
        out.add("------< Global definitions >------");
        out.add(" Network namespace = " + (p == null || p.netNamespace() == null ? "(default)" : p.netNamespace()));
        out.add(" Network namespace ipvs = (main namespace)");
        out.add(" Router ID = " + (g.routerId() != null ? g.routerId() : hostName));
        out.add(" Default smtp_alert = " + tristate(smtp == null ? null : smtp.alert()));
        out.add(" Default smtp_alert_vrrp = " + tristate(smtp == null ? null : smtp.alertVrrp()));
        out.add(" Default smtp_alert_checker = " + tristate(smtp == null ? null : smtp.alertChecker()));
        out.add(" Checkers log all failures = " + g.otherSettings().containsKey("checker_log_all_failures"));
        out.add(" No test config before reload");
        out.add(" Dynamic interfaces = " + (v != null && v.dynamicInterfaces()));
        out.add(" Disable local IGMP = " + (g.otherSettings().containsKey("disable_local_igmp") ? "yes" : "no"));
        out.add(" LVS flush = " + (lvs != null && lvs.flush()));
        out.add(" LVS flush on stop = " + (lvs != null && lvs.flushOnStop() ? "enabled" : "disabled"));
        out.add(" FIFO write vrrp states on reload = " + (g.fifos() != null && g.fifos().writeVrrpStatesOnReload()));
        if (v != null) {
            out.add(" VRRP notify priority changes = " + v.notifyPriorityChanges());
            out.add(" VRRP IPv4 mcast group = " + Checks.addressText(v.mcastGroup4()));
            out.add(" VRRP IPv6 mcast group = " + Checks.addressText(v.mcastGroup6()));
            out.add(" Gratuitous ARP delay = " + v.garpMasterDelayUs() / 1_000_000);
            out.add(" Gratuitous ARP repeat = " + v.garpMasterRepeat());
            out.add(" Gratuitous ARP refresh timer = " + v.garpMasterRefreshUs() / 1_000_000);
            out.add(" Gratuitous ARP refresh repeat = " + v.garpMasterRefreshRepeat());
            out.add(" Gratuitous ARP lower priority delay = " + (v.garpLowerPrioDelayUs() == null ? UNSET_UINT
                    : Long.toString(v.garpLowerPrioDelayUs() / 1_000_000)));
            out.add(" Gratuitous ARP lower priority repeat = " + (v.garpLowerPrioRepeat() == null ? UNSET_UINT
                    : Integer.toString(v.garpLowerPrioRepeat())));
            out.add(" Num adverts before down = " + v.downTimerAdverts());
            out.add(" Gratuitous ARP for each secondary VMAC = 0s");
            out.add(" Send advert after receive lower priority advert = " + !v.lowerPrioNoAdvert());
            out.add(" Send advert after receive higher priority advert = " + v.higherPrioSendAdvert());
            out.add(" Gratuitous ARP interval = " + seconds(v.garpIntervalUs()));
            out.add(" Gratuitous NA interval = " + seconds(v.gnaIntervalUs()));
            out.add(" VRRP default protocol version = " + v.version());
            out.add(" nftables without counters");
            out.add(" libnftnl version 1.2.3");
            out.add(" VRRP check unicast_src = " + v.checkUnicastSrc());
            out.add(" VRRP skip check advert addresses = " + v.skipCheckAdvAddr());
            out.add(" VRRP strict mode = " + v.strict());
        }
        out.add(" Max auto priority = " + (p == null ? 0 : p.maxAutoPriority()));
        out.add(" Min auto priority delay = 1000000 usecs");
        out.add(" VRRP process priority = " + orZero(p == null ? null : p.vrrpPriority()));
        out.add(" VRRP don't swap = " + (p != null && p.vrrpNoSwap()));
        out.add(" VRRP realtime priority = " + orZero(p == null ? null : p.vrrpRtPriority()));
        out.add(" VRRP realtime limit = 10000");
        out.add(" Checker process priority = " + orZero(p == null ? null : p.checkerPriority()));
        out.add(" Checker don't swap = " + (p != null && p.checkerNoSwap()));
        out.add(" Checker realtime priority = " + orZero(p == null ? null : p.checkerRtPriority()));
        out.add(" Checker realtime limit = 10000");
        out.add(" BFD process priority = 0");
        out.add(" BFD don't swap = false");
        out.add(" BFD realtime priority = 0");
        out.add(" BFD realtime limit = 10000");
        out.add(" SNMP vrrp disabled");
        out.add(" SNMP checker disabled");
        out.add(" SNMP RFCv2 disabled");
        out.add(" SNMP RFCv3 disabled");
        out.add(" SNMP traps disabled");
        out.add(" SNMP socket = default (unix:/var/agentx/master)");
        out.add(" DBus disabled");
        out.add(" DBus service name = ");
        out.add(" Script security " + (g.scripts() != null && g.scripts().enableScriptSecurity() ? "enabled"
                : "disabled"));
        out.add(" Default script uid:gid 0:0");
        for (String buffers : List.of("vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs",
                "process_monitor_rcv_bufs", "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_monitor_rcv_bufs")) {
            out.add(" " + buffers + " = " + setting(g, buffers, "0"));
            out.add(" " + buffers + "_force = " + (g.otherSettings().containsKey(buffers + "_force") ? 1 : 0));
        }
        out.add(" rs_init_notifies = " + (g.otherSettings().containsKey("rs_init_notifies") ? 1 : 0));
        out.add(" no_checker_emails = " + (g.otherSettings().containsKey("no_checker_emails") ? 1 : 0));
        out.add(" rx_bufs_multiples = " + setting(g, "rx_bufs_multiplier", "3"));
        out.add(" umask = 0177");
        return out;
    }

    /** keepalived prints an unset unsigned setting as UINT_MAX. */
    private static final String UNSET_UINT = "4294967295";

    private static String tristate(Boolean b) {
        return b == null ? "unset" : b.toString();
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static String setting(GlobalDefs g, String keyword, String otherwise) {
        List<String> words = g.otherSettings().get(keyword);
        return words != null && words.size() > 1 ? words.get(1) : otherwise;
    }

    /** @param servicesAdded IPVS was programmed (keepalived's vs->alive after its services were added) */
    public static List<String> lvsTopology(List<VirtualServerState> virtualServers, boolean servicesAdded) {
        List<String> out = new ArrayList<>();
        out.add("------< LVS Topology >------");
        out.add(" System is compiled with LVS v1.2.1");
        for (VirtualServerState vs : virtualServers) {
            VirtualServer c = vs.config();
            out.add(" ------< Virtual server >------");
            out.add(" " + vsHeader(c));
            out.add("   Address family = " + ("inet6".equals(c.family()) ? "inet6" : "inet"));
            Timing vsTiming = timing(c.realServers());
            out.add("   connection timeout = " + seconds(vsTiming.connectTimeoutUs()));
            out.add("   delay_loop = " + seconds(vsTiming.delayLoopUs()));
            out.add("   lvs_sched = " + c.scheduler());
            out.add("   Hashed = " + enabled(c.schedulerFlags().contains("hashed")));
            out.add("   flag-1 = " + enabled(hasAny(c, "flag-1", "sh-fallback", "mh-fallback")));
            out.add("   flag-2 = " + enabled(hasAny(c, "flag-2", "sh-port", "mh-port")));
            out.add("   flag-3 = " + enabled(hasAny(c, "flag-3")));
            out.add("   One packet scheduling = " + enabled(c.schedulerFlags().contains("ops")));
            if (c.persistenceTimeoutS() > 0) {
                out.add("   persistence timeout = " + c.persistenceTimeoutS());
                if (c.persistenceGranularity() != null) {
                    out.add("   persistence granularity = " + c.persistenceGranularity());
                }
            }
            out.add("   protocol = " + (c.service() instanceof VirtualServer.Fwmark || c.protocol() == null ? "none"
                    : c.protocol().name()));
            out.add("   alpha is " + onOff(c.alpha()));
            out.add("   omega is " + onOff(c.omega()));
            out.add("   Inhibit on failure is " + onOff(c.inhibitOnFailure()));
            out.add("   quorum = " + c.quorum() + ", hysteresis = " + c.hysteresis());
            out.add("   Using smtp notification = " + yesNo(Boolean.TRUE.equals(c.smtpAlert())));
            out.add("   default forwarding method = " + method(c.forwarding()));
            out.add("   alive = " + (servicesAdded ? 1 : 0));
            out.add("   quorum_state_up = " + (vs.quorumUp() ? 1 : 0));
            out.add("   reloaded = 0");
            for (RealServerState rs : vs.realServers()) {
                RealServer r = rs.config();
                Timing rsTiming = timing(List.of(r));
                out.add("   ------< Real server >------");
                out.add("   RIP = " + Checks.addressText(r.address()) + ", RPORT = " + r.port() + ", WEIGHT = "
                        + r.weight() + " EFF WEIGHT = " + rs.effectiveWeight());
                out.add("   forwarding method = " + method(r.forwarding() != null ? r.forwarding() : c.forwarding()));
                out.add("   Alpha is " + onOff(r.alpha()));
                out.add("   connection timeout = " + seconds(rsTiming.connectTimeoutUs()));
                out.add("   connection limit range = " + r.lthreshold() + " -> " + r.uthreshold());
                out.add("   Delay loop = " + seconds(rsTiming.delayLoopUs()));
                out.add("   Inhibit on failure is " + onOff(r.inhibitOnFailure()));
                out.add("   Using smtp notification = " + yesNo(r.smtpAlert() == null || r.smtpAlert()));
                out.add("   initial weight = " + r.weight());
                out.add("   effective weight = " + rs.effectiveWeight());
                out.add("   previous effective_weight = 0");
                out.add("   alive = " + (rs.isAlive() ? 1 : 0));
                out.add("   num failed checkers = " + rs.failedCheckers());
                out.add("   RS set = " + (rs.isSet() ? 1 : 0));
                out.add("   reloaded = 0");
            }
        }
        return out;
    }

    public static List<String> healthCheckers(List<Entry> entries) {
        List<String> out = new ArrayList<>();
        out.add("------< Health checkers >------");
        for (Entry e : entries) {
            out.add(" " + e.vs().name() + " -> " + e.rs().name());
            CheckerConfig config = e.check().config();
            out.add("   Enabled = " + yesNo(e.check().isEnabled()));
            out.add("   Up = " + yesNo(e.check().isUp()));
            CheckFsm fsm = e.check() instanceof CheckFsm f ? f : null;
            out.add("   Has run = " + yesNo(fsm != null && fsm.hasRun()));
            out.add("   Current weight = 0");
            if (!(config instanceof CheckerConfig.Connecting connecting)) {
                out.add("   Keepalive method = " + kind(config));
                continue;
            }
            CheckerConfig.Common common = connecting.common();
            out.add("   Alpha = " + yesNo(common.alpha()));
            out.add("   Delay loop = " + common.delayLoopUs() + " us");
            out.add("   Warmup = " + common.warmupUs() + " us");
            out.add("   Retries = " + common.retry());
            if (common.retry() > 0) {
                out.add("   Delay before retry = " + common.delayBeforeRetryUs() + " us");
                out.add("   Retries iterations = " + (fsm == null ? 0 : fsm.retryIt()));
            }
            out.add("   Default delay before retry = " + defaultDelayBeforeRetryUs(config) + " us");
            out.add("   Log all failures = " + yesNo(common.logAllFailures()));
            if (config instanceof CheckerConfig.MiscCheck misc) {
                out.add("   Keepalive method = MISC_CHECK");
                out.add("   script = '" + String.join(" ", misc.script().argv()) + "'");
                // The model holds the effective timeout (delay_loop when misc_timeout is unset); keepalived prints 0
                // for unset, which is what an equal value almost always means.
                out.add("   timeout = " + (misc.timeoutUs() == common.delayLoopUs() ? 0 : misc.timeoutUs() / 1_000_000));
                out.add("   dynamic = " + (misc.dynamic() ? "YES" : "NO"));
                out.add("   uid:gid = 0:0");
                out.add("   Last ran = 0.000000 (Thu Jan  1 00:00:00 1970.000000)");
                out.add("   Last status = 0");
                continue;
            }
            out.add("   Connection");
            InetAddress dest = common.connectIp() != null ? common.connectIp() : e.rs().config().address();
            int port = common.connectPort() != 0 ? common.connectPort() : e.rs().config().port();
            String host = Checks.addressText(dest);
            out.add("     Dest = [" + host + "]:" + port);
            out.add("     Timeout = " + seconds(common.connectTimeoutUs()));
            if (config instanceof CheckerConfig.HttpCheck http) {
                out.add("   Keepalive method = " + (http.ssl() ? "SSL_GET" : "HTTP_GET") + ", http protocol "
                        + (http.httpProtocol() == null ? "1.0" : http.httpProtocol()));
                out.add("   Enable SNI " + (http.enableSni() ? "set" : "unset"));
                out.add("   Fast recovery " + (http.fastRecovery() ? "set" : "unset"));
                for (CheckerConfig.Url url : http.urls()) {
                    out.add("   Checked url = " + url.path());
                    for (String digest : url.digests()) {
                        out.add("     digest = " + digest);
                    }
                    out.add("     HTTP Status Code(s)");
                    for (CheckerConfig.StatusRange r : url.statusCodes()) {
                        out.add("       " + (r.from() == r.to() ? Integer.toString(r.from()) : r.from() + "-" + r.to()));
                    }
                    if (url.virtualhost() != null) {
                        out.add("     VirtualHost = " + url.virtualhost());
                    }
                }
                if (!e.check().isUp() && !http.urls().isEmpty()) {
                    out.add("   Failed URL = " + http.urls().get(0).path());
                }
            } else {
                out.add("   Keepalive method = " + kind(config));
            }
        }
        return out;
    }

    private record Timing(long connectTimeoutUs, long delayLoopUs) {
    }

    /** The first connecting checker's values, else keepalived's defaults (see the class comment). */
    private static Timing timing(List<RealServer> realServers) {
        for (RealServer r : realServers) {
            for (CheckerConfig c : r.checkers()) {
                if (c instanceof CheckerConfig.Connecting k && !(c instanceof CheckerConfig.MiscCheck)) {
                    return new Timing(DEFAULT_CONNECT_TIMEOUT_US, k.common().delayLoopUs());
                }
                if (c instanceof CheckerConfig.MiscCheck m) {
                    return new Timing(DEFAULT_CONNECT_TIMEOUT_US, m.common().delayLoopUs());
                }
            }
        }
        return new Timing(DEFAULT_CONNECT_TIMEOUT_US, DEFAULT_DELAY_LOOP_US);
    }

    private static String vsHeader(VirtualServer c) {
        if (c.service() instanceof VirtualServer.AddressPort a) {
            return "VS VIP = " + Checks.addressText(a.address()) + ", VPORT = " + a.port();
        }
        if (c.service() instanceof VirtualServer.Fwmark f) {
            return "VS FWMARK = " + f.mark();
        }
        return "VS GROUP = " + ((VirtualServer.Group) c.service()).name();
    }

    private static long defaultDelayBeforeRetryUs(CheckerConfig c) {
        return c instanceof CheckerConfig.HttpCheck ? 3_000_000 : 1_000_000;
    }

    private static String kind(CheckerConfig c) {
        if (c instanceof CheckerConfig.TcpCheck) {
            return "TCP_CHECK";
        } else if (c instanceof CheckerConfig.SmtpCheck) {
            return "SMTP_CHECK";
        } else if (c instanceof CheckerConfig.DnsCheck) {
            return "DNS_CHECK";
        } else if (c instanceof CheckerConfig.UdpCheck) {
            return "UDP_CHECK";
        } else if (c instanceof CheckerConfig.PingCheck) {
            return "PING_CHECK";
        } else if (c instanceof CheckerConfig.FileCheck) {
            return "FILE_CHECK";
        } else if (c instanceof CheckerConfig.BfdCheck) {
            return "BFD_CHECK";
        }
        return c.getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }

    private static boolean hasAny(VirtualServer c, String... flags) {
        for (String f : flags) {
            if (c.schedulerFlags().contains(f)) {
                return true;
            }
        }
        return false;
    }

    private static String method(Forwarding f) {
        return f == null ? "NAT" : f.method().name();
    }

    /** keepalived prints seconds with %f. */
    private static String seconds(long us) {
        return String.format(Locale.ROOT, "%f", us / 1_000_000.0);
    }

    private static String enabled(boolean on) {
        return on ? "enabled" : "disabled";
    }

    private static String onOff(boolean on) {
        return on ? "ON" : "OFF";
    }

    private static String yesNo(boolean on) {
        return on ? "yes" : "no";
    }
}
