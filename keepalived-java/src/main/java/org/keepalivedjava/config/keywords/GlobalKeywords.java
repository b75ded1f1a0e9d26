package org.keepalivedjava.config.keywords;

import java.net.InetAddress;
import java.util.List;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.global.GlobalDefsBuilder;
import org.keepalivedjava.config.model.script.ScriptLines;
import org.keepalivedjava.config.tree.KeywordTable;
import org.keepalivedjava.config.tree.Words;
import org.keepalivedjava.config.values.InetValues;

/**
 * global_defs (every keyword keepalived 2.2.7 accepts there, plus keepalived-java's own) and the top-level
 * process keywords (net_namespace, instance, use_pid_dir, child_wait_time...). Values are checked with
 * keepalived's ranges and messages; a bad value is reported and the default kept, as keepalived does.
 */
public final class GlobalKeywords {
    private GlobalKeywords() {
    }

    public static void install(KeywordTable<ConfigBuilder> root) {
        root.block("global_defs", (c, w) -> c.global.attach(c.scriptsInUse), globalDefs());
        root.leaf("net_namespace", (c, w) -> c.global.netNamespace = w.require(1))
                .leaf("net_namespace_ipvs", (c, w) -> other(c.global, w))
                .leaf("namespace_with_ipsets", (c, w) -> other(c.global, w))
                .leaf("instance", (c, w) -> c.global.instanceName = w.require(1))
                .leaf("use_pid_dir", (c, w) -> c.global.usePidDir = true)
                .leaf("linkbeat_use_polling", (c, w) -> c.global.linkbeatUsePolling = true)
                .leaf("child_wait_time", (c, w) -> {
                    Long v = w.unsigned(1, 0, Integer.MAX_VALUE);
                    if (v != null) {
                        c.global.childWaitTimeSec = v.intValue();
                    }
                })
                .values("linkbeat_interfaces", (c, w) -> other(c.global, w))
                .values("interface_up_down_delays", (c, w) -> other(c.global, w));
    }

    private static KeywordTable<GlobalDefsBuilder> globalDefs() {
        KeywordTable<GlobalDefsBuilder> t = new KeywordTable<>("global_defs");
        t.leaf("router_id", (g, w) -> {
            if (!w.has(1)) {
                w.error(ConfigStatus.GENERAL_ERROR, "routerid name missing - ignoring");
            } else {
                g.routerId = w.get(1);
            }
        });
        smtp(t);
        vrrp(t);
        lvs(t);
        processes(t);
        scripts(t);
        extensions(t);
        unimplemented(t);
        return t;
    }

