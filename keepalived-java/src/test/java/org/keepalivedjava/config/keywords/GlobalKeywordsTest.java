package org.keepalivedjava.config.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.ConfigTestVerdict;
import org.keepalivedjava.config.model.global.GlobalDefs;

class GlobalKeywordsTest {

    @Test
    void defaultsWithoutGlobalDefs() {
        var r = VrrpFixtures.load("");
        GlobalDefs g = r.config().global();
        assertNull(g.routerId());
        assertEquals(30, g.smtp().connectTimeoutSec());
        assertEquals(25, g.smtp().smtpServerPort());
        assertEquals("224.0.0.18", g.vrrp().mcastGroup4().getHostAddress());
        assertEquals(5_000_000, g.vrrp().garpMasterDelayUs());
        assertEquals(5, g.vrrp().garpMasterRepeat());
        assertEquals(2, g.vrrp().version());
        assertEquals(5, g.extensions().watchdogIntervalSec());
        assertNull(g.extensions().controlSocket());
        assertFalse(g.scripts().enableScriptSecurity());
        assertEquals(ConfigStatus.OK, r.status());
    }

    @Test
    void typedValues() {
        var r = VrrpFixtures.load("""
                global_defs {
                  router_id LVS_1
                  notification_email {
                    admin@example.com
                    "Joe Bloggs <joe@example.com>"
                  }
                  notification_email_from ka@example.com
                  smtp_server 192.0.2.25 2525
                  smtp_connect_timeout 10
                  smtp_alert false
                  vrrp_mcast_group4 224.0.0.19
                  vrrp_garp_master_delay 10
                  vrrp_garp_interval 0.001
                  vrrp_version 3
                  vrrp_strict
                  vrrp_priority -5
                  lvs_timeouts tcp 900 udp 30
                  lvs_sync_daemon eth0 VI_1 id 7
                  enable_script_security
                  script_user nobody
                  max_auto_priority
                  watchdog_interval 0
                  control_socket /run/kj.sock
                  prometheus_listen 192.0.2.1:9100
                  smtp_starttls
                  enable_traps
                }
                net_namespace blue
                child_wait_time 7
                """);
        assertEquals(List.of(), VrrpFixtures.messages(r));
        GlobalDefs g = r.config().global();
        assertEquals("LVS_1", g.routerId());
        assertEquals(List.of(new GlobalDefs.EmailAddress(null, "admin@example.com"),
                new GlobalDefs.EmailAddress("Joe Bloggs", "joe@example.com")), g.smtp().notificationEmails());
        assertEquals("192.0.2.25", g.smtp().smtpServerHost());
        assertEquals(2525, g.smtp().smtpServerPort());
        assertEquals(10, g.smtp().connectTimeoutSec());
        assertEquals(Boolean.FALSE, g.smtp().alert());
        assertTrue(g.smtp().starttls());
        assertEquals("224.0.0.19", g.vrrp().mcastGroup4().getHostAddress());
        assertEquals(10_000_000, g.vrrp().garpMasterDelayUs());
        assertEquals(1000, g.vrrp().garpIntervalUs());
        assertEquals(3, g.vrrp().version());
        assertTrue(g.vrrp().strict());
        assertEquals(-5, g.processes().vrrpPriority());
        assertEquals(99, g.processes().maxAutoPriority());
        assertEquals(900, g.lvs().tcpTimeoutSec());
        assertEquals(30, g.lvs().udpTimeoutSec());
        assertNull(g.lvs().tcpFinTimeoutSec());
        assertEquals(new GlobalDefs.SyncDaemon("eth0", "VI_1", 7, null, null, null, null), g.lvs().syncDaemon());
        assertEquals("nobody", g.scripts().scriptUser());
        assertEquals(0, g.extensions().watchdogIntervalSec());
        assertEquals("/run/kj.sock", g.extensions().controlSocket());
        assertEquals("192.0.2.1:9100", g.extensions().prometheusListen());
        assertEquals("blue", g.processes().netNamespace());
        assertEquals(7, g.processes().childWaitTimeSec());
        assertTrue(g.otherSettings().containsKey("enable_traps"));
    }

