package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StartupDelayTest {
    /** keepalived 2.2.7 printed "Delaying startup for 0.5 seconds" and "... for 2 seconds" (measured). */
    @Test
    void secondsAsKeepalivedPrintsThem() {
        assertEquals("2", StartupDelay.seconds(2_000_000));
        assertEquals("0.5", StartupDelay.seconds(500_000));
        assertEquals("5.5", StartupDelay.seconds(5_500_000));
        assertEquals("0.001", StartupDelay.seconds(1_000));
        assertEquals("4294.97", StartupDelay.seconds(4_294_967_295L), "six significant digits, as %g");
    }
}
