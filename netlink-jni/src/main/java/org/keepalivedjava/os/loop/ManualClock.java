package org.keepalivedjava.os.loop;

/**
 * A {@link Clock} that moves only when told: tests advance it and call {@link EventLoop#runOnce(long)} with
 * 0 to fire the timers now due, without sleeping. Thread-safe (volatile) so a test thread may advance it while
 * another thread reads it.
 */
public final class ManualClock implements Clock {
    private volatile long nowNs;

    public ManualClock(long startNs) {
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    public void advanceNs(long deltaNs) {
        nowNs += deltaNs;
    }

    public void setNs(long newNowNs) {
        nowNs = newNowNs;
    }
}
