package org.keepalivedjava.checkers.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.checkers.status.CheckerStatusSnapshot;
import org.keepalivedjava.smtp.AlertSink;
import org.keepalivedjava.status.ChildStatus;
import org.keepalivedjava.status.StatusCodec;

/**
 * checkers.status: the health-check child's status snapshot read from the run-time state (here beside
 * {@link LvsHarness}, which drives that state with fake checks).
 */
class CheckerStatusSnapshotTest {
    private static final String CONF = """
            virtual_server 192.0.2.1 80 {
                lvs_sched rr
                lvs_method NAT
                protocol TCP
                real_server 192.0.2.10 80 {
                    weight 3
                    TCP_CHECK {
                    }
                }
                real_server 192.0.2.11 80 {
                    TCP_CHECK {
                    }
                }
            }
            """;

    @Test
    void realServersVerdictsAndWeightsFollowTheChecks() throws Exception {
        LvsHarness h = new LvsHarness(CONF);
        h.runtime.start();
        h.check("[192.0.2.11]:tcp:80 [192.0.2.1]:tcp:80").report(false);
        ChildStatus status = CheckerStatusSnapshot.of(h.runtime.virtualServers(), 1234,
                CheckerStatusSnapshot.alertCounters(AlertSink.NONE));
        assertEquals("Checker", status.child());
        assertEquals(Map.of(), status.counters());
        ChildStatus.VirtualServer vs = status.virtualServers().get(0);
        assertEquals("[192.0.2.1]:tcp:80", vs.name());
        assertEquals("TCP", vs.protocol());
        assertTrue(vs.quorumUp());
        ChildStatus.RealServer up = vs.realServers().get(0);
        assertEquals("[192.0.2.10]:tcp:80", up.name());
        assertTrue(up.up());
        assertEquals(3, up.weight());
        assertEquals(3, up.configuredWeight());
        assertEquals(-1, up.checkLatencyUs(), "the fake checks measure no attempt: unknown");
        ChildStatus.RealServer down = vs.realServers().get(1);
        assertFalse(down.up());
        assertEquals(1, down.failedCheckers());
        assertEquals(status, StatusCodec.decode(StatusCodec.encode(status)), "survives the wire");

        h.check("[192.0.2.11]:tcp:80 [192.0.2.1]:tcp:80").report(true);
        assertTrue(CheckerStatusSnapshot.of(h.runtime.virtualServers(), 1235, Map.of()).virtualServers().get(0)
                .realServers().get(1).up(), "a fresh snapshot, not a cached one");
    }
}
