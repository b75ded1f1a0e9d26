package org.keepalivedjava.os.loop;

/**
 * A reusable one-shot timer of an {@link EventLoop} (from {@link EventLoop#newTimer}). Create one per
 * purpose at setup and reschedule it for ever: scheduling, rescheduling and cancelling allocate nothing.
 * Periodic work reschedules from its handler. Loop thread only.
 */
public final class Timer {
    final EventLoop loop;
    final TimerHandler handler;
    long deadlineNs;
    /** Scheduling order: breaks ties between equal deadlines first-scheduled-first-fired. */
    long sequence;
    /** Position in the heap, -1 when not scheduled. */
    int heapIndex = -1;

    Timer(EventLoop loop, TimerHandler handler) {
        this.loop = loop;
        this.handler = handler;
    }

    /**
     * Schedules (or moves, if already scheduled) the timer to fire when the loop's clock reaches
     * {@code deadlineNs}. A deadline in the past fires on the next iteration. A moved timer goes after any
     * other timer already scheduled for the same deadline.
     */
    public void scheduleAt(long deadlineNs) {
        loop.scheduleTimer(this, deadlineNs);
    }

    /** Unschedules the timer; harmless if it is not scheduled. */
    public void cancel() {
        loop.cancelTimer(this);
    }

    public boolean isScheduled() {
        return heapIndex >= 0;
    }

    /** The deadline last scheduled (still readable in the handler, after the timer fired). */
    public long deadlineNs() {
        return deadlineNs;
    }

    @Override
    public String toString() {
        return "timer " + handler;
    }
}
