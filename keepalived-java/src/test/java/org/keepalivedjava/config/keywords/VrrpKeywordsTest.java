package org.keepalivedjava.config.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.ConfigTestVerdict;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;

/** Messages and verdicts below were measured with keepalived 2.2.7 -t on the same configs. */
class VrrpKeywordsTest {

    private static VrrpConfig.Instance only(String text) {
        var r = VrrpFixtures.load(text);
        assertEquals(List.of(), VrrpFixtures.messages(r));
        assertEquals(1, r.config().vrrp().instances().size());
        return r.config().vrrp().instances().get(0);
    }

    @Test
    void instanceDefaultsFollowKeepalivedAndGlobalDefs() {
        var i = only(VrrpFixtures.instance(""));
        assertEquals("VI_1", i.name());
        assertEquals(VrrpConfig.InitialState.BACKUP, i.initialState());
        assertEquals(100, i.priority());
        assertEquals(1_000_000, i.advertIntervalUs());
        assertEquals(2, i.version());
        assertTrue(i.preempt());
        assertTrue(i.accept());
        assertEquals(5_000_000, i.garpMasterDelayUs());
        assertEquals(5, i.garpMasterRepeat());
        assertEquals(5, i.garpLowerPrioRepeat());
        assertEquals(3, i.downTimerAdverts());
        assertEquals(1, i.location().line());
        assertEquals(51, i.vrid());
        assertTrue(new org.keepalivedjava.config.model.KeepalivedConfig(null,
                VrrpFixtures.load(VrrpFixtures.instance("")).config().vrrp(), null).hasVrrp());
    }

    @Test
    void fullInstance() {
        var i = only("""
                vrrp_script chk {
                  script "/usr/bin/test -f '/tmp/a b'"
                  interval 2
                  weight -20 reverse
                  fall 3
                  user nobody
                }
                vrrp_instance VI_1 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 51
                  priority 150
                  advert_int 2
                  nopreempt
                  dont_track_primary
                  garp_master_delay 2
                  unicast_src_ip 192.0.2.10
                  unicast_peer {
                    192.0.2.11 min_ttl 5 max_ttl 10
                    192.0.2.12
                  }
                  authentication {
                    auth_type PASS
                    auth_pass 123456789
                  }
                  track_interface {
                    eth1 weight -10
                  }
                  track_script {
                    chk weight 5 reverse
                  }
                  virtual_ipaddress {
                    192.0.2.1/24 dev eth1 label eth1:1 scope link brd 192.0.2.255 noprefixroute
                  }
                  virtual_ipaddress_excluded {
                    2001:db8::1/64
                  }
                  virtual_routes {
                    198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 5
                  }
                  virtual_rules {
                    from 192.0.2.0/24 table 100 preference 10
                  }
                  notify_master "/etc/keepalived/master.sh arg1" nobody
                  strict_mode off
                  no_accept
                }
                global_defs {
                  enable_script_security
                }
                """);
        assertEquals(VrrpConfig.InitialState.BACKUP, i.initialState());
        assertEquals(150, i.priority());
        assertEquals(2_000_000, i.advertIntervalUs());
        assertFalse(i.preempt());
        assertFalse(i.accept());
        assertTrue(i.dontTrackPrimary());
        assertEquals(2_000_000, i.garpMasterDelayUs());
        assertEquals(2_000_000, i.garpLowerPrioDelayUs());
        assertEquals("192.0.2.10", i.sourceAddress().getHostAddress());
        assertEquals(2, i.unicastPeers().size());
        assertEquals(5, i.unicastPeers().get(0).minTtl());
        assertTrue(i.checkUnicastSrc(), "min_ttl/max_ttl turn on check_unicast_src");
        assertEquals(new VrrpConfig.Authentication("PASS", "12345678"), i.authentication());
        assertEquals(-10, i.tracking().interfaces().get(0).weight());
        assertEquals(5, i.tracking().scripts().get(0).weight());
        assertTrue(i.tracking().scripts().get(0).reverse());
        var vip = i.virtualAddresses().get(0);
        assertEquals("192.0.2.1/24", vip.prefix().toString());
        assertEquals("eth1", vip.dev());
        assertEquals("eth1:1", vip.label());
        assertEquals("link", vip.scope());
        assertTrue(vip.noPrefixRoute());
        assertEquals(33, vip.location().line());
        assertEquals("2001:db8::1/64", i.excludedAddresses().get(0).prefix().toString());
        var route = i.virtualRoutes().get(0);
        assertEquals("192.0.2.254", route.via().getHostAddress());
        assertEquals("100", route.table());
        assertEquals(5L, route.metric());
        assertEquals(10L, i.virtualRules().get(0).preference());
        assertEquals(List.of("/etc/keepalived/master.sh", "arg1"), i.notifies().master().argv());
        assertEquals("nobody", i.notifies().master().user());
        var script = VrrpFixtures.load(VrrpFixtures.instance("")).config().vrrp();
        assertTrue(script.scripts().isEmpty());
    }

