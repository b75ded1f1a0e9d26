package org.keepalivedjava.checkers.check.impl;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.ScriptExecutor;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.NativeCheckSockets;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;

/**
 * A loop on a {@link ManualClock} with the real checker sockets: IO happens for real on loopback, while timers
 * (warmup, connect_timeout, delay_loop, delay_before_retry) fire only when the test moves the clock. The 30 s bound
 * of {@link #runUntil} is a hang guard, never a performance check.
 */
final class Harness implements AutoCloseable, CheckListener {
    static final long HANG_GUARD_NS = TimeUnit.SECONDS.toNanos(30);
    static final long S = TimeUnit.SECONDS.toNanos(1);

    /** One listener call. */
    record Event(boolean up, String message, long weight, long nowNs) {
    }

    final ManualClock clock = new ManualClock(1_000 * S);
    final EventLoop loop = new EventLoop(clock);
    final NativeCheckSockets sockets = new NativeCheckSockets(loop);
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<Event> events = new ArrayList<>();
    final CheckContext context;

    Harness() {
        this(null);
    }

    Harness(ScriptExecutor scripts) {
        context = new CheckContext(loop, sockets, scripts, new SplittableRandom(7), log::add);
    }

    @Override
    public void onCheckResult(Check check, boolean up, String message, long newWeight, long nowNs) {
        events.add(new Event(up, message, newWeight, nowNs));
    }

    long now() {
        return clock.nanoTime();
    }

    /** Runs the loop (real waits for IO, no clock movement) until {@code done}. */
    void runUntil(BooleanSupplier done, String what) {
        long guard = System.nanoTime() + HANG_GUARD_NS;
        loop.runOnce(0);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - guard > 0) {
                fail("hang guard: '" + what + "' not reached within 30 s; log " + log);
            }
            loop.runOnce(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Moves the clock to the check's next attempt and runs until it is WAITING again (the attempt ended). */
    void nextAttempt(CheckFsm check) {
        long at = check.nextAttemptAtNs();
        if (at < 0) {
            fail("no attempt scheduled; phase " + check.phase());
        }
        if (at - now() > 0) {
            clock.setNs(at);
        }
        long before = check.attempts();
        runUntil(() -> check.attempts() > before && check.phase() == CheckFsm.Phase.WAITING, "attempt ended");
    }

    /** Runs until the attempt in progress waits on IO, then moves the clock past connect_timeout. */
    void expireStep(CheckFsm check, long timeoutNs) {
        clock.advanceNs(timeoutNs);
        runUntil(() -> check.phase() == CheckFsm.Phase.WAITING, "step timed out");
    }

    static CheckerConfig.Common common(InetAddress ip, int port, long retry, long delayBeforeRetryS, long delayLoopS,
                                       boolean alpha) {
        return new CheckerConfig.Common(ip, port, null, 0, null, 0, TimeUnit.SECONDS.toMicros(5), retry,
                TimeUnit.SECONDS.toMicros(delayBeforeRetryS), 0, TimeUnit.SECONDS.toMicros(delayLoopS), alpha, true);
    }

    @Override
    public void close() {
        loop.close();
    }
}
