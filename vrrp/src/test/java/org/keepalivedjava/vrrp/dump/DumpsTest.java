package org.keepalivedjava.vrrp.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.testing.TestHosts;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.vrrp.net.AddressText;

/**
 * The expected texts are the files keepalived 2.2.7 wrote for this very config (two instances in a sync group,
 * both MASTER after a VIP deletion made them flap twice) on SIGUSR2 and on its JSON signal.
 */
class DumpsTest {
    static final String CONF = """
global_defs {
  router_id kjtest
  enable_script_security
  script_user root
  vrrp_notify_fifo /tmp/kjx/vrrp.fifo
  vrrp_notify_fifo_script /tmp/kjx/fifo.sh
}
static_ipaddress {
  203.0.113.50/24 dev eth0 label eth0:st
}
vrrp_sync_group G1 {
  group {
    VI_1
    VI_2
  }
  notify "/tmp/kjx/notify.sh 'g q' x"
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 150
  advert_int 1
  virtual_ipaddress {
    192.0.2.100/24 brd + label eth0:vip scope global
    192.0.2.101 dev eth0 scope link
    198.51.100.7/24 brd 198.51.100.255 noprefixroute
    192.0.2.102 peer 192.0.2.200
  }
  virtual_ipaddress_excluded {
    2001:db8::100/64
    2001:db8::101/128
    2001:db8::102/64 -nodad preferred_lft forever
  }
  virtual_routes {
    203.0.113.0/25 via 192.0.2.1 dev eth0 metric 7 table 100
    blackhole 198.51.100.128/25 no_track
  }
  virtual_rules {
    from 192.0.2.100 table 100 priority 100
  }
  notify_master "/tmp/kjx/notify.sh a b"
  notify "/tmp/kjx/notify.sh 'quoted arg' x"
}
vrrp_instance VI_2 {
  state BACKUP
  interface eth0
  virtual_router_id 52
  priority 100
  advert_int 1
  virtual_ipaddress {
    192.0.2.110/24
  }
}
""";

    static final String KEEPALIVED_STATS = """
VRRP Instance: VI_1
  Advertisements:
    Received: 0
    Sent: 14
  Became master: 3
  Released master: 2
  Packet Errors:
    Length: 0
    TTL: 0
    Invalid Type: 0
    Advertisement Interval: 0
    Address List: 0
  Authentication Errors:
    Invalid Type: 0
    Type Mismatch: 0
    Failure: 0
  Priority Zero:
    Received: 0
    Sent: 2
VRRP Instance: VI_2
  Advertisements:
    Received: 0
    Sent: 14
  Became master: 3
  Released master: 2
  Packet Errors:
    Length: 0
    TTL: 0
    Invalid Type: 0
    Advertisement Interval: 0
    Address List: 0
  Authentication Errors:
    Invalid Type: 0
    Type Mismatch: 0
    Failure: 0
  Priority Zero:
    Received: 0
    Sent: 2
""";

