package org.keepalivedjava.checkers.check.impl;

import java.util.concurrent.TimeUnit;
import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.loop.Timer;

/**
 * What every checker state machine shares: keepalived's checker bookkeeping ({@code is_up}, {@code has_run},
 * {@code retry_it}), the two loop timers (the next attempt, and the deadline of the step in progress) and the
 * one place where the verdict changes ({@link #setVerdict}).
 *
 * <p>Scheduling as keepalived's check_api.c: the first attempt after a random delay in [0, warmup]; then each kind's
 * epilog picks delay_loop (after a verdict) or delay_before_retry (after a failure with retries left). The
 * subclass runs one attempt from {@link #beginAttempt} and ends it with one of the epilogs.
 *
 * <p>Loop thread only. Two timers and the subclass's preallocated buffers are created once; an attempt allocates
 * nothing of its own here.
 */
public abstract class CheckFsm implements Check {

    /** Where the checker is between attempts. */
    public enum Phase { IDLE, WAITING, RUNNING, STOPPED }

    protected final CheckerConfig config;
    protected final CheckContext context;
    protected final CheckListener listener;
    protected final Checks.Target target;
    /** FMT_CHK: the real server as keepalived prints it, e.g. {@code [192.0.2.10]:tcp:80}. */
    protected final String rsText;

    protected final long delayLoopNs;
    protected final long delayBeforeRetryNs;
    protected final long connectTimeoutNs;
    protected final long warmupNs;
    protected final long retry;
    protected final boolean logAllFailures;

    /** keepalived's checker->is_up. */
    protected boolean up;
    /** keepalived's checker->has_run: set once an attempt has completed. */
    protected boolean hasRun;
    /** keepalived's checker->retry_it: failures in a row not yet turned into a verdict. */
    protected long retryIt;

    private final boolean alpha;
    private boolean verdictGiven;
    private Phase phase = Phase.IDLE;
    private final Timer nextAttempt;
    /** The deadline of the step in progress (connect, write, read, reply), connect_timeout from its start. */
    protected final Timer stepDeadline;
    private long attempts;
    /** When the attempt in progress began, and how long the last finished one took (-1: none yet). */
    private long attemptStartNs;
    private long lastAttemptDurationNs = -1;
    private boolean enabled = true;

    protected CheckFsm(CheckerConfig config, CheckContext context, CheckListener listener, Checks.Target target) {
        this.config = config;
        this.context = context;
        this.listener = listener;
        this.target = target;
        this.rsText = target.realServer();
        CheckerConfig.Common c = config instanceof CheckerConfig.Connecting conn ? conn.common() : null;
        this.delayLoopNs = c == null ? 0 : TimeUnit.MICROSECONDS.toNanos(c.delayLoopUs());
        this.delayBeforeRetryNs = c == null ? 0 : TimeUnit.MICROSECONDS.toNanos(c.delayBeforeRetryUs());
        this.connectTimeoutNs = c == null ? 0 : TimeUnit.MICROSECONDS.toNanos(c.connectTimeoutUs());
        this.warmupNs = c == null ? 0 : TimeUnit.MICROSECONDS.toNanos(c.warmupUs());
        this.retry = c == null ? 0 : c.retry();
        this.logAllFailures = c != null && c.logAllFailures();
        this.alpha = c != null && c.alpha();
        this.up = !alpha;
        this.nextAttempt = context.loop().newTimer((t, now) -> runAttempt(now));
        this.stepDeadline = context.loop().newTimer((t, now) -> onStepTimeout(now));
    }

    @Override
    public void start(long nowNs) {
        if (phase != Phase.IDLE) {
            throw new IllegalStateException("check already started");
        }
        long delay = warmupNs <= 0 ? 0 : context.random().nextLong(warmupNs + 1);
        scheduleIn(delay, nowNs);
    }

