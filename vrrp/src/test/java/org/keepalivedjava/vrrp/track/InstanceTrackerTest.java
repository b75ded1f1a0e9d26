package org.keepalivedjava.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.testing.TestHosts;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.fsm.FsmLog;
import org.keepalivedjava.vrrp.fsm.InstanceActions;
import org.keepalivedjava.vrrp.fsm.InstanceTimer;
import org.keepalivedjava.vrrp.fsm.VrrpInstanceFsm;
import org.keepalivedjava.vrrp.fsm.VrrpInstanceSettings;
import org.keepalivedjava.vrrp.fsm.VrrpState;
import org.keepalivedjava.vrrp.packet.VrrpPacketCodec;

class InstanceTrackerTest {

    @ParameterizedTest(name = "weight {0} reverse {1}, up {2}: priority {3}, fault {4}")
    @CsvSource({
            "10, false, true, 110, false",
            "10, false, false, 100, false",
            "-10, false, true, 100, false",
            "-10, false, false, 90, false",
            "10, true, true, 90, false",
            "10, true, false, 100, false",
            "-10, true, true, 100, false",
            "-10, true, false, 110, false",
            "0, false, true, 100, false",
            "0, false, false, 100, true",
            "0, true, true, 100, true",
            "0, true, false, 100, false",
    })
    void weightsAndReverse(int weight, boolean reverse, boolean up, int priority, boolean fault) {
        for (TrackedKind kind : List.of(TrackedKind.INTERFACE, TrackedKind.SCRIPT, TrackedKind.PROCESS,
                TrackedKind.BFD)) {
            InstanceTracker t = new InstanceTracker("VI_1", 100).add(kind, "x", weight, reverse);
            switch (kind) {
                case INTERFACE -> t.setInterfaceUp("x", up);
                case SCRIPT -> t.setScriptUp("x", up);
                case PROCESS -> t.setProcessUp("x", up);
                default -> t.setBfdUp("x", up);
            }
            assertEquals(priority, t.effectivePriority(), kind.toString());
            assertEquals(fault, t.faulted(), kind.toString());
        }
    }

    @Test
    void unreportedObjectsNeitherAdjustNorFault() {
        InstanceTracker t = new InstanceTracker("VI_1", 100).add(TrackedKind.SCRIPT, "s", 0, false)
                .add(TrackedKind.SCRIPT, "w", 20, false);
        assertEquals(100, t.effectivePriority());
        assertFalse(t.faulted());
        assertTrue(t.setScriptUp("w", true));
        assertEquals(120, t.effectivePriority());
        assertFalse(t.setScriptUp("w", true), "no change");
        assertFalse(t.setScriptUp("unknown", false));
    }

    @Test
    void effectivePriorityIsClampedToOneTo254() {
        InstanceTracker t = new InstanceTracker("VI_1", 200).add(TrackedKind.SCRIPT, "a", 100, false)
                .add(TrackedKind.SCRIPT, "b", -253, false).add(TrackedKind.INTERFACE, "eth1", -253, false);
        t.setScriptUp("a", true);
        assertEquals(254, t.effectivePriority());
        t.setScriptUp("a", false);
        t.setScriptUp("b", false);
        t.setInterfaceUp("eth1", false);
        assertEquals(1, t.effectivePriority());
        assertFalse(t.faulted());
    }

    @Test
    void trackedProcessesFaultWithWeightZeroAndAdjustOtherwise() {
        VrrpConfig vrrp = load("""
                vrrp_track_process must_run {
                    process haproxy
                    weight 0
                }
                vrrp_track_process must_not_run {
                    process old
                    weight 0 reverse
                }
                vrrp_track_process helper {
                    process helper
                    weight 20
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    track_process {
                        must_run
                        must_not_run
                        helper weight -30
                    }
                    virtual_ipaddress {
                        192.0.2.100/24
                    }
                }
                """);
        InstanceTracker t = InstanceTracker.forInstance(vrrp, vrrp.instances().get(0));
        t.setInterfaceUp("eth0", true);
        t.setProcessUp("must_run", true);
        t.setProcessUp("must_not_run", false);
        t.setProcessUp("helper", true);
        assertFalse(t.faulted());
        assertEquals(100, t.effectivePriority(), "the instance's weight -30 replaces the block's 20: up adds nothing");
        t.setProcessUp("helper", false);
        assertEquals(70, t.effectivePriority(), "a negative weight subtracts while the quorum is lost");
        assertTrue(t.setProcessUp("must_run", false));
        assertTrue(t.faulted(), "weight 0: quorum lost is FAULT");
        t.setProcessUp("must_run", true);
        assertFalse(t.faulted());
        t.setProcessUp("must_not_run", true);
        assertTrue(t.faulted(), "weight 0 reverse: quorum gained is FAULT");
    }

