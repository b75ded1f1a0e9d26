package org.keepalivedjava.os.check;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.keepalivedjava.os.loop.EventLoop;

/** Runs a real-clock loop until a condition holds; the bound is a hang guard only, never a performance check. */
final class LoopRunner {
    static final long HANG_GUARD_NS = TimeUnit.SECONDS.toNanos(30);

    private LoopRunner() {
    }

    static void runUntil(EventLoop loop, BooleanSupplier done, String what) {
        long guard = System.nanoTime() + HANG_GUARD_NS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - guard > 0) {
                fail("hang guard: '" + what + "' not reached within 30 s");
            }
            loop.runOnce(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
