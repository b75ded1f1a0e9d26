package org.keepalivedjava.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keepalivedjava.vrrp.fsm.Lan.s;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Reload: {@link VrrpInstanceFsm#resume} carries on the previous state without entry actions; retire is silent. */
class VrrpInstanceFsmResumeTest {
    private final Lan lan = new Lan();

    @Test
    void masterResumesSilentlyAndKeepsAdvertising() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        n.fsm.resume(VrrpState.MASTER, 0);
        assertEquals(VrrpState.MASTER, n.fsm.state());
        assertEquals(List.of(), n.events, "no advert, no becomeMaster, no notify at the reload");
        assertEquals(List.of(), n.log);
        lan.runUntil(s(3));
        assertEquals(List.of(s(1), s(2), s(3)), n.advertTimesNs, "adverts every advert_int from the reload on");
    }

    @Test
    void backupResumesWithAFreshMasterDownTimer() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        n.fsm.resume(VrrpState.BACKUP, 0);
        assertEquals(VrrpState.BACKUP, n.fsm.state());
        assertEquals(List.of(), n.events);
        assertEquals(3_609_375_000L, n.timer.deadlineNs);
    }

    @Test
    void aMasterThatIsNowFaultedReleasesProperly() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        n.fsm.setFaulted(true, 0);
        n.fsm.resume(VrrpState.MASTER, 0);
        assertEquals(VrrpState.FAULT, n.fsm.state());
        assertEquals(List.of("send 0", "leaveMaster", "state FAULT 100"), n.events);
    }

    @Test
    void faultOrUnknownPreviousStateStartsAsAtStartUp() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        n.fsm.resume(VrrpState.FAULT, 0);
        assertEquals(VrrpState.BACKUP, n.fsm.state());
        assertEquals(List.of("(VI_1) Entering BACKUP STATE (init)"), n.log);
    }

    @Test
    void retiredMachineIsSilent() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        lan.startAll();
        lan.runUntil(s(4));
        int events = n.events.size();
        n.fsm.retire();
        lan.runUntil(s(10));
        assertEquals(VrrpState.STOP, n.fsm.state());
        assertEquals(events, n.events.size(), "no advert, no action after retire");
    }
}