    @Test
    void unicastFaultNoPeerWithoutPeersIsAPermanentFault() {
        VrrpConfig vrrp = load("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    unicast_fault_no_peer
                    virtual_ipaddress {
                        192.0.2.100/24
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    unicast_fault_no_peer
                    unicast_peer {
                        192.0.2.2
                    }
                    virtual_ipaddress {
                        192.0.2.101/24
                    }
                }
                vrrp_instance VI_3 {
                    interface eth0
                    virtual_router_id 53
                    unicast_src_ip 192.0.2.1
                    virtual_ipaddress {
                        192.0.2.102/24
                    }
                }
                """);
        InstanceTracker noPeer = InstanceTracker.forInstance(vrrp, vrrp.instances().get(0));
        assertTrue(noPeer.noPeerFault());
        assertTrue(noPeer.faulted());
        noPeer.setInterfaceUp("eth0", true);
        assertTrue(noPeer.faulted(), "nothing a tracked object reports lifts it");
        InstanceTracker withPeer = InstanceTracker.forInstance(vrrp, vrrp.instances().get(1));
        assertFalse(withPeer.noPeerFault());
        assertFalse(withPeer.faulted());
        InstanceTracker unicastWithoutTheKeyword = InstanceTracker.forInstance(vrrp, vrrp.instances().get(2));
        assertFalse(unicastWithoutTheKeyword.faulted(), "without the keyword: multicast, as keepalived");
    }

    @Test
    void ownerPriorityNeverMoves() {
        InstanceTracker t = new InstanceTracker("VI_1", 255).add(TrackedKind.SCRIPT, "a", -50, false);
        t.setScriptUp("a", false);
        assertEquals(255, t.effectivePriority());
    }

    @ParameterizedTest(name = "file weight {0} reverse {1} value {2}: priority {3} fault {4}")
    @CsvSource({
            "0, false, 0, 100, false",
            "0, false, 3, 100, true",
            "0, true, 0, 100, true",
            "0, true, 3, 100, false",
            "2, false, 10, 120, false",
            "2, false, -10, 80, false",
            "2, true, 10, 80, false",
            "1, false, -253, 1, false",
            "1, false, -254, 100, true",
            "-3, false, 100, 100, true",
    })
    void trackFile(int weight, boolean reverse, long value, int priority, boolean fault) {
        InstanceTracker t = new InstanceTracker("VI_1", 100).add(TrackedKind.FILE, "f", weight, reverse);
        t.setFileValue("f", value);
        assertEquals(priority, t.effectivePriority());
        assertEquals(fault, t.faulted());
    }

    @Test
    void appliesToTheFsm() {
        InstanceTracker t = new InstanceTracker("VI_1", 100).add(TrackedKind.INTERFACE, "eth0", 0, false)
                .add(TrackedKind.SCRIPT, "s", -30, false);
        VrrpInstanceFsm fsm = fsm(100);
        fsm.start(0);
        t.setScriptUp("s", false);
        t.applyTo(fsm, 1);
        assertEquals(70, fsm.effectivePriority());
        t.setInterfaceUp("eth0", false);
        t.applyTo(fsm, 2);
        assertEquals(VrrpState.FAULT, fsm.state());
        t.setInterfaceUp("eth0", true);
        t.setScriptUp("s", true);
        t.applyTo(fsm, 3);
        assertEquals(VrrpState.BACKUP, fsm.state());
        assertEquals(100, fsm.effectivePriority());
    }

    private static VrrpInstanceFsm fsm(int priority) {
        VrrpInstanceSettings s = new VrrpInstanceSettings("VI_1", 51, 2, false, priority, 1_000_000, true, 0, false,
                false, 3, false, false, List.of(), List.of(IpAddress.parse("192.0.2.100")), 0, new byte[8], null,
                IpAddress.VRRP_MULTICAST_V4, false, VrrpInstanceSettings.ChecksumCompat.AUTO, false, false);
        InstanceTimer timer = new InstanceTimer() {
            @Override
            public void scheduleAt(long deadlineNs) {
            }

            @Override
            public void cancel() {
            }
        };
        return new VrrpInstanceFsm(s, InstanceActions.NONE, timer, FsmLog.NONE);
    }

    // ---------------------------------------------------------------- from the config records

    private static final HostView HOST = TestHosts.ANY;

    private static VrrpConfig load(String text) {
        Diagnostics d = new Diagnostics();
        ConfigLoader.Result r = ConfigLoader.loadText("k.conf", text, LoadOptions.defaults(), HOST, d);
        return r.config().vrrp();
    }

    private static final String CONFIG = """
            global_defs {
                enable_script_security
                script_user root
            }
            vrrp_script chk_up {
                script "/bin/true"
                weight 10
            }
            vrrp_script chk_down {
                script "/bin/false"
                weight -20
                init_fail
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass secret12345
                }
                virtual_ipaddress {
                    192.0.2.100/24
                    192.0.2.101/24 dev eth0
                }
                track_interface {
                    eth1 weight -30
                    eth2
                }
                track_script {
                    chk_up
                    chk_down
                }
                unicast_src_ip 192.0.2.1
                unicast_peer {
                    192.0.2.2 min_ttl 250
                    192.0.2.3
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                priority 100
                virtual_ipaddress {
                    192.0.2.200
                }
                track_script {
                    chk_up
                }
            }
            vrrp_instance VI_3 {
                interface eth0
                virtual_router_id 53
                priority 100
                virtual_ipaddress {
                    192.0.2.210
                }
            }
            vrrp_sync_group G1 {
                group {
                    VI_2
                    VI_3
                }
            }
            """;

    @Test
    void trackerFromConfigRecords() {
        VrrpConfig config = load(CONFIG);
        VrrpConfig.Instance vi1 = config.instances().stream().filter(i -> i.name().equals("VI_1")).findFirst()
                .orElseThrow();
        InstanceTracker t = InstanceTracker.forInstance(config, vi1);
        assertTrue(t.tracks(TrackedKind.INTERFACE, "eth0"), "the instance's own interface");
        assertTrue(t.tracks(TrackedKind.INTERFACE, "eth1"));
        assertTrue(t.tracks(TrackedKind.SCRIPT, "chk_down"));
        // chk_down starts failed (init_fail): -20
        assertEquals(80, t.effectivePriority());
        t.setScriptUp("chk_up", true);
        t.setScriptUp("chk_down", true);
        assertEquals(110, t.effectivePriority());
        t.setInterfaceUp("eth1", false);
        assertEquals(80, t.effectivePriority());
        assertFalse(t.faulted());
        t.setInterfaceUp("eth2", false);
        assertTrue(t.faulted(), "an unweighted interface down is a fault");
        t.setInterfaceUp("eth2", true);
        t.setInterfaceUp("eth0", false);
        assertTrue(t.faulted());
    }

    @Test
    void syncGroupMembersTrackWithWeightZero() {
        VrrpConfig config = load(CONFIG);
        VrrpConfig.Instance vi2 = config.instances().stream().filter(i -> i.name().equals("VI_2")).findFirst()
                .orElseThrow();
        InstanceTracker t = InstanceTracker.forInstance(config, vi2);
        t.setScriptUp("chk_up", true);
        assertEquals(100, t.effectivePriority());
        assertFalse(t.faulted());
        t.setScriptUp("chk_up", false);
        assertTrue(t.faulted(), "weight forced to 0: a failing script faults the member");
    }

    @Test
    void settingsFromConfigRecords() {
        VrrpConfig config = load(CONFIG);
        VrrpConfig.Instance vi1 = config.instances().stream().filter(i -> i.name().equals("VI_1")).findFirst()
                .orElseThrow();
        VrrpInstanceSettings s = VrrpInstanceSettings.of(vi1);
        assertEquals(51, s.vrid());
        assertEquals(2, s.version());
        assertEquals(100, s.basePriority());
        assertEquals(1_000_000, s.advertIntervalUs());
        assertEquals(VrrpPacketCodec.AUTH_PASS, s.authType());
        assertArrayEquals("secret12".getBytes(), s.authData(), "auth_pass is truncated to 8 bytes");
        assertEquals(List.of(IpAddress.parse("192.0.2.100"), IpAddress.parse("192.0.2.101")), s.virtualAddresses());
        assertEquals(IpAddress.parse("192.0.2.1"), s.sourceAddress());
        assertEquals(2, s.unicastPeers().size());
        assertEquals(250, s.unicastPeers().get(0).minTtl());
        assertEquals(255, s.unicastPeers().get(0).maxTtl());
        assertTrue(s.checkUnicastSrc(), "min_ttl turns on check_unicast_src");
        assertTrue(s.preempt());
        assertEquals(3, s.downTimerAdverts());
        assertEquals(IpAddress.VRRP_MULTICAST_V4, s.multicastGroup());
    }
}
