package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The stop's mail drain fits inside the parent's child_wait_time (else a tarpitting SMTP server got it SIGKILLed). */
class StopMailDrainTest {

    @Test
    void keepalivedsDefaultsLeaveTwoSecondsNotTheThirtyOfSmtpConnectTimeout() {
        // child_wait_time 5 s - 2 s for STOP scripts - 1 s to exit
        assertEquals(2_000, VrrpChild.stopMailDrainMs(30_000, 5));
    }

    @Test
    void aShortSmtpTimeoutIsKept() {
        assertEquals(1_500, VrrpChild.stopMailDrainMs(1_500, 5));
        assertEquals(10_000, VrrpChild.stopMailDrainMs(10_000, 60));
    }

    @Test
    void aChildWaitTimeShorterThanTheScriptWaitLeavesNoDrain() {
        assertEquals(0, VrrpChild.stopMailDrainMs(30_000, 1));
        assertEquals(0, VrrpChild.stopMailDrainMs(30_000, 3));
    }
}