    @Test
    void vrrpScriptValuesAndArgv() {
        var v = VrrpFixtures.load("""
                vrrp_script chk {
                  script "/usr/bin/test -f '/tmp/a b'"
                  interval 2
                  timeout 1
                  weight -20 reverse
                  rise 2
                  fall 3
                  user nobody
                  init_fail
                }
                """).config().vrrp();
        var s = v.scripts().get("chk");
        assertEquals(List.of("/usr/bin/test", "-f", "/tmp/a b"), s.command().argv());
        assertEquals(2_000_000, s.intervalUs());
        assertEquals(1_000_000, s.timeoutUs());
        assertEquals(-20, s.weight());
        assertTrue(s.reverse());
        assertEquals(2, s.rise());
        assertEquals(3, s.fall());
        assertTrue(s.initFail());
        assertEquals("nobody", s.command().user());
        assertFalse(v.hasWork(), "a vrrp_script alone gives the VRRP process nothing to do");
    }

    @Test
    void staticAddressesRoutesRulesTrackProcessFileGarpGroup() {
        var r = VrrpFixtures.load("""
                static_ipaddress {
                  192.0.2.5/24 dev eth0 scope global
                }
                static_routes {
                  198.51.100.0/24 via 192.0.2.1 dev eth0
                  blackhole 203.0.113.0/24 no_track
                }
                static_rules {
                  from 192.0.2.0/24 table 1 preference 100
                }
                vrrp_track_process proc {
                  process haproxy -f "/etc/a b.cfg"
                  weight 10
                  quorum 2
                  delay 0.5
                }
                vrrp_track_file tf {
                  file /run/x
                  weight 3 reverse
                  init_file 7 overwrite
                }
                garp_group {
                  garp_interval 0.01
                  interfaces {
                    eth0
                    eth1
                  }
                }
                """);
        assertEquals(List.of(ConfigStatus.OK), List.of(r.status()));
        assertEquals(1, r.diagnostics().warnings().size(), "vrrp_track_file is a deprecated alias");
        var v = r.config().vrrp();
        assertTrue(v.hasWork(), "static addresses make the VRRP process run");
        assertEquals("192.0.2.5/24", v.staticAddresses().get(0).prefix().toString());
        assertEquals("blackhole", v.staticRoutes().get(1).type());
        assertEquals("1", v.staticRules().get(0).table());
        var p = v.trackProcesses().get("proc");
        assertEquals(List.of("haproxy", "-f", "/etc/a b.cfg"), p.process());
        assertEquals(500_000, p.forkDelayUs());
        assertEquals(500_000, p.terminateDelayUs());
        assertEquals(2, p.quorum());
        var f = v.trackFiles().get("tf");
        assertEquals(7L, f.initValue());
        assertTrue(f.initOverwrite());
        assertTrue(f.reverse());
        assertEquals(List.of("eth0", "eth1"), v.garpGroups().get(0).interfaces());
        assertEquals(10_000, v.garpGroups().get(0).garpIntervalUs());
    }