    private static void smtp(KeywordTable<GlobalDefsBuilder> t) {
        t.values("notification_email", (g, w) -> {
            for (String s : w.all()) {
                g.emails.add(parseEmail(s));
            }
        });
        t.leaf("notification_email_from", (g, w) -> g.emailFrom = w.require(1));
        t.leaf("smtp_server", GlobalKeywords::smtpServer);
        t.leaf("smtp_helo_name", (g, w) -> g.smtpHeloName = w.require(1));
        t.leaf("smtp_connect_timeout", (g, w) -> {
            Long v = w.has(1) ? w.parseInteger(w.get(1), 0, 4294) : null;
            if (v == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "smtp_connect_timeout '" + w.get(1)
                        + "' must be in [0, 4294] - ignoring");
            } else {
                g.smtpConnectTimeoutSec = v.intValue();
            }
        });
        t.leaf("smtp_alert", (g, w) -> g.smtpAlert = globalFlag(w, "smtp_alert", g.smtpAlert));
        t.leaf("smtp_alert_vrrp", (g, w) -> g.smtpAlertVrrp = globalFlag(w, "smtp_alert_vrrp", g.smtpAlertVrrp));
        t.leaf("smtp_alert_checker",
                (g, w) -> g.smtpAlertChecker = globalFlag(w, "smtp_alert_checker", g.smtpAlertChecker));
        t.leaf("no_email_faults", (g, w) -> g.noEmailFaults = true);
    }

    /** {@code Name <addr>} or a bare address; keepalived passes either form to the mail header as written. */
    static GlobalDefs.EmailAddress parseEmail(String s) {
        int lt = s.indexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String name = s.substring(0, lt).trim();
            return new GlobalDefs.EmailAddress(name.isEmpty() ? null : name, s.substring(lt + 1, gt).trim());
        }
        return new GlobalDefs.EmailAddress(null, s);
    }

    private static void smtpServer(GlobalDefsBuilder g, Words w) {
        String host = w.require(1);
        if (host == null) {
            return;
        }
        int port = 25;
        if (w.has(2)) {
            Long p = w.parseInteger(w.get(2), 1, 65535);
            if (p == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "Invalid smtp server " + host + " " + w.get(2));
                return;
            }
            port = p.intValue();
        }
        g.smtpServerHost = host;
        g.smtpServerPort = port;
    }

    private static Boolean globalFlag(Words w, String name, Boolean current) {
        if (!w.has(1)) {
            return Boolean.TRUE;
        }
        Boolean b = trueFalse(w.get(1));
        if (b == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "Invalid value '" + w.get(1) + "' for global " + name
                    + " specified");
            return current;
        }
        return b;
    }

    /** keepalived's check_true_false without reporting: null when the word is not a boolean. */
    static Boolean trueFalse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes" -> Boolean.TRUE;
            case "false", "off", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static void vrrp(KeywordTable<GlobalDefsBuilder> t) {
        t.leaf("vrrp_mcast_group4", (g, w) -> {
            InetAddress a = mcastGroup(w, 4);
            if (a != null) {
                g.mcastGroup4 = a;
            }
        });
        t.leaf("vrrp_mcast_group6", (g, w) -> {
            InetAddress a = mcastGroup(w, 6);
            if (a != null) {
                g.mcastGroup6 = a;
            }
        });
        t.leaf("vrrp_garp_master_delay", (g, w) -> unsignedOr(w, 0, 86400, "vrrp_garp_master_delay",
                v -> g.garpMasterDelayUs = v * 1_000_000L));
        t.leaf("vrrp_garp_master_repeat", (g, w) -> g.garpMasterRepeat = atLeastOne(w, "vrrp_garp_master_repeat"));
        t.leaf("vrrp_garp_lower_prio_delay", (g, w) -> unsignedOr(w, 0, 86400, "vrrp_garp_lower_prio_delay",
                v -> g.garpLowerPrioDelayUs = v * 1_000_000L));
        t.leaf("vrrp_garp_lower_prio_repeat", (g, w) -> unsignedOr(w, 0, Integer.MAX_VALUE,
                "vrrp_garp_lower_prio_repeat", v -> g.garpLowerPrioRepeat = (int) v));
        t.leaf("vrrp_garp_master_refresh", (g, w) -> unsignedOr(w, 0, Integer.MAX_VALUE,
                "vrrp_garp_master_refresh", v -> g.garpMasterRefreshUs = v * 1_000_000L));
        t.leaf("vrrp_garp_master_refresh_repeat",
                (g, w) -> g.garpMasterRefreshRepeat = atLeastOne(w, "vrrp_garp_master_refresh_repeat"));
        t.leaf("vrrp_garp_interval", (g, w) -> {
            Long us = w.decimalSeconds(1, 0, 1_000_000);
            if (us != null) {
                g.garpIntervalUs = us;
            }
        });
        t.leaf("vrrp_gna_interval", (g, w) -> {
            Long us = w.decimalSeconds(1, 0, 1_000_000);
            if (us != null) {
                g.gnaIntervalUs = us;
            }
        });
        t.leaf("vrrp_min_garp", (g, w) -> {
            Boolean b = w.flag(1);
            if (Boolean.TRUE.equals(b)) {
                // keepalived: one GARP/NA at a time and no second burst
                g.minGarp = true;
                g.garpMasterRepeat = 1;
                g.garpMasterDelayUs = 0;
                g.garpMasterRefreshRepeat = 1;
            }
        });
        t.leaf("vrrp_version", (g, w) -> {
            Long v = w.integer(1, 2, 3);
            if (v == null) {
                if (w.has(1)) {
                    w.error(ConfigStatus.GENERAL_ERROR, "VRRP Error: Version must be either 2 or 3");
                }
            } else {
                g.vrrpVersion = v.intValue();
            }
        });
        t.leaf("vrrp_check_unicast_src", (g, w) -> g.checkUnicastSrc = true);
        t.leaf("vrrp_skip_check_adv_addr", (g, w) -> g.skipCheckAdvAddr = true);
        t.leaf("vrrp_strict", (g, w) -> g.vrrpStrict = true);
        t.leaf("vrrp_lower_prio_no_advert", (g, w) -> {
            Boolean b = globalFlag(w, "vrrp_lower_prio_no_advert", null);
            if (b != null) {
                g.lowerPrioNoAdvert = b;
            }
        });
        t.leaf("vrrp_higher_prio_send_advert", (g, w) -> {
            Boolean b = globalFlag(w, "vrrp_higher_prio_send_advert", null);
            if (b != null) {
                g.higherPrioSendAdvert = b;
            }
        });
        t.leaf("vrrp_notify_priority_changes", (g, w) -> {
            Boolean b = globalFlag(w, "vrrp_notify_priority_changes", null);
            if (b != null) {
                g.notifyPriorityChanges = b;
            }
        });
        t.leaf("vrrp_down_timer_adverts", (g, w) -> {
            Long v = w.integer(1, 1, 100);
            if (v != null) {
                g.downTimerAdverts = v.intValue();
            }
        });
        t.leaf("vrrp_startup_delay", (g, w) -> {
            Long us = w.decimalSeconds(1, 0.001, 4294.967295);
            if (us == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "vrrp_startup_delay '" + w.get(1) + "' is invalid");
            } else {
                g.startupDelayUs = us;
            }
        });
        t.leaf("default_interface", (g, w) -> g.defaultInterface = w.require(1));
        t.leaf("dynamic_interfaces", (g, w) -> {
            g.dynamicInterfaces = true;
            g.allowIfChanges = "allow_if_changes".equals(w.get(1));
        });
        t.leaf("vrrp_iptables", (g, w) -> {
            g.iptablesInChain = w.has(1) ? w.get(1) : "INPUT";
            g.iptablesOutChain = w.has(2) ? w.get(2) : null;
        });
        t.leaf("nftables", (g, w) -> g.nftablesTable = w.has(1) ? w.get(1) : "keepalived");
        t.leaf("vmac_prefix", (g, w) -> g.vmacPrefix = w.require(1));
    }

    private static InetAddress mcastGroup(Words w, int family) {
        InetAddress a = InetValues.parseLiteral(w.get(1));
        boolean ok = a != null && a.isMulticastAddress() && (family == 4) == (a instanceof java.net.Inet4Address);
        if (!ok) {
            w.error(ConfigStatus.GENERAL_ERROR, "Can't parse vrrp_mcast_group" + family + " [" + w.get(1)
                    + "]. Skipping");
            return null;
        }
        return a;
    }

    private interface LongSink {
        void accept(long v);
    }

    /** An unsigned value; on error keepalived adds {@code NAME 'x' invalid - ignoring}. */
    private static void unsignedOr(Words w, long min, long max, String name, LongSink sink) {
        Long v = w.unsigned(1, min, max);
        if (v == null) {
            if (w.has(1)) {
                w.error(ConfigStatus.GENERAL_ERROR, name + " '" + w.get(1) + "' invalid - ignoring");
            }
        } else {
            sink.accept(v);
        }
    }

    /** keepalived corrects a repeat count below 1 to 1 and says so. */
    private static int atLeastOne(Words w, String name) {
        Long v = w.has(1) ? w.parseInteger(w.get(1), Integer.MIN_VALUE, Integer.MAX_VALUE) : w.integer(1, 0, 0);
        if (v == null || v < 1) {
            if (v != null) {
                w.error(ConfigStatus.GENERAL_ERROR, name + " must be greater than 0, setting to 1");
            }
            return 1;
        }
        return v.intValue();
    }

    private static void lvs(KeywordTable<GlobalDefsBuilder> t) {
        t.leaf("lvs_flush", (g, w) -> g.lvsFlush = true);
        t.leaf("lvs_flush_on_stop", (g, w) -> g.lvsFlushOnStop = true);
        t.deprecated("lvs_flush_onstop", "lvs_flush_on_stop");
        t.leaf("lvs_timeouts", GlobalKeywords::lvsTimeouts);
        t.leaf("lvs_sync_daemon", GlobalKeywords::lvsSyncDaemon);
    }

    private static void lvsTimeouts(GlobalDefsBuilder g, Words w) {
        if (w.size() < 3) {
            w.error(ConfigStatus.GENERAL_ERROR, "lvs_timeouts requires at least one option");
            return;
        }
        for (int i = 1; i < w.size(); i++) {
            String kind = w.get(i);
            if (!List.of("tcp", "tcpfin", "udp").contains(kind)) {
                w.error(ConfigStatus.GENERAL_ERROR, "Unknown option " + kind + " specified for lvs_timeouts");
                continue;
            }
            if (!w.has(i + 1)) {
                w.error(ConfigStatus.GENERAL_ERROR, "No value specified for lvs_timeout " + kind + " - ignoring");
                break;
            }
            Long v = w.unsigned(i + 1, 0, 86400 * 31);
            i++;
            if (v == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "Invalid lvs_timeout " + kind + " (" + w.get(i) + ") - ignoring");
                continue;
            }
            switch (kind) {
                case "tcp" -> g.lvsTcpTimeoutSec = v.intValue();
                case "tcpfin" -> g.lvsTcpFinTimeoutSec = v.intValue();
                default -> g.lvsUdpTimeoutSec = v.intValue();
            }
        }
    }

    private static void lvsSyncDaemon(GlobalDefsBuilder g, Words w) {
        String ifName = w.require(1);
        if (ifName == null) {
            return;
        }
        String instance = null;
        Integer syncId = null;
        Integer maxLen = null;
        Integer port = null;
        Integer ttl = null;
        InetAddress group = null;
        for (int i = 2; i < w.size(); i++) {
            String k = w.get(i);
            String v = w.get(i + 1);
            switch (k) {
                case "inst" -> {
                    instance = v;
                    i++;
                }
                case "id" -> {
                    Long n = v == null ? null : w.parseInteger(v, 0, 255);
                    if (n == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid syncid (" + v + ") - defaulting to vrid");
                    } else {
                        syncId = n.intValue();
                    }
                    i++;
                }
                case "maxlen" -> {
                    Long n = v == null ? null : w.parseInteger(v, 1, 65535 - 20 - 8);
                    maxLen = n == null ? null : n.intValue();
                    i++;
                }
                case "port" -> {
                    Long n = v == null ? null : w.parseInteger(v, 1, 65535);
                    port = n == null ? null : n.intValue();
                    i++;
                }
                case "ttl" -> {
                    Long n = v == null ? null : w.parseInteger(v, 1, 255);
                    ttl = n == null ? null : n.intValue();
                    i++;
                }
                case "group" -> {
                    group = InetValues.parseLiteral(v);
                    if (group == null || !group.isMulticastAddress()) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid lvs_sync_daemon group " + v);
                        group = null;
                    }
                    i++;
                }
                default -> {
                    if (i == 2 && instance == null) {
                        instance = k; // the instance name without "inst", for backward compatibility
                    } else {
                        w.error(ConfigStatus.GENERAL_ERROR, "Unknown option " + k + " for lvs_sync_daemon");
                    }
                }
            }
        }
        g.syncDaemon = new GlobalDefs.SyncDaemon(ifName, instance, syncId, maxLen, port, ttl, group);
    }

    private static void processes(KeywordTable<GlobalDefsBuilder> t) {
        t.leaf("process_names", (g, w) -> {
            g.processName = "keepalived";
            g.vrrpProcessName = "keepalived_vrrp";
            g.checkerProcessName = "keepalived_ipvs";
        });
        t.leaf("process_name", (g, w) -> g.processName = w.require(1));
        t.leaf("vrrp_process_name", (g, w) -> g.vrrpProcessName = w.require(1));
        t.leaf("checker_process_name", (g, w) -> g.checkerProcessName = w.require(1));
        t.leaf("lvs_process_name", (g, w) -> g.checkerProcessName = w.require(1));
        t.leaf("vrrp_priority", (g, w) -> g.vrrpPriority = niceValue(w, "vrrp", g.vrrpPriority));
        t.leaf("checker_priority", (g, w) -> g.checkerPriority = niceValue(w, "checker", g.checkerPriority));
        t.leaf("vrrp_no_swap", (g, w) -> g.vrrpNoSwap = true);
        t.leaf("checker_no_swap", (g, w) -> g.checkerNoSwap = true);
        t.leaf("vrrp_rt_priority", (g, w) -> g.vrrpRtPriority = rtPriority(w, g.vrrpRtPriority));
        t.leaf("checker_rt_priority", (g, w) -> g.checkerRtPriority = rtPriority(w, g.checkerRtPriority));
        t.leaf("max_auto_priority", (g, w) -> {
            if (!w.has(1)) {
                g.maxAutoPriority = 99;
                return;
            }
            Long v = w.parseInteger(w.get(1), -1, 99);
            if (v == null) {
                w.error(ConfigStatus.GENERAL_ERROR, "max_auto_priority '" + w.get(1)
                        + "' must be in [0, 99] (or -1 to disable) - ignoring");
            } else {
                g.maxAutoPriority = v.intValue();
            }
        });
    }

    private static Integer niceValue(Words w, String which, Integer current) {
        if (!w.has(1)) {
            w.error(ConfigStatus.GENERAL_ERROR, "No " + which + " process priority specified");
            return current;
        }
        Long v = w.parseInteger(w.get(1), -20, 19);
        if (v == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "Invalid " + which + " process priority specified");
            return current;
        }
        return v.intValue();
    }

    private static Integer rtPriority(Words w, Integer current) {
        Long v = w.integer(1, 1, 99);
        return v == null ? current : Integer.valueOf(v.intValue());
    }

    private static void scripts(KeywordTable<GlobalDefsBuilder> t) {
        t.leaf("enable_script_security", (g, w) -> g.enableScriptSecurity = true);
        t.leaf("script_user", (g, w) -> {
            g.scriptUser = w.require(1);
            g.scriptGroup = w.get(2);
            g.scriptUserLocation = w.location();
        });
        t.leaf("startup_script", (g, w) -> g.startupScript = ScriptLines.read(w, 1));
        t.leaf("shutdown_script", (g, w) -> g.shutdownScript = ScriptLines.read(w, 1));
        t.leaf("startup_script_timeout", (g, w) -> scriptTimeout(w, v -> g.startupScriptTimeoutSec = v));
        t.leaf("shutdown_script_timeout", (g, w) -> scriptTimeout(w, v -> g.shutdownScriptTimeoutSec = v));
        t.leaf("notify_fifo", (g, w) -> g.notifyFifoPath = w.require(1));
        t.leaf("notify_fifo_script", (g, w) -> g.notifyFifoScript = ScriptLines.read(w, 1));
        t.leaf("vrrp_notify_fifo", (g, w) -> g.vrrpNotifyFifoPath = w.require(1));
        t.leaf("vrrp_notify_fifo_script", (g, w) -> g.vrrpNotifyFifoScript = ScriptLines.read(w, 1));
        t.leaf("lvs_notify_fifo", (g, w) -> g.lvsNotifyFifoPath = w.require(1));
        t.leaf("lvs_notify_fifo_script", (g, w) -> g.lvsNotifyFifoScript = ScriptLines.read(w, 1));
        t.leaf("fifo_write_vrrp_states_on_reload", (g, w) -> g.fifoWriteVrrpStatesOnReload = true);
    }

    private static void scriptTimeout(Words w, java.util.function.IntConsumer sink) {
        Long v = w.has(1) ? w.parseInteger(w.get(1), 1, 1000) : w.integer(1, 1, 1000);
        if (v == null) {
            if (w.has(1)) {
                w.error(ConfigStatus.GENERAL_ERROR, w.keyword() + " '" + w.get(1) + "' must be in [1, 1000] - ignoring");
            }
        } else {
            sink.accept(v.intValue());
        }
    }

    /** keepalived-java's own keywords; keepalived itself would reject them as unknown. */
    private static void extensions(KeywordTable<GlobalDefsBuilder> t) {
        t.leaf("watchdog_interval", (g, w) -> {
            Long v = w.unsigned(1, 0, 3600);
            if (v != null) {
                g.watchdogIntervalSec = v.intValue();
            }
        });
        t.leaf("smtp_starttls", (g, w) -> {
            Boolean b = w.flag(1);
            if (b != null) {
                g.smtpStarttls = b;
            }
        });
        t.leaf("smtp_ssl", (g, w) -> {
            Boolean b = w.flag(1);
            if (b != null) {
                g.smtpSsl = b;
            }
        });
        t.leaf("smtp_user", (g, w) -> g.smtpUser = w.require(1));
        t.leaf("smtp_password_file", (g, w) -> g.smtpPasswordFile = w.require(1));
        t.leaf("control_socket", (g, w) -> {
            String p = w.require(1);
            if (p != null && !p.startsWith("/")) {
                w.error(ConfigStatus.GENERAL_ERROR, "control_socket '" + p + "' must be an absolute path");
            } else {
                g.controlSocket = p;
            }
        });
        t.leaf("prometheus_listen", (g, w) -> {
            String s = w.require(1);
            if (s != null && !validListen(s)) {
                w.error(ConfigStatus.GENERAL_ERROR, "prometheus_listen '" + s + "' must be IP:PORT");
            } else {
                g.prometheusListen = s;
            }
        });
    }

    /** {@code 192.0.2.1:9100} or {@code [2001:db8::1]:9100}. */
    static boolean validListen(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            return false;
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            return false;
        }
        return InetValues.parseLiteral(host) != null;
    }

    /**
     * Keywords keepalived 2.2.7 accepts in global_defs for features keepalived-java does not implement (SNMP,
     * DBus, BFD, netlink tuning, reload scheduling...): their values are kept for reference and checked where
     * keepalived checks them, so the verdict of {@code -t} is the same.
     */
    private static void unimplemented(KeywordTable<GlobalDefsBuilder> t) {
        for (String k : List.of("bfd_cpu_affinity", "bfd_no_swap", "bfd_process_name", "bfd_rlimit_rttime",
                "checker_cpu_affinity", "checker_log_all_failures", "checker_rlimit_rttime", "config_save_dir",
                "data_use_instance", "dbus_service_name", "disable_local_igmp", "enable_dbus",
                "enable_snmp_checker", "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2",
                "enable_snmp_rfcv3", "enable_snmp_vrrp", "enable_traps", "include_check", "log_unknown_vrids",
                "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
                "lvs_netlink_monitor_rcv_bufs_force", "min_auto_priority_delay", "nftables_counters",
                "nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark",
                "nftables_priority", "no_checker_emails", "process_monitor_rcv_bufs",
                "process_monitor_rcv_bufs_force", "random_seed", "reload_check_config", "reload_file",
                "reload_repeat", "reload_time_file", "rs_init_notifies", "snmp_socket", "tmp_config_directory",
                "vmac_addr_prefix", "vrrp_cpu_affinity", "vrrp_garp_extra_if", "vrrp_netlink_cmd_rcv_bufs",
                "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
                "vrrp_netlink_monitor_rcv_bufs_force", "vrrp_rlimit_rttime", "vrrp_rx_bufs_multiplier",
                "vrrp_rx_bufs_policy", "vrrp_vmac_garp_intvl")) {
            t.leaf(k, GlobalKeywords::other);
        }
        t.leaf("bfd_priority", (g, w) -> {
            niceValue(w, "bfd", null);
            other(g, w);
        });
        t.leaf("bfd_rt_priority", (g, w) -> {
            rtPriority(w, null);
            other(g, w);
        });
        t.deprecated("vrrp_rlimit_rtime", "vrrp_rlimit_rttime");
        t.deprecated("checker_rlimit_rtime", "checker_rlimit_rttime");
        t.deprecated("bfd_rlimit_rtime", "bfd_rlimit_rttime");
        t.leaf("umask", (g, w) -> {
            checkUmask(w);
            other(g, w);
        });
    }

    private static void checkUmask(Words w) {
        for (int i = 1; i < w.size(); i++) {
            for (String bit : w.get(i).split("\\|")) {
                if (bit.isEmpty() || bit.matches("(0[xX])?[0-9a-fA-F]+")) {
                    continue;
                }
                if (!bit.matches("I[RWX](USR|GRP|OTH)")) {
                    w.error(ConfigStatus.GENERAL_ERROR, "Unknown umask bit " + bit);
                    return;
                }
            }
        }
    }

    static void other(GlobalDefsBuilder g, Words w) {
        g.otherSettings.put(w.keyword(), List.copyOf(w.from(1)));
    }
}
