package org.keepalivedjava.vrrp.child;

import java.math.BigDecimal;
import java.math.MathContext;

/** vrrp_startup_delay's log text. Pure. */
final class StartupDelay {
    private StartupDelay() {
    }

    /**
     * Seconds as keepalived prints them in "Delaying startup for N seconds" (C's %g: six significant digits,
     * no trailing zeros): 2 s -> "2", 0.5 s -> "0.5", 5.5 s -> "5.5".
     */
    static String seconds(long us) {
        return BigDecimal.valueOf(us, 6).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