    @Test
    void instanceErrors() {
        String b = "vrrp_instance VI_1 {\n interface %s\n virtual_router_id %s\n priority %s\n %s\n"
                + " virtual_ipaddress {\n 192.0.2.1/24\n }\n}\n";
        assertBad(String.format(b, "nosuch", 1, 100, ""), ConfigStatus.BAD_IF,
                "(k.conf: Line 2) WARNING - interface nosuch for vrrp_instance VI_1 doesn't exist",
                "Non-existent interface specified in configuration");
        assertBad(String.format(b, "lo", 1, 100, ""), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 2) (VI_1) cannot use a loopback interface (lo) for vrrp - ignoring",
                "(VI_1) Unknown interface!");
        assertBad(String.format(b, "eth0", 0, 100, ""), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 3) number '0' outside range [1, 255]",
                "(k.conf: Line 3) (VI_1): VRID '0' not valid - must be between 1 & 255",
                "(VI_1) the virtual router id must be set");
        assertBad(String.format(b, "eth0", 1, 256, ""), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 4) number '256' outside range [1, 255]",
                "(k.conf: Line 4) (VI_1) Priority not valid! must be between 1 & 255. Using default 100");
        assertBad(String.format(b, "eth0", 1, 100, "advert_int 1.5"), ConfigStatus.GENERAL_ERROR,
                "(VI_1) VRRPv2 advertisement interval 1.500000s must be an integer. rounding");
        assertBad(String.format(b, "eth0", 1, 100, "advert_int 0"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 5) number '0' outside range [0.010000, 255.000000]",
                "(k.conf: Line 5) (VI_1) Advert interval (0) not valid! Must be > 0 - ignoring");
        assertBad(String.format(b, "eth0", 1, 100, "state FOO"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 5) (VI_1) unknown state 'FOO', defaulting to BACKUP");
        assertBad("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n}\n", ConfigStatus.GENERAL_ERROR,
                "(VI_1) No VIP specified; at least one is sensible");
        assertBad(String.format(b, "eth0", 1, 100, "") + String.format(b, "eth0", 1, 100, "")
                .replace("VI_1", "VI_2"), ConfigStatus.GENERAL_ERROR,
                "VI_1 and VI_2 both use VRID 1 with IPv4 on interface eth0");
        assertBad("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n 192.0.2.1\n"
                + " 2001:db8::1\n }\n}\n", ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 6) (VI_1): address family must match VRRP instance [2001:db8::1] - ignoring");
        assertBad(String.format(b, "eth0", 1, 100, "track_script {\n nosuch\n }"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 6) (VI_1) track script nosuch not found, ignoring...");
        assertBad(String.format(b, "eth0", 1, 100, "lvs_sync_daemon_interface eth0"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 5) (VI_1) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.",
                "(k.conf: Line 5)         Please use global lvs_sync_daemon");
    }

    @Test
    void priority255AndVersion3FractionalAdvertAreFine() {
        assertEquals(255, only(VrrpFixtures.instance(" priority 255\n state MASTER")).priority());
        var i = only(VrrpFixtures.instance(" version 3\n advert_int 0.5"));
        assertEquals(500_000, i.advertIntervalUs());
        assertEquals(3, i.version());
    }

    @Test
    void syncGroupChecks() {
        String inst = VrrpFixtures.instance("");
        assertBad("vrrp_sync_group G {\n group {\n VI_1\n VI_X\n }\n}\n" + inst, ConfigStatus.GENERAL_ERROR,
                "Virtual router VI_X specified in sync group G doesn't exist - ignoring",
                "Sync group G has only 1 virtual router(s) - this probably isn't what you want");
        var r = VrrpFixtures.load("vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n notify_master /bin/true root\n"
                + " smtp_alert\n}\n" + inst + inst.replace("VI_1", "VI_2").replace("51", "52"));
        var g = r.config().vrrp().syncGroups().get(0);
        assertEquals(List.of("VI_1", "VI_2"), g.instances());
        assertEquals(Boolean.TRUE, g.smtpAlert());
        assertEquals("G", r.config().vrrp().instances().get(1).syncGroup());
    }

    @Test
    void addressLineErrors() {
        String v = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n %s\n"
                + " 192.0.2.9\n }\n}\n";
        assertBad(String.format(v, "bogus"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 5) VRRP parsed invalid IP bogus. skipping IP...");
        assertBad(String.format(v, "192.0.2.1/33"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 5) number '33' outside range [0, 32]",
                "(k.conf: Line 5) Invalid address prefix len 33 for address 192.0.2.1/33 - using 32");
        assertBad(String.format(v, "192.0.2.1 scope foo"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 5) Invalid scope 'foo' specified for 192.0.2.1 - ignoring");
        assertBad(String.format(v, "192.0.2.1 foo"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 5) Unknown configuration entry 'foo' for ip address - ignoring");
        assertBad(String.format(v, "192.0.2.1 dev nosuch"), ConfigStatus.BAD_IF,
                "(k.conf: Line 5) WARNING - interface nosuch for ip address 192.0.2.1 doesn't exist",
                "Non-existent interface specified in configuration");
        assertBad(String.format(v, "192.0.2.1 preferred_lft x"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 5) invalid number 'x'", "(k.conf: Line 5) preferred_lft x is invalid");
    }

    @Test
    void routeAndRuleErrors() {
        assertBad("static_routes {\n 192.0.2.0/24 foo\n}\n", ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 2) VRRP parsed invalid IP foo. skipping IP...",
                "(k.conf: Line 2) unknown route keyword foo");
        assertBad("static_routes {\n 192.0.2.0/24 table 100\n}\n", ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 2) Warning - cannot track route 192.0.2.0/24 with no interface specified,"
                        + " not tracking");
        assertBad("static_routes {\n 192.0.2.0/24 via bogus\n}\n", ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 2) VRRP parsed invalid IP bogus. skipping IP...",
                "(k.conf: Line 2) invalid route via address bogus");
        assertBad("static_rules {\n from 192.0.2.0/24 table 1\n}\n", ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 2) Rule has no preference specified - setting to 16384. This is probably not what"
                        + " you want.");
        assertBad("static_rules {\n to 192.0.2.0/24\n}\n", ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 2) No action specified for rule - ignoring");
        assertBad("static_rules {\n from 192.0.2.0/24 table 1 foo\n}\n", ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 2) Unknown rule option foo");
        var r = VrrpFixtures.load("static_rules {\n from 192.0.2.0/24 to 198.51.100.0/26 table 5 iif eth0"
                + " fwmark 24/12 preference 39\n}\n");
        assertEquals(List.of(), VrrpFixtures.messages(r));
        var rule = r.config().vrrp().staticRules().get(0);
        assertEquals("24/12", rule.selectors().get("fwmark"));
        assertEquals(39L, rule.preference());
    }

    @Test
    void stateAndPriorityDeriveFromEachOther() {
        // measured: state MASTER without priority is the address owner (no strict-mode complaint); priority 255
        // without state starts as MASTER
        var owner = only(VrrpFixtures.instance(" state MASTER\n strict_mode"));
        assertEquals(255, owner.priority());
        var master = only(VrrpFixtures.instance(" priority 255"));
        assertEquals(VrrpConfig.InitialState.MASTER, master.initialState());
        assertBad(VrrpFixtures.instance(" state BACKUP\n strict_mode\n priority 255"), ConfigStatus.GENERAL_ERROR,
                "(VI_1) State MASTER must match being address owner");
    }

    @Test
    void authenticationIsCheckedAgainstVersionModeAndInitialState() {
        String ah = " authentication {\n  auth_type AH\n  auth_pass x\n }";
        assertBad(VrrpFixtures.instance(" state MASTER\n priority 100\n" + ah), ConfigStatus.GENERAL_ERROR,
                "(VI_1) Initial state master is incompatible with AH authentication - clearing");
        var r = VrrpFixtures.load(VrrpFixtures.instance(" state MASTER\n priority 100\n" + ah));
        assertEquals(VrrpConfig.InitialState.BACKUP, r.config().vrrp().instances().get(0).initialState(),
                "an AH instance must learn the sequence number from an advert before taking over");
        assertEquals(List.of(), VrrpFixtures.messages(VrrpFixtures.load(
                VrrpFixtures.instance(" state MASTER\n priority 255\n" + ah))), "the owner may start as MASTER");
        assertBad(VrrpFixtures.instance(" version 3\n" + ah), ConfigStatus.GENERAL_ERROR,
                "(VI_1) VRRP version 3 does not support authentication. Ignoring.");
        assertBad(VrrpFixtures.instance(" strict_mode\n priority 255\n" + ah), ConfigStatus.GENERAL_ERROR,
                "(VI_1) Strict mode does not support authentication. Ignoring.");
        var noPass = VrrpFixtures.load(VrrpFixtures.instance(" authentication {\n  auth_type PASS\n }"));
        assertEquals(List.of("(VI_1) Authentication specified but no password given. Ignoring"),
                VrrpFixtures.messages(noPass));
        assertNull(noPass.config().vrrp().instances().get(0).authentication());
    }

    @Test
    void preemptionRulesFollowTheInitialState() {
        var r = VrrpFixtures.load(VrrpFixtures.instance(" nopreempt\n preempt_delay 10"));
        assertEquals(List.of("(VI_1) preempt_delay is incompatible with nopreempt mode - resetting"),
                VrrpFixtures.messages(r));
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
        assertEquals(0, r.config().vrrp().instances().get(0).preemptDelayUs());
        assertEquals(1_500_000, only(VrrpFixtures.instance(" preempt_delay 1.5")).preemptDelayUs());
        assertFalse(only(VrrpFixtures.instance(" nopreempt\n preempt_delay 0")).preempt());
        assertBad(VrrpFixtures.instance(" priority 255\n nopreempt\n preempt_delay 3"), ConfigStatus.GENERAL_ERROR,
                "(VI_1) nopreempt is incompatible with priority 255. resetting nopreempt",
                "(VI_1) Warning - preempt delay will not work with initial state MASTER - clearing");
        assertBad(VrrpFixtures.instance(" state MASTER\n priority 100\n nopreempt"), ConfigStatus.GENERAL_ERROR,
                "(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing");
        assertBad(VrrpFixtures.instance(" strict_mode\n nopreempt\n preempt_delay 5"), ConfigStatus.GENERAL_ERROR,
                "(VI_1) preempt_delay is incompatible with strict mode - resetting",
                "(VI_1) preempt_delay is incompatible with nopreempt mode - resetting");
    }

    @Test
    void aRouteIsTrackedOnlyThroughItsInterface() {
        // the same rule for virtual_routes as for static_routes (keepalived's sample vrrp.routes: exit 5)
        assertBad(VrrpFixtures.instance(" virtual_routes {\n  198.51.100.0/24 via 192.0.2.254\n"
                        + "  to 203.0.113.0/24 dev eth0\n  default via 192.0.2.1\n }"), ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 5) Warning - cannot track route 198.51.100.0/24 with no interface specified,"
                        + " not tracking",
                "(k.conf: Line 7) Warning - cannot track route default with no interface specified, not tracking");
        assertEquals(List.of(), VrrpFixtures.messages(VrrpFixtures.load(
                "static_routes {\n 198.51.100.0/24 via 192.0.2.254 no_track\n}\n")));
        assertBad("static_routes {\n 198.51.100.0/24 via 192.0.2.254 dev eth0 protocol static\n"
                        + " 203.0.113.0/24 via 192.0.2.254 dev eth0 protocol 18\n}\n", ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 2) Route cannot be tracked if protocol is not RTPROT_KEEPALIVED(18), resetting"
                        + " protocol");
    }

    @Test
    void gwAndOrAreDeprecatedRouteWords() {
        assertBad("static_routes {\n 198.51.100.0/24 gw 192.0.2.1 dev eth0\n"
                        + " 203.0.113.0/24 via 192.0.2.1 or 192.0.2.2 dev eth0\n}\n", ConfigStatus.GENERAL_ERROR,
                "(k.conf: Line 2) \"gw\" for routes is deprecated. Please use \"via\"",
                "(k.conf: Line 3) \"or\" for routes is deprecated. Please use \"nexthop\"");
    }

    @Test
    void garpGroupInterfacesMustExistOnceAndAGroupNeedsADelay() {
        var r = VrrpFixtures.load("garp_group {\n garp_interval 1\n interface eth0\n}\n"
                + "garp_group {\n gna_interval 1\n interfaces {\n  eth0\n  eth9\n }\n}\n"
                + "garp_group {\n interface eth1\n}\n");
        assertEquals(List.of("(k.conf: Line 8) garp_group already specified for eth0 - ignoring",
                "(k.conf: Line 9) WARNING - interface eth9 specified for garp_group doesn't exist",
                "Non-existent interface specified in configuration",
                "(k.conf: Line 12) garp group 0 does not have any delay set - removing"), VrrpFixtures.messages(r));
        assertTrue(r.diagnostics().has(ConfigStatus.BAD_IF));
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
        var groups = r.config().vrrp().garpGroups();
        assertEquals(2, groups.size());
        assertEquals(List.of("eth0"), groups.get(0).interfaces());
        assertEquals(List.of(), groups.get(1).interfaces());
    }

    @Test
    void deprecatedSyncGroupGlobalTrackingIsAnError() {
        String inst = VrrpFixtures.instance("");
        var r = VrrpFixtures.load("vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n global_tracking\n}\n" + inst
                + inst.replace("VI_1", "VI_2").replace("51", "52"));
        assertEquals(List.of("(k.conf: Line 6) (G) global_tracking is deprecated. Use track_interface/script/file"
                + " on the sync group"), VrrpFixtures.messages(r));
    }

    @Test
    void everyKeepalivedInstanceKeywordIsKnown() {
        List<String> probed = List.of("accept", "advert_int", "authentication", "check_unicast_src", "debug",
                "dont_track_primary", "down_timer_adverts", "garp_extra_if", "garp_lower_prio_delay",
                "garp_lower_prio_repeat", "garp_master_delay", "garp_master_refresh", "garp_master_refresh_repeat",
                "garp_master_repeat", "higher_prio_send_advert", "interface", "kernel_rx_buf_size",
                "linkbeat_use_polling", "lower_prio_no_advert", "lvs_sync_daemon_interface", "mcast_dst_ip",
                "mcast_src_ip", "native_ipv6", "no_accept", "nopreempt", "notify", "notify_backup",
                "notify_deleted", "notify_fault", "notify_master", "notify_master_rx_lower_pri",
                "notify_priority_changes", "notify_stop", "old_unicast_checksum", "preempt", "preempt_delay",
                "priority", "promote_secondaries", "skip_check_adv_addr", "smtp_alert", "state", "strict_mode",
                "track_bfd", "track_file", "track_interface", "track_process", "track_script", "track_src_ip",
                "unicast_fault_no_peer", "unicast_peer", "unicast_src_ip", "unicast_ttl", "use_ipvlan", "use_vmac",
                "use_vmac_addr", "version", "virtual_ipaddress", "virtual_ipaddress_excluded",
                "virtual_router_id", "virtual_routes", "virtual_rules", "vmac_garp_intvl", "vmac_xmit_base",
                "vrf");
        var names = VrrpInstanceKeywords.table().keywordNames();
        for (String k : probed) {
            assertTrue(names.contains(k), k);
        }
        var root = RootKeywords.table().keywordNames();
        for (String k : List.of("static_ipaddress", "static_routes", "static_rules", "track_group", "vrrp_script",
                "vrrp_track_process", "track_file", "vrrp_track_file", "vrrp_sync_group", "garp_group",
                "vrrp_instance", "net_namespace", "instance", "use_pid_dir", "child_wait_time",
                "linkbeat_use_polling", "linkbeat_interfaces", "interface_up_down_delays", "bfd_instance")) {
            assertTrue(root.contains(k), k);
        }
    }

    @Test
    void garbageNeverThrows() {
        var r = VrrpFixtures.load("vrrp_instance\nvrrp_instance X {\n unicast_peer {\n zz min_ttl\n 192.0.2.1 min_ttl"
                + "\n }\n authentication {\n auth_type\n }\n track_script {\n a weight\n }\n}\n"
                + "static_routes {\n via\n}\n");
        assertTrue(r.diagnostics().hasErrors());
        assertNull(r.config().vrrp().instances().isEmpty() ? null : "built without a vrid");
    }

    private static void assertBad(String text, ConfigStatus status, String... expected) {
        var r = VrrpFixtures.load(text);
        assertEquals(List.of(expected), VrrpFixtures.messages(r).stream().filter(m -> !m.contains("deprecated'"))
                .toList());
        assertEquals(status, r.status());
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
    }
}