    static final String KEEPALIVED_JSON = """
[{"data":{"iname":"VI_1","dont_track_primary":0,"skip_check_adv_addr":0,"strict_mode":0,"vmac_ifname":"","ifp_ifname":"eth0","master_priority":0,"last_transition":1795267898.434592,"garp_delay":5,"garp_refresh":0,"garp_rep":5,"garp_refresh_rep":1,"garp_lower_prio_delay":5,"garp_lower_prio_rep":5,"lower_prio_no_advert":0,"higher_prio_send_advert":0,"vrid":51,"base_priority":150,"effective_priority":150,"vipset":true,"promote_secondaries":false,"adver_int":1,"master_adver_int":1,"accept":1,"nopreempt":false,"preempt_delay":0,"state":2,"wantstate":2,"version":2,"smtp_alert":false,"notify_deleted":false,"script_master":"'\\/tmp\\/kjx\\/notify.sh' 'a' 'b'","script":"'\\/tmp\\/kjx\\/notify.sh' 'quoted arg' 'x'","vips":["192.0.2.100\\/24 brd 192.0.2.255 dev eth0 scope global label eth0:vip set","192.0.2.101 dev eth0 scope link set","198.51.100.7\\/24 brd 198.51.100.255 dev eth0 scope global noprefixroute set","192.0.2.102 dev eth0 scope global peer 192.0.2.200\\/32 set"],"evips":["2001:db8::100\\/64 dev eth0 scope global preferred_lft forever set","2001:db8::101 dev eth0 scope global deprecated set","2001:db8::102\\/64 dev eth0 scope global -nodad preferred_lft forever set"],"vroutes":["prepend 203.0.113.0\\/25 via inet 192.0.2.1 dev eth0 table 100 proto 18 metric 7","add blackhole 198.51.100.128\\/25 no_track"],"vrules":["from 192.0.2.100 priority 100 tos 0x0 protocol 18 lookup 100"],"auth_type":0},"stats":{"advert_rcvd":0,"advert_sent":14,"become_master":3,"release_master":2,"packet_len_err":0,"advert_interval_err":0,"ip_ttl_err":0,"invalid_type_rcvd":0,"addr_list_err":0,"invalid_authtype":0,"authtype_mismatch":0,"auth_failure":0,"pri_zero_rcvd":0,"pri_zero_sent":2}},{"data":{"iname":"VI_2","dont_track_primary":0,"skip_check_adv_addr":0,"strict_mode":0,"vmac_ifname":"","ifp_ifname":"eth0","master_priority":0,"last_transition":1795267898.426194,"garp_delay":5,"garp_refresh":0,"garp_rep":5,"garp_refresh_rep":1,"garp_lower_prio_delay":5,"garp_lower_prio_rep":5,"lower_prio_no_advert":0,"higher_prio_send_advert":0,"vrid":52,"base_priority":100,"effective_priority":100,"vipset":true,"promote_secondaries":false,"adver_int":1,"master_adver_int":1,"accept":1,"nopreempt":false,"preempt_delay":0,"state":2,"wantstate":2,"version":2,"smtp_alert":false,"notify_deleted":false,"vips":["192.0.2.110\\/24 dev eth0 scope global set"],"auth_type":0},"stats":{"advert_rcvd":0,"advert_sent":14,"become_master":3,"release_master":2,"packet_len_err":0,"advert_interval_err":0,"ip_ttl_err":0,"invalid_type_rcvd":0,"addr_list_err":0,"invalid_authtype":0,"authtype_mismatch":0,"auth_failure":0,"pri_zero_rcvd":0,"pri_zero_sent":2}}]
""";

    @TempDir
    Path dir;

    static List<InstanceDump> model() {
        HostView any = TestHosts.ANY;
        Diagnostics d = new Diagnostics();
        VrrpConfig vrrp = ConfigLoader.loadText("ka.conf", CONF, LoadOptions.defaults(), any, d).config().vrrp();
        VrrpConfig.Instance vi1 = vrrp.instances().get(0);
        VrrpConfig.Instance vi2 = vrrp.instances().get(1);
        InstanceDump.Stats stats = new InstanceDump.Stats(0, 14, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2);
        return List.of(
                new InstanceDump(vi1, VrrpState.MASTER, VrrpState.MASTER, 150, 0, 1_000_000, 1795267898434592L, true,
                        vi1.virtualAddresses().stream().map(a -> AddressText.of(a, "eth0", true)).toList(),
                        vi1.excludedAddresses().stream().map(a -> AddressText.of(a, "eth0", true)).toList(),
                        List.of("prepend 203.0.113.0/25 via inet 192.0.2.1 dev eth0 table 100 proto 18 metric 7",
                                "add blackhole 198.51.100.128/25 no_track"),
                        List.of("from 192.0.2.100 priority 100 tos 0x0 protocol 18 lookup 100"), stats),
                new InstanceDump(vi2, VrrpState.MASTER, VrrpState.MASTER, 100, 0, 1_000_000, 1795267898426194L, true,
                        vi2.virtualAddresses().stream().map(a -> AddressText.of(a, "eth0", true)).toList(),
                        List.of(), List.of(), List.of(), stats));
    }

