package org.keepalivedjava.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PeerCheckTest {
    @Test
    void acceptsOnlyTheExpectedPidAndUid() {
        assertNull(PeerCheck.refusal(1234, 0, 1234, 0));
        assertNull(PeerCheck.refusal(99, 1000, 99, 1000));
    }

    @Test
    void refusesAnotherPid() {
        assertEquals("pid 4321 is not the expected pid 1234", PeerCheck.refusal(4321, 0, 1234, 0));
    }

    @Test
    void refusesAnotherUidEvenWithTheRightPid() {
        assertEquals("pid 1234 runs as uid 1000, expected uid 0", PeerCheck.refusal(1234, 1000, 1234, 0));
    }

    @Test
    void refusesBoth() {
        assertEquals("pid 1 uid 65534 is neither the expected pid 1234 nor uid 0",
                PeerCheck.refusal(1, 65534, 1234, 0));
    }
}
