package org.keepalivedjava.vrrp.notify;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.keepalivedjava.os.loop.EventLoop;

/** Drives an event loop on the test thread until a condition holds (the bound only stops a hung test). */
final class Loops {
    private Loops() {
    }

    static void runUntil(EventLoop loop, BooleanSupplier done) {
        long giveUpNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - giveUpNs > 0) {
                throw new AssertionError("condition not reached within 30 s");
            }
            loop.runOnce(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
