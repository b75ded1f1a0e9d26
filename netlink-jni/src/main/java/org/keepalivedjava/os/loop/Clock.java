package org.keepalivedjava.os.loop;

/**
 * Monotonic time in nanoseconds, injected into the {@link EventLoop} so tests drive timers by hand
 * ({@link ManualClock}). Only differences are meaningful; compare deadlines as {@code deadlineNs - nowNs <= 0}
 * so a wrap of the counter does no harm.
 */
@FunctionalInterface
public interface Clock {
    /** {@link System#nanoTime()}: CLOCK_MONOTONIC on Linux, the clock epoll timeouts are measured on. */
    Clock SYSTEM = System::nanoTime;

    long nanoTime();
}
