package org.keepalivedjava.checkers.check.impl;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.checkers.check.ScriptExecutor;
import org.keepalivedjava.config.model.lvs.CheckerConfig;

/**
 * MISC_CHECK (keepalived check_misc.c): runs {@code misc_path} through the {@link ScriptExecutor}, killed after
 * misc_timeout. Exit 0 = up. With {@code misc_dynamic}, exit 2..255 = up with weight {@code exit - 2} and exit 0
 * restores the configured weight (reported as weight -1); exit 1 (or anything else) fails, as a kill by a signal
 * does; a kill because of the timeout "timed out". Failures retry while the checker is up or has not run. The next
 * run is timed from the START of the previous one (keepalived's last_ran), delay_before_retry while retrying, else
 * delay_loop.
 *
 * <p>Loop thread only: the executor calls back on the loop thread.
 */
public final class MiscCheckFsm extends CheckFsm {

    public enum State { IDLE, RUNNING_SCRIPT }

    private final CheckerConfig.MiscCheck misc;
    private final long timeoutNs;
    private final Consumer<ScriptExecutor.Outcome> onDone = this::onScriptDone;
    private ScriptExecutor.Running running;
    private State state = State.IDLE;
    private long lastRanNs;
    /** keepalived's last_exit_code (a weight is requested only when it changes); -1 none yet. */
    private int lastExitCode = -1;
    /** Bumped at every run so a late outcome of a terminated run is ignored. */
    private int run;
    private int outcomeRun;

    public MiscCheckFsm(CheckerConfig.MiscCheck config, CheckContext context, CheckListener listener,
                        Checks.Target target) {
        super(config, context, listener, target);
        this.misc = config;
        this.timeoutNs = TimeUnit.MICROSECONDS.toNanos(config.timeoutUs());
    }

    public State state() {
        return state;
    }

    private void transitionTo(State next) {
        state = next;
    }

    @Override
    protected void beginAttempt(long nowNs) {
        lastRanNs = nowNs;
        transitionTo(State.RUNNING_SCRIPT);
        outcomeRun = ++run;
        running = context.scripts().run(misc.script().argv(), misc.script().user(), misc.script().group(), timeoutNs,
                onDone);
    }

    private void onScriptDone(ScriptExecutor.Outcome outcome) {
        if (state != State.RUNNING_SCRIPT || outcomeRun != run) {
            return;
        }
        running = null;
        transitionTo(State.IDLE);
        long nowNs = context.loop().nowNs();
        judge(outcome, nowNs);
    }

    private void judge(ScriptExecutor.Outcome outcome, long nowNs) {
        String exitType = null;
        String reason = null;
        int reasonCode = 0;
        boolean success = false;
        boolean messageOnly = false;
        boolean exited = !outcome.timedOut() && !outcome.failed();
        int status = outcome.exitCode();
        if (exited && (status == 0 || (misc.dynamic() && status >= 2 && status <= 255))) {
            if (misc.dynamic() && status != lastExitCode) {
                lastExitCode = status;
                long weight = status >= 2 ? status - 2 : -1;
                reportWeight(up, "misc_dynamic weight " + (weight >= 0 ? weight : "as configured"), weight, nowNs);
            }
            if (!up || !hasRun) {
                exitType = "succeeded";
                success = true;
            }
            retryIt = 0;
        } else if (up || !hasRun) {
            if (outcome.timedOut()) {
                exitType = "timed out";
            } else if (exited) {
                exitType = "failed";
                reason = "exited with status";
                reasonCode = status;
            } else {
                exitType = "failed";
                reason = "due to signal";
                reasonCode = signalOf(outcome);
            }
            if (retryIt < retry) {
                retryIt++;
                if (logFailures()) {
                    messageOnly = true;
                } else {
                    exitType = null;
                }
            } else {
                retryIt = 0;
                if (exited) {
                    lastExitCode = status;
                }
            }
        }
        if (exitType != null) {
            String after = !success && retry > 0 ? " after " + retry + " retries" : "";
            String head = "Misc check for [" + rsText + " VS " + target.virtualServer() + "] by ["
                    + misc.script().argv().get(0) + "] " + exitType + after;
            log(reason != null ? head + " (" + reason + " " + reasonCode + ")." : head + ".");
            if (!messageOnly) {
                setVerdict(success, "=> MISC CHECK " + exitType + " on service <=", nowNs);
            }
        }
        hasRun = true;
        long delay = retryIt > 0 ? delayBeforeRetryNs : delayLoopNs;
        long next = lastRanNs + delay;
        scheduleIn(Math.max(next - nowNs, 0), nowNs);
    }

    /** The executor reports a kill by a signal as "failed" with the signal in its detail ("signal 9"). */
    private static int signalOf(ScriptExecutor.Outcome outcome) {
        String d = outcome.detail();
        if (d != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("signal (\\d+)").matcher(d);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    @Override
    protected void onTimeout(long nowNs) {
        // the executor enforces misc_timeout itself and reports timedOut
    }

    @Override
    protected void abortAttempt() {
        if (running != null) {
            running.terminate();
            running = null;
        }
        run++;
        state = State.IDLE;
    }
}