    @Test
    void statsAsKeepalivedWritesThem() {
        assertEquals(KEEPALIVED_STATS, Dumps.stats(model()));
    }

    @Test
    void jsonAsKeepalivedWritesIt() {
        assertEquals(KEEPALIVED_JSON, Dumps.json(model()));
    }

    @Test
    void jsonListsTrackedScriptsWithTheRealProgramPathAndTrackedProcesses() throws Exception {
        String conf = """
                global_defs {
                  enable_script_security
                  script_user root
                }
                vrrp_script chk {
                  script "/bin/true arg"
                }
                vrrp_track_process tp1 {
                  process haproxy
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  track_script {
                    chk
                  }
                  track_process {
                    tp1
                  }
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                }
                """;
        HostView any = TestHosts.ANY;
        VrrpConfig vrrp = ConfigLoader.loadText("t.conf", conf, LoadOptions.defaults(), any, new Diagnostics())
                .config().vrrp();
        VrrpConfig.Instance vi1 = vrrp.instances().get(0);
        InstanceDump dump = new InstanceDump(vi1, VrrpState.BACKUP, VrrpState.BACKUP, 100, 0, 1_000_000, 0, false,
                List.of("192.0.2.100/24 dev eth0 scope global"), List.of(), List.of(), List.of(),
                InstanceDump.Stats.ZERO);
        String trueProgram = Path.of("/bin/true").toRealPath().toString().replace("/", "\\/");
        // keepalived 2.2.7 here: "vips":[...],"track_script":["'\/usr\/bin\/true' 'arg'"],"auth_type":0
        String json = Dumps.json(List.of(dump), vrrp);
        assertTrue(json.contains("\"vips\":[\"192.0.2.100\\/24 dev eth0 scope global\"],\"track_script\":[\"'"
                + trueProgram + "' 'arg'\"],\"track_process\":[\"tp1\"],\"auth_type\":0"), json);
        assertFalse(Dumps.json(List.of(dump)).contains("\"track_script\""),
                "without the configuration: left out");
    }

    @Test
    void dumpsGoToTmpdirAsKeepalivedWritesThem() {
        assertEquals(Path.of("/tmp/keepalived.json"), Dumps.tmpFile(Dumps.JSON_FILE, null));
        assertEquals(Path.of("/tmp/keepalived.data"), Dumps.tmpFile(Dumps.DATA_FILE, ""));
        assertEquals(Path.of("/var/x/keepalived.stats"), Dumps.tmpFile(Dumps.STATS_FILE, "/var/x"));
    }

    @Test
    void dataTopologyUsesKeepalivedsLines() {
        String data = Dumps.data(model(), ZoneOffset.UTC);
        assertTrue(data.startsWith("------< VRRP Topology >------\n VRRP Instance = VI_1\n   VRRP Version = 2\n"
                + "   Sync group = G1\n   State = MASTER\n"), data);
        assertTrue(data.contains("   Last transition = 1795267898.434592 (Sat Nov 21 13:31:38.434592 2026)\n"), data);
        assertTrue(data.contains("   Virtual IP (4):\n"
                + "     192.0.2.100/24 brd 192.0.2.255 dev eth0 scope global label eth0:vip set\n"
                + "     192.0.2.101 dev eth0 scope link set\n"), data);
        assertTrue(data.contains("   Virtual IP Excluded :\n     2001:db8::100/64 dev eth0 scope global "
                + "preferred_lft forever set\n"), data);
        assertTrue(data.contains("   Advert interval = 1 sec\n"), data);
    }

    @Test
    void writesAtomicallyWithOwnerOnlyPermissions() throws Exception {
        Path target = dir.resolve("keepalived.stats");
        Files.writeString(target, "old");
        Dumps.writeAtomically(target, Dumps.stats(model()));
        assertEquals(KEEPALIVED_STATS, Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("keepalived.stats"), files.map(p -> p.getFileName().toString())
                    .collect(Collectors.toList()), "no temp file left behind");
        }
        assertFalse(Files.readString(target).contains("old"));
    }
}