    @Override
    public void stop() {
        if (phase == Phase.STOPPED) {
            return;
        }
        phase = Phase.STOPPED;
        nextAttempt.cancel();
        stepDeadline.cancel();
        abortAttempt();
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

    public Phase phase() {
        return phase;
    }

    /** Attempts started so far (for tests and the data dump). */
    @Override
    public long lastAttemptDurationNs() {
        return lastAttemptDurationNs;
    }

    public long attempts() {
        return attempts;
    }

    public boolean hasRun() {
        return hasRun;
    }

    public long retryIt() {
        return retryIt;
    }

    /** The next attempt's deadline on the loop clock, or -1 when none is scheduled. */
    public long nextAttemptAtNs() {
        return nextAttempt.isScheduled() ? nextAttempt.deadlineNs() : -1;
    }

    private void runAttempt(long nowNs) {
        if (phase == Phase.STOPPED) {
            return;
        }
        if (!enabled) {
            // keepalived's connect threads: a disabled checker re-arms delay_loop without checking
            scheduleIn(delayLoopNs, nowNs);
            return;
        }
        phase = Phase.RUNNING;
        attempts++;
        attemptStartNs = nowNs;
        beginAttempt(nowNs);
    }

    /** Ends the attempt in progress (if any) and schedules the next one {@code delayNs} from now. */
    protected final void scheduleIn(long delayNs, long nowNs) {
        stepDeadline.cancel();
        if (phase == Phase.STOPPED) {
            return;
        }
        if (phase == Phase.RUNNING) {
            // Every attempt ends here (success, failure or timeout): its duration is the check latency the
            // metrics export. Two longs per check, no allocation.
            lastAttemptDurationNs = nowNs - attemptStartNs;
        }
        phase = Phase.WAITING;
        nextAttempt.scheduleAt(nowNs + Math.max(0, delayNs));
    }

    /** Arms the deadline of the current step: connect_timeout from now (keepalived re-arms it at every step). */
    protected final void armStepDeadline(long nowNs) {
        stepDeadline.scheduleAt(nowNs + connectTimeoutNs);
    }

    private void onStepTimeout(long nowNs) {
        if (phase == Phase.RUNNING) {
            onTimeout(nowNs);
        }
    }

    /** Starts one attempt (the loop fired the attempt timer). */
    protected abstract void beginAttempt(long nowNs);

    /** The step deadline expired while RUNNING: close and end the attempt through the kind's epilog. */
    protected abstract void onTimeout(long nowNs);

    /** Closes the socket / terminates the script of an attempt in progress; idempotent. */
    protected abstract void abortAttempt();

    /** Writes a line to the checker log. */
    protected final void log(String line) {
        context.log().accept(line);
    }

    /**
     * THE verdict change (keepalived's update_svr_checker_state): sets {@code up} and {@code has_run} and tells the
     * listener when the verdict changed. One exception, as keepalived: the first verdict of an {@code alpha} checker
     * is reported even when it is the "down" it started with, because keepalived runs the real server's notify
     * scripts then.
     */
    protected final void setVerdict(boolean newUp, String alertText, long nowNs) {
        boolean first = !verdictGiven;
        verdictGiven = true;
        hasRun = true;
        if (newUp == up && !(first && alpha && !newUp)) {
            return;
        }
        up = newUp;
        listener.onCheckResult(this, newUp, alertText, -1, nowNs);
    }

    /** A weight request (misc_dynamic, FILE_CHECK) with the verdict unchanged or changed. */
    protected final void reportWeight(boolean newUp, String message, long weight, long nowNs) {
        up = newUp;
        listener.onCheckResult(this, newUp, message, weight, nowNs);
    }

    protected final boolean logFailures() {
        return logAllFailures;
    }

    /**
     * The epilog of TCP_CHECK (check_tcp.c tcp_epilog): a success, or a failure with no retry left, is a verdict
     * followed by delay_loop; any other failure retries after delay_before_retry, even when already down.
     */
    protected final void tcpStyleEpilog(boolean success, Messages m, long nowNs) {
        long delay;
        if (success || retryIt >= retry) {
            delay = delayLoopNs;
            retryIt = 0;
            if (success && (!up || !hasRun)) {
                log(m.success(rsText));
                setVerdict(true, m.successAlert(), nowNs);
            } else if (!success && (up || !hasRun)) {
                log(retry > 0 && hasRun ? m.failedAfter(rsText, retry) : m.failed(rsText));
                setVerdict(false, m.failureAlert(), nowNs);
            }
        } else {
            delay = delayBeforeRetryNs;
            retryIt++;
        }
        hasRun = true;
        scheduleIn(delay, nowNs);
    }

    /**
     * The epilog of UDP_CHECK and PING_CHECK (check_udp.c udp_epilog, check_ping.c icmp_epilog): as TCP_CHECK's, but a
     * checker already down does not retry (it waits delay_loop).
     */
    protected final void udpStyleEpilog(boolean success, Messages m, long nowNs) {
        long delay = delayLoopNs;
        if (success || ((up || !hasRun) && retryIt >= retry)) {
            retryIt = 0;
            if (success && (!up || !hasRun)) {
                log(m.success(rsText));
                setVerdict(true, m.successAlert(), nowNs);
            } else if (!success && (up || !hasRun)) {
                log(retry > 0 && hasRun ? m.failedAfter(rsText, retry) : m.failed(rsText));
                setVerdict(false, m.failureAlert(), nowNs);
            }
        } else if (up) {
            delay = delayBeforeRetryNs;
            retryIt++;
        }
        hasRun = true;
        scheduleIn(delay, nowNs);
    }

    /** The texts of one kind's epilog. */
    /**
     * keepalived's texts for one checker kind: log lines with the real server ({@code %1$s}) and the retry count
     * ({@code %2$d}), and the two SMTP alert bodies.
     */
    protected record Messages(String successFormat, String failedFormat, String failedAfterFormat,
                              String successAlert, String failureAlert) {

        /** The texts of the TCP-style checkers: "KIND connection to RS success.", "CHECK on service RS failed...". */
        static Messages of(String connection, String check, String alert) {
            return new Messages(connection + " connection to %1$s success.", check + " on service %1$s failed.",
                    check + " on service %1$s failed after %2$d retries.", "=> " + alert + " succeed on service <=",
                    "=> " + alert + " failed on service <=");
        }

        String success(String rs) {
            return String.format(successFormat, rs);
        }

        String failed(String rs) {
            return String.format(failedFormat, rs);
        }

        String failedAfter(String rs, long retries) {
            return String.format(failedAfterFormat, rs, retries);
        }
    }
}