    /** Each message and verdict below was measured with keepalived 2.2.7 -t. */
    @Test
    void badValuesAreErrorsWithKeepalivedsMessages() {
        assertErrors("vrrp_version 4", "(k.conf: Line 2) number '4' outside range [2, 3]",
                "(k.conf: Line 2) VRRP Error: Version must be either 2 or 3");
        assertErrors("vrrp_priority 30", "(k.conf: Line 2) number '30' outside range [-20, 19]",
                "(k.conf: Line 2) Invalid vrrp process priority specified");
        assertErrors("vrrp_mcast_group4 1.2.3", "(k.conf: Line 2) Can't parse vrrp_mcast_group4 [1.2.3]. Skipping");
        assertErrors("smtp_connect_timeout x", "(k.conf: Line 2) invalid number 'x'",
                "(k.conf: Line 2) smtp_connect_timeout 'x' must be in [0, 4294] - ignoring");
        assertErrors("vrrp_garp_master_delay -1", "(k.conf: Line 2) negative number '-1'",
                "(k.conf: Line 2) vrrp_garp_master_delay '-1' invalid - ignoring");
        assertErrors("vrrp_garp_master_repeat 0",
                "(k.conf: Line 2) vrrp_garp_master_repeat must be greater than 0, setting to 1");
        assertErrors("max_auto_priority 100", "(k.conf: Line 2) number '100' outside range [-1, 99]",
                "(k.conf: Line 2) max_auto_priority '100' must be in [0, 99] (or -1 to disable) - ignoring");
        assertErrors("smtp_alert maybe", "(k.conf: Line 2) Invalid value 'maybe' for global smtp_alert specified");
        assertErrors("lvs_timeouts tcp 10 udp x", "(k.conf: Line 2) invalid number 'x'",
                "(k.conf: Line 2) Invalid lvs_timeout udp (x) - ignoring");
        assertErrors("lvs_sync_daemon eth0 VI_1 id 300", "(k.conf: Line 2) number '300' outside range [0, 255]",
                "(k.conf: Line 2) Invalid syncid (300) - defaulting to vrid");
        assertErrors("startup_script_timeout 0", "(k.conf: Line 2) number '0' outside range [1, 1000]",
                "(k.conf: Line 2) startup_script_timeout '0' must be in [1, 1000] - ignoring");
        assertErrors("router_id", "(k.conf: Line 2) routerid name missing - ignoring");
        assertErrors("vrrp_startup_delay 9999",
                "(k.conf: Line 2) number '9999' outside range [0.001000, 4294.967295]",
                "(k.conf: Line 2) vrrp_startup_delay '9999' is invalid");
        assertErrors("umask foo", "(k.conf: Line 2) Unknown umask bit foo");
        assertErrors("child_wait_time 5", "(k.conf: Line 2) Unknown keyword 'child_wait_time'");
        assertErrors("script_user nosuchuser", "(k.conf: Line 2) Error setting global script uid/gid");
        assertErrors("prometheus_listen 192.0.2.1", "(k.conf: Line 2) prometheus_listen '192.0.2.1' must be IP:PORT");
        assertErrors("prometheus_listen 192.0.2.1:70000", "(k.conf: Line 2) prometheus_listen '192.0.2.1:70000' must be IP:PORT");
        assertErrors("prometheus_listen localhost:9650", "(k.conf: Line 2) prometheus_listen 'localhost:9650' must be IP:PORT");
        assertErrors("control_socket run/kj.sock", "(k.conf: Line 2) control_socket 'run/kj.sock' must be an absolute path");
    }

    @Test
    void validValuesKeepalivedAcceptsSilently() {
        for (String line : List.of("vrrp_garp_interval 2000", "vrrp_strict 1", "lvs_flush", "vrrp_min_garp",
                "dynamic_interfaces allow_if_changes", "nftables", "vrrp_iptables in out", "umask IWGRP|IWOTH",
                "reload_file", "enable_snmp_vrrp", "include_check", "vrrp_rx_bufs_policy MTU", "process_names")) {
            var r = VrrpFixtures.load("global_defs {\n " + line + "\n}\n");
            assertEquals(List.of(), VrrpFixtures.messages(r), line);
        }
    }

    @Test
    void deprecatedAliasesWarnButWork() {
        var r = VrrpFixtures.load("global_defs {\n lvs_flush_onstop\n vrrp_rlimit_rtime 10000\n}\n");
        assertEquals(0, ConfigTestVerdict.exitCode(r.diagnostics()));
        assertTrue(r.config().global().lvs().flushOnStop());
        assertEquals(2, r.diagnostics().warnings().size());
    }

