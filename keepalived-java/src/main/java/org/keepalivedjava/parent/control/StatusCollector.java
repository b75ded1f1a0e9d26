package org.keepalivedjava.parent.control;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.parent.ChildSupervisor;
import org.keepalivedjava.status.ChildStatus;
import org.keepalivedjava.status.StatusCodec;
import org.keepalivedjava.status.StatusFormatException;
import org.keepalivedjava.watchdog.WatchdogClient;

/**
 * Gathers one {@link StatusReport} on the parent's loop without blocking it: asks every child for its snapshot over
 * the watchdog and hands the report to {@code done} when all have answered or {@code timeoutNs} has passed (a hung
 * or busy child is reported as silent, never waited for). Loop thread only; {@code done} runs on the loop thread.
 */
public final class StatusCollector {
    private final EventLoop loop;
    private final ChildSupervisor supervisor;
    private final LongSupplier wallClockMs;
    private final List<ChildSupervisor.ChildView> views;
    private final ChildStatus[] answers;
    private final String[] problems;
    private final WatchdogClient.StatusCallback[] callbacks;
    private final Consumer<StatusReport> done;
    private final Timer deadline;
    private final long parentPid;
    private int waiting;
    private boolean finished;

    private StatusCollector(EventLoop loop, ChildSupervisor supervisor, long parentPid, LongSupplier wallClockMs,
                            Consumer<StatusReport> done) {
        this.loop = loop;
        this.supervisor = supervisor;
        this.parentPid = parentPid;
        this.wallClockMs = wallClockMs;
        this.done = done;
        this.views = supervisor.childViews();
        this.answers = new ChildStatus[views.size()];
        this.problems = new String[views.size()];
        this.callbacks = new WatchdogClient.StatusCallback[views.size()];
        this.deadline = loop.newTimer((timer, nowNs) -> onDeadline());
    }

    /** Starts a collection; {@code done} may run before this returns (no child to ask). */
    public static void collect(EventLoop loop, ChildSupervisor supervisor, long parentPid, long timeoutNs,
                               LongSupplier wallClockMs, Consumer<StatusReport> done) {
        new StatusCollector(loop, supervisor, parentPid, wallClockMs, done).start(timeoutNs);
    }

    private void start(long timeoutNs) {
        for (int k = 0; k < views.size(); k++) {
            ChildSupervisor.ChildView view = views.get(k);
            int index = k;
            callbacks[k] = (payload, nowNs) -> onAnswer(index, payload);
            if (view.pid() < 0) {
                problems[k] = "not running";
            } else if (supervisor.requestStatus(view.name(), callbacks[k])) {
                waiting++;
            } else {
                problems[k] = "not connected to its watchdog";
            }
        }
        if (waiting == 0) {
            finish();
        } else {
            deadline.scheduleAt(loop.nowNs() + timeoutNs);
        }
    }

    private void onAnswer(int index, byte[] payload) {
        if (finished) {
            return;
        }
        if (payload == null) {
            problems[index] = "its watchdog connection closed";
        } else if (payload.length == 0) {
            problems[index] = "it has no status to give";
        } else {
            try {
                answers[index] = StatusCodec.decode(payload);
            } catch (StatusFormatException e) {
                problems[index] = "unreadable status (" + e.getMessage() + ")";
            }
        }
        if (--waiting == 0) {
            finish();
        }
    }

    private void onDeadline() {
        if (finished) {
            return;
        }
        for (int k = 0; k < views.size(); k++) {
            if (answers[k] == null && problems[k] == null) {
                problems[k] = "no answer in time (busy or hung)";
                supervisor.cancelStatus(views.get(k).name(), callbacks[k]);
            }
        }
        finish();
    }

    private void finish() {
        finished = true;
        deadline.cancel();
        List<StatusReport.Child> children = new ArrayList<>();
        for (int k = 0; k < views.size(); k++) {
            ChildSupervisor.ChildView v = views.get(k);
            children.add(new StatusReport.Child(v.name(), v.pid(), v.up(), v.restarts(), v.hangs(), v.missedHellos(),
                    answers[k], answers[k] == null ? problems[k] : null));
        }
        done.accept(new StatusReport(parentPid, wallClockMs.getAsLong(), children));
    }
}
