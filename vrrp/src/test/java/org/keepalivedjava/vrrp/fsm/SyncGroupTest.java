package org.keepalivedjava.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.vrrp.fsm.Lan.s;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.IpAddress;

/** vrrp_sync_group: members move together, the group announces its own state once per change. */
class SyncGroupTest {
    private static final IpAddress GROUP = IpAddress.VRRP_MULTICAST_V4;
    private final Lan lan = new Lan();
    private final List<String> groupLog = new ArrayList<>();
    private final List<String> groupStates = new ArrayList<>();

    private final FsmLog log = new FsmLog() {
        @Override
        public void info(String line) {
            groupLog.add(line);
        }

        @Override
        public void detail(String line) {
        }
    };

    private Lan.Node instance(String name, int vrid, int priority, String address) {
        TestSettings t = TestSettings.v2(priority).name(name);
        t.vrid = vrid;
        return lan.add(t.build(), address);
    }

    private SyncGroup group(String name, Lan.Node... nodes) {
        return SyncGroup.of(name, List.of(nodes).stream().map(n -> n.fsm).toList(), log,
                (g, state) -> groupStates.add(g.name() + " " + state));
    }

    @Test
    void aMemberWaitsUntilEveryMemberWantsMasterThenAllGoTogether() {
        Lan.Node vi1 = instance("VI_1", 51, 100, "192.0.2.1");
        Lan.Node vi2 = instance("VI_2", 52, 150, "192.0.2.1");
        SyncGroup g = group("G1", vi1, vi2);
        g.start(0);
        assertEquals(List.of("G1 BACKUP"), groupStates);
        lan.runUntil(s(3.414062));
        // VI_2's timer expired first, but VI_1 does not want MASTER yet: held in BACKUP, timer re-armed
        assertEquals(VrrpState.BACKUP, vi2.state());
        assertTrue(vi2.fsm.wantsMaster());
        assertEquals(s(3.414062) + 3_414_062_000L, vi2.timer.deadlineNs);
        lan.runUntil(s(3.609375));
        assertEquals(VrrpState.MASTER, vi1.state());
        assertEquals(VrrpState.MASTER, vi2.state());
        assertEquals(List.of("G1 BACKUP", "G1 MASTER"), groupStates);
        assertEquals(List.of("VRRP_Group(G1) Syncing instances to MASTER state"), groupLog);
        assertEquals(VrrpState.MASTER, g.state());
    }

    /** Reload: the machines rebuilt from the new file (same names) replace the running ones. */
    private Lan.Node rebuilt(Lan.Node old, String name, int vrid) {
        old.fsm.retire();
        return instance(name, vrid, 100, "192.0.2.1");
    }

    @Test
    void loneMastersPutInANewGroupAtReloadStayMaster() {
        Lan.Node vi1 = instance("VI_1", 51, 100, "192.0.2.1");
        Lan.Node vi2 = instance("VI_2", 52, 100, "192.0.2.1");
        vi1.fsm.start(0);
        vi2.fsm.start(0);
        lan.runUntil(s(5));
        assertEquals(VrrpState.MASTER, vi1.state());
        assertEquals(VrrpState.MASTER, vi2.state());

        Lan.Node vi1b = rebuilt(vi1, "VI_1", 51);
        Lan.Node vi2b = rebuilt(vi2, "VI_2", 52);
        SyncGroup g = group("G1", vi1b, vi2b);
        g.resume(null, m -> m.resume(VrrpState.MASTER, s(5)), s(5));
        assertEquals(VrrpState.MASTER, g.state());
        assertEquals(List.of("G1 MASTER"), groupStates);
        lan.runUntil(s(10));
        assertEquals(VrrpState.MASTER, vi1b.state());
        assertEquals(VrrpState.MASTER, vi2b.state());
        assertTrue(vi1b.events.stream().noneMatch(e -> e.startsWith("state")), vi1b.events::toString);
        assertEquals(List.of(), groupLog);
    }

