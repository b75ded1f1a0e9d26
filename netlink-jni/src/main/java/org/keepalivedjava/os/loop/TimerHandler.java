package org.keepalivedjava.os.loop;

/** Called on the loop thread when a {@link Timer} expires; the timer is no longer scheduled at that point. */
@FunctionalInterface
public interface TimerHandler {
    /**
     * @param timer the timer that expired; a periodic task reschedules it here:
     *              {@code timer.scheduleAt(timer.deadlineNs() + periodNs)} (drift-free, no allocation)
     * @param nowNs the loop's clock for this iteration ({@code nowNs - timer.deadlineNs()} is the lateness)
     */
    void onTimer(Timer timer, long nowNs);
}
