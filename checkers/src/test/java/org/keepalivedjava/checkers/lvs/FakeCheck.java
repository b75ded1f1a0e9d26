package org.keepalivedjava.checkers.lvs;

import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.config.model.lvs.CheckerConfig;

/** A check whose verdict the test sets: {@link #report} sends it to the listener as a real check would. */
public final class FakeCheck implements Check {
    private final CheckerConfig config;
    private final CheckListener listener;
    private boolean up;
    private boolean enabled = true;
    public int starts;
    public int stops;

    public FakeCheck(CheckerConfig config, CheckListener listener, boolean initiallyUp) {
        this.config = config;
        this.listener = listener;
        this.up = initiallyUp;
    }

    /** A result: sent to the listener (also when unchanged: a check reports its first result). */
    public void report(boolean result, long newWeight) {
        up = result;
        listener.onCheckResult(this, result, result ? "=> CHECK succeed on service <=" : "=> CHECK failed on service <=",
                newWeight, 0);
    }

    public void report(boolean result) {
        report(result, -1);
    }

    @Override
    public void start(long nowNs) {
        starts++;
    }

    @Override
    public void stop() {
        stops++;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public CheckerConfig config() {
        return config;
    }
}