    @Test
    void aMemberAddedToAMasterGroupAtReloadTakesItToBackupThenAllBecomeMasterTogether() {
        // keepalived 2.2.7 (run in a namespace): the old members leave MASTER at such a reload.
        Lan.Node vi1 = instance("VI_1", 51, 100, "192.0.2.1");
        Lan.Node vi2 = instance("VI_2", 52, 100, "192.0.2.1");
        group("G1", vi1, vi2).start(0);
        lan.runUntil(s(5));
        assertEquals(List.of("G1 BACKUP", "G1 MASTER"), groupStates);
        groupLog.clear();

        Lan.Node vi1b = rebuilt(vi1, "VI_1", 51);
        Lan.Node vi2b = rebuilt(vi2, "VI_2", 52);
        Lan.Node vi3 = instance("VI_3", 53, 100, "192.0.2.1");
        SyncGroup g = group("G1", vi1b, vi2b, vi3);
        g.resume(VrrpState.MASTER, m -> {
            if (m == vi3.fsm) {
                m.start(s(5));
            } else {
                m.resume(VrrpState.MASTER, s(5));
            }
        }, s(5));
        assertEquals(VrrpState.BACKUP, g.state());
        assertEquals(VrrpState.BACKUP, vi1b.state());
        assertEquals(VrrpState.BACKUP, vi2b.state());
        assertEquals(VrrpState.BACKUP, vi3.state());
        assertEquals(1, vi1b.fsm.stats().get(VrrpStats.Counter.RELEASE_MASTER), "a release counted");
        assertEquals(List.of("G1 BACKUP", "G1 MASTER", "G1 BACKUP"), groupStates);
        lan.runUntil(s(10));
        assertEquals(VrrpState.MASTER, vi1b.state());
        assertEquals(VrrpState.MASTER, vi2b.state());
        assertEquals(VrrpState.MASTER, vi3.state());
        assertEquals(List.of("G1 BACKUP", "G1 MASTER", "G1 BACKUP", "G1 MASTER"), groupStates);
        assertEquals(List.of("VRRP_Group(G1) Syncing instances to MASTER state"), groupLog);
    }

    @Test
    void aMemberLeavingAMasterGroupAtReloadLeavesTheOthersMaster() {
        Lan.Node vi1 = instance("VI_1", 51, 100, "192.0.2.1");
        Lan.Node vi2 = instance("VI_2", 52, 100, "192.0.2.1");
        Lan.Node vi3 = instance("VI_3", 53, 100, "192.0.2.1");
        group("G1", vi1, vi2, vi3).start(0);
        lan.runUntil(s(5));
        groupLog.clear();
        Lan.Node vi1b = rebuilt(vi1, "VI_1", 51);
        Lan.Node vi2b = rebuilt(vi2, "VI_2", 52);
        vi3.fsm.retire();
        SyncGroup g = group("G1", vi1b, vi2b);
        g.resume(VrrpState.MASTER, m -> m.resume(VrrpState.MASTER, s(5)), s(5));
        assertEquals(VrrpState.MASTER, g.state());
        assertEquals(List.of("G1 BACKUP", "G1 MASTER"), groupStates, "nothing new announced");
        lan.runUntil(s(10));
        assertEquals(VrrpState.MASTER, vi1b.state());
        assertTrue(vi1b.events.stream().noneMatch(e -> e.startsWith("state")), vi1b.events::toString);
        assertEquals(List.of(), groupLog);
    }

    @Test
    void aMasterJoiningABackupGroupAtReloadIsSyncedToBackup() {
        Lan.Node vi1 = instance("VI_1", 51, 100, "192.0.2.1");
        vi1.fsm.start(0);
        lan.runUntil(s(5));
        Lan.Node vi1b = rebuilt(vi1, "VI_1", 51);
        Lan.Node vi2 = instance("VI_2", 52, 100, "192.0.2.1");
        SyncGroup g = group("G1", vi1b, vi2);
        g.resume(null, m -> {
            if (m == vi2.fsm) {
                m.start(s(5));
            } else {
                m.resume(VrrpState.MASTER, s(5));
            }
        }, s(5));
        assertEquals(VrrpState.BACKUP, g.state());
        assertEquals(VrrpState.BACKUP, vi1b.state(), "a group is MASTER only as a whole");
    }

