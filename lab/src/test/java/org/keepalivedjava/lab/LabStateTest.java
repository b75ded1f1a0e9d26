package org.keepalivedjava.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.lab.Observation.Type;

class LabStateTest {
    final LabState s = new LabState(Map.of("lb1", "192.0.2.1", "lb2", "192.0.2.2"));

    LabEvent see(String node, Type type, String line) {
        return s.observe(new Observation(7, node, type, line));
    }

    @Test
    void vipOwnershipFollowsAddressLinesAndIgnoresBaseAndLinkLocal() {
        assertNull(see("lb1", Type.ADDRESS, "3: lab0    inet 192.0.2.1/24 scope global lab0"));
        assertNull(see("lb1", Type.ADDRESS, "3: lab0    inet6 fe80::1/64 scope link"));
        LabEvent added = see("lb2", Type.ADDRESS, "3: lab0    inet 192.0.2.100/24 scope global secondary lab0");
        assertEquals(new LabEvent(7, "lb2", LabEvent.Kind.VIP_ADDED, "VIP 192.0.2.100/24 on lab0"), added);
        assertEquals(Set.of("lb2"), s.ownersOf("192.0.2.100"));
        LabEvent both = see("lb1", Type.ADDRESS, "3: lab0    inet 192.0.2.100/24 scope global secondary lab0");
        assertTrue(both.text().endsWith("(held by lb1, lb2 now)"), both.text());
        assertNull(see("lb1", Type.ADDRESS, "3: lab0    inet 192.0.2.100/24 scope global secondary lab0"),
                "a repeated line is no change");
        LabEvent gone = see("lb2", Type.ADDRESS, "Deleted 3: lab0    inet 192.0.2.100/24 scope global lab0");
        assertEquals(LabEvent.Kind.VIP_REMOVED, gone.kind());
        assertEquals(Set.of("lb1"), s.ownersOf("192.0.2.100"));
        s.clearVips("lb1");
        assertEquals(Set.of(), s.ownersOf("192.0.2.100"));
    }

    @Test
    void unicastSourcesAreTheNodesOwnNotVips() {
        LabState u = new LabState(Map.of("lb1", "192.0.2.1"), Map.of("lb1", List.of("192.0.2.11")));
        assertNull(u.observe(new Observation(1, "lb1", Type.ADDRESS, "3: lab0    inet 192.0.2.11/24 scope global lab0")));
        assertEquals(LabEvent.Kind.VIP_ADDED, u.observe(new Observation(2, "lb1", Type.ADDRESS,
                "3: lab0    inet 192.0.2.100/24 scope global secondary lab0")).kind());
        assertEquals(2, u.lastEventNs());
    }

    @Test
    void statesFromTheFifoAndForgottenWhenTheDaemonExits() {
        LabEvent e = see("lb1", Type.FIFO, "INSTANCE \"VI_1\" MASTER 150");
        assertEquals(LabEvent.Kind.STATE, e.kind());
        assertEquals("MASTER", s.stateOf("lb1", "VI_1"));
        assertNull(s.stateOf("lb2", "VI_1"));
        LabEvent exited = see("lb1", Type.EXITED, "137");
        assertEquals(LabEvent.Kind.EXITED, exited.kind());
        assertNull(s.stateOf("lb1", "VI_1"));
        assertNull(see("lb1", Type.FIFO, "garbage"));
        assertNull(see("operator", Type.COMMAND, "kill lb1"));
    }

    @Test
    void servicesMailsNotificationsAndSummary() {
        assertFalse(s.servicesReady());
        assertNull(see("services", Type.SERVICES, "READY"));
        assertTrue(s.servicesReady());
        LabEvent mail = see("services", Type.SERVICES, "MAIL to=ops@example.org subject=[lb1] x");
        assertEquals(new LabEvent(7, "mail", LabEvent.Kind.MAIL, "to=ops@example.org subject=[lb1] x"), mail);
        LabEvent n = see("notify", Type.NOTIFY_LOG, "lb2 INSTANCE VI_1 BACKUP 100");
        assertEquals(new LabEvent(7, "lb2", LabEvent.Kind.NOTIFY, "notify script: INSTANCE VI_1 BACKUP 100"), n);
        assertNull(see("notify", Type.NOTIFY_LOG, "  "));
        see("lb1", Type.FIFO, "INSTANCE \"VI_1\" MASTER 150");
        see("lb1", Type.FIFO, "RS [192.0.2.21]:tcp:80 [192.0.2.100]:tcp:80 UP");
        see("lb1", Type.ADDRESS, "3: lab0    inet 192.0.2.100/24 scope global secondary lab0");
        assertEquals("rs", see("services", Type.SERVICES, "HTTP 192.0.2.21:80 down").source());
        List<String> summary = s.summary();
        assertEquals(List.of(
                "  lb1    192.0.2.1       states: VI_1=MASTER              VIPs: 192.0.2.100/24",
                "         real servers seen by lb1: [192.0.2.21]:tcp:80 UP",
                "  lb2    192.0.2.2       states: -                        VIPs: -",
                "  notify script calls: 1, mails: 1"), summary);
    }
}