    @Test
    void minGarpSetsOneGarpAndNoSecondBurst() {
        var g = VrrpFixtures.load("global_defs {\n vrrp_min_garp\n}\n").config().global().vrrp();
        assertEquals(1, g.garpMasterRepeat());
        assertEquals(0, g.garpMasterDelayUs());
    }

    @Test
    void everyKeepalivedGlobalDefsKeywordIsKnown() {
        // The global_defs keywords of the real keepalived 2.2.7 binary (probed one by one with -t).
        List<String> probed = List.of("bfd_cpu_affinity", "bfd_no_swap", "bfd_priority", "bfd_process_name",
                "bfd_rlimit_rtime", "bfd_rlimit_rttime", "bfd_rt_priority", "checker_cpu_affinity",
                "checker_log_all_failures", "checker_no_swap", "checker_priority", "checker_process_name",
                "checker_rlimit_rtime", "checker_rlimit_rttime", "checker_rt_priority", "config_save_dir",
                "data_use_instance", "dbus_service_name", "default_interface", "disable_local_igmp",
                "dynamic_interfaces", "enable_dbus", "enable_script_security", "enable_snmp_checker",
                "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
                "enable_snmp_vrrp", "enable_traps", "fifo_write_vrrp_states_on_reload", "include_check",
                "log_unknown_vrids", "lvs_flush", "lvs_flush_on_stop", "lvs_flush_onstop",
                "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
                "lvs_netlink_monitor_rcv_bufs_force", "lvs_notify_fifo", "lvs_notify_fifo_script",
                "lvs_process_name", "lvs_sync_daemon", "lvs_timeouts", "max_auto_priority",
                "min_auto_priority_delay", "nftables", "nftables_counters", "nftables_ifindex", "nftables_ipvs",
                "nftables_ipvs_priority", "nftables_ipvs_start_fwmark", "nftables_priority", "no_checker_emails",
                "no_email_faults", "notification_email", "notification_email_from", "notify_fifo",
                "notify_fifo_script", "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force",
                "process_name", "process_names", "random_seed", "reload_check_config", "reload_file",
                "reload_repeat", "reload_time_file", "router_id", "rs_init_notifies", "script_user",
                "shutdown_script", "shutdown_script_timeout", "smtp_alert", "smtp_alert_checker",
                "smtp_alert_vrrp", "smtp_connect_timeout", "smtp_helo_name", "smtp_server", "snmp_socket",
                "startup_script", "startup_script_timeout", "tmp_config_directory", "umask", "vmac_addr_prefix",
                "vmac_prefix", "vrrp_check_unicast_src", "vrrp_cpu_affinity", "vrrp_down_timer_adverts",
                "vrrp_garp_extra_if", "vrrp_garp_interval", "vrrp_garp_lower_prio_delay",
                "vrrp_garp_lower_prio_repeat", "vrrp_garp_master_delay", "vrrp_garp_master_refresh",
                "vrrp_garp_master_refresh_repeat", "vrrp_garp_master_repeat", "vrrp_gna_interval",
                "vrrp_higher_prio_send_advert", "vrrp_iptables", "vrrp_lower_prio_no_advert", "vrrp_mcast_group4",
                "vrrp_mcast_group6", "vrrp_min_garp", "vrrp_netlink_cmd_rcv_bufs",
                "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
                "vrrp_netlink_monitor_rcv_bufs_force", "vrrp_no_swap", "vrrp_notify_fifo",
                "vrrp_notify_fifo_script", "vrrp_notify_priority_changes", "vrrp_priority", "vrrp_process_name",
                "vrrp_rlimit_rtime", "vrrp_rlimit_rttime", "vrrp_rt_priority", "vrrp_rx_bufs_multiplier",
                "vrrp_rx_bufs_policy", "vrrp_skip_check_adv_addr", "vrrp_startup_delay", "vrrp_strict",
                "vrrp_version", "vrrp_vmac_garp_intvl");
        var table = org.keepalivedjava.config.keywords.RootKeywords.table().subTable("global_defs");
        for (String k : probed) {
            assertTrue(table.keywordNames().contains(k), k);
        }
    }

    private static void assertErrors(String line, String... expected) {
        var r = VrrpFixtures.load("global_defs {\n " + line + "\n}\n");
        assertEquals(List.of(expected), VrrpFixtures.messages(r), line);
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()), line);
    }
}