    @Test
    void oneMemberSteppingDownTakesTheOthersToBackup() {
        Lan.Node vi1 = instance("VI_1", 51, 100, "192.0.2.1");
        Lan.Node vi2 = instance("VI_2", 52, 100, "192.0.2.1");
        SyncGroup g = group("G1", vi1, vi2);
        g.start(0);
        lan.runUntil(s(5));
        assertEquals(VrrpState.MASTER, vi2.state());
        vi1.receive(Adv.v2(200).bytes(IpAddress.parse("192.0.2.9"), GROUP), IpAddress.parse("192.0.2.9"), GROUP, 255);
        assertEquals(VrrpState.BACKUP, vi1.state());
        assertEquals(VrrpState.BACKUP, vi2.state());
        assertTrue(vi2.events.containsAll(List.of("leaveMaster", "state BACKUP 100")));
        assertEquals(List.of("G1 BACKUP", "G1 MASTER", "G1 BACKUP"), groupStates);
        assertEquals("VRRP_Group(G1) Syncing instances to BACKUP state", groupLog.get(groupLog.size() - 1));
    }

    @Test
    void oneFaultyMemberFaultsTheGroupAndRecoveryBringsAllBack() {
        Lan.Node vi1 = instance("VI_1", 51, 100, "192.0.2.1");
        Lan.Node vi2 = instance("VI_2", 52, 100, "192.0.2.1");
        SyncGroup g = group("G1", vi1, vi2);
        g.start(0);
        lan.runUntil(s(5));
        vi2.events.clear();
        vi1.fsm.setFaulted(true, s(5));
        assertEquals(VrrpState.FAULT, vi1.state());
        assertEquals(VrrpState.FAULT, vi2.state());
        assertEquals(List.of("send 0", "leaveMaster", "state FAULT 100"), vi2.events);
        assertEquals(VrrpState.FAULT, g.state());
        assertEquals("VRRP_Group(G1) Syncing instances to FAULT state", groupLog.get(groupLog.size() - 1));
        vi1.fsm.setFaulted(false, s(6));
        assertEquals(VrrpState.BACKUP, vi1.state());
        assertEquals(VrrpState.BACKUP, vi2.state());
        assertEquals(List.of("G1 BACKUP", "G1 MASTER", "G1 FAULT", "G1 BACKUP"), groupStates);
    }

    @Test
    void aFaultyMemberAtStartStartsEveryMemberInFault() {
        Lan.Node vi1 = instance("VI_1", 51, 100, "192.0.2.1");
        Lan.Node vi2 = instance("VI_2", 52, 100, "192.0.2.1");
        SyncGroup g = group("G1", vi1, vi2);
        vi2.fsm.setFaulted(true, 0);
        g.start(0);
        assertEquals(VrrpState.FAULT, vi1.state());
        assertEquals(VrrpState.FAULT, vi2.state());
        assertEquals(List.of("(VI_1) Entering FAULT STATE (init)"), vi1.log);
        assertEquals(List.of("G1 FAULT"), groupStates);
    }

    @Test
    void twoHostsFailOverAsAGroup() {
        Lan.Node a1 = instance("VI_1", 51, 150, "192.0.2.1");
        Lan.Node a2 = instance("VI_2", 52, 150, "192.0.2.1");
        Lan.Node b1 = instance("VI_1", 51, 100, "192.0.2.2");
        Lan.Node b2 = instance("VI_2", 52, 100, "192.0.2.2");
        SyncGroup ga = group("GA", a1, a2);
        SyncGroup gb = group("GB", b1, b2);
        ga.start(0);
        gb.start(0);
        lan.runUntil(s(10));
        assertEquals(List.of(VrrpState.MASTER, VrrpState.MASTER, VrrpState.BACKUP, VrrpState.BACKUP),
                List.of(a1.state(), a2.state(), b1.state(), b2.state()));
        a2.fsm.setFaulted(true, s(10)); // both of A's instances resign with priority 0
        lan.deliver();
        assertEquals(VrrpState.FAULT, a1.state());
        lan.runUntil(s(10.609375));
        assertEquals(VrrpState.MASTER, b1.state());
        assertEquals(VrrpState.MASTER, b2.state());
        assertEquals(VrrpState.MASTER, gb.state());
    }

    @Test
    void anInstanceBelongsToOneGroup() {
        Lan.Node vi1 = instance("VI_1", 51, 100, "192.0.2.1");
        Lan.Node vi2 = instance("VI_2", 52, 100, "192.0.2.1");
        group("G1", vi1, vi2);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> group("G2", vi1));
    }
}
