package org.keepalivedjava.vrrp.child;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.keepalivedjava.config.model.SameConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.proc.RunAs;
import org.keepalivedjava.vrrp.notify.ScriptRunner;
import org.keepalivedjava.vrrp.notify.ScriptUsers;

/**
 * vrrp_script tracking: each script that some instance tracks runs every {@code interval} with its
 * {@code timeout} (a timed-out run counts as a failure); its state is the pure {@link RiseFall} rule; a change is
 * reported to the {@link Listener} (which updates the instances' trackers). A run still going when the next is due
 * is not started twice. Loop thread only.
 */
final class TrackScripts {

    /** A vrrp_script changed state (true = OK). */
    interface Listener {
        void onScriptState(String name, boolean up, long nowNs);
    }

    /**
     * keepalived's rise/fall: the first result decides at once (unless init_fail set DOWN already, when rise
     * successes are needed); after that {@code rise} successes in a row bring it up and {@code fall} failures in a
     * row bring it down. Pure.
     */
    static final class RiseFall {
        private final int rise;
        private final int fall;
        private Boolean up;
        private int streak;

        RiseFall(int rise, int fall, boolean initFail) {
            this.rise = Math.max(1, rise);
            this.fall = Math.max(1, fall);
            this.up = initFail ? Boolean.FALSE : null;
        }

        /** @return the new state when this result changed it, else null */
        Boolean onResult(boolean success) {
            if (up == null) {
                up = success;
                streak = 0;
                return up;
            }
            if (success == up) {
                streak = 0;
                return null;
            }
            streak++;
            if (streak >= (success ? rise : fall)) {
                up = success;
                streak = 0;
                return up;
            }
            return null;
        }

        Boolean state() {
            return up;
        }
    }

    private final class Tracked {
        final VrrpConfig.Script script;
        final RunAs runAs;
        final RiseFall state;
        final Timer timer;
        ScriptRunner.Handle running;

        Tracked(VrrpConfig.Script script, RunAs runAs) {
            this.script = script;
            this.runAs = runAs;
            this.state = new RiseFall(script.rise(), script.fall(), script.initFail());
            this.timer = loop.newTimer((t, nowNs) -> runNow(this, nowNs));
        }
    }

    private final EventLoop loop;
    private final ScriptRunner runner;
    private final Logger log;
    private final Listener listener;
    private final List<Tracked> scripts = new ArrayList<>();

    TrackScripts(EventLoop loop, ScriptRunner runner, ScriptUsers users, Logger log, Listener listener,
                 List<VrrpConfig.Script> tracked) {
        this.loop = loop;
        this.runner = runner;
        this.log = log;
        this.listener = listener;
        long[] me = ScriptUsers.currentUidGid();
        for (VrrpConfig.Script s : tracked) {
            Optional<RunAs> as = users.resolve(s.command());
            if (as.isEmpty()) {
                log.error("VRRP_Script(" + s.name() + "): script user does not exist; not run");
                continue;
            }
            scripts.add(new Tracked(s, as.get().isNoChangeFrom(me[0], me[1]) ? null : as.get()));
        }
    }

    /** Runs every script now (keepalived runs them at start-up) and then at its interval. */
    void start(long nowNs) {
        for (Tracked t : scripts) {
            runNow(t, nowNs);
        }
    }

    private void runNow(Tracked t, long nowNs) {
        t.timer.scheduleAt(nowNs + t.script.intervalUs() * 1_000L);
        if (t.running != null && !t.running.isDone()) {
            return;
        }
        t.running = runner.run(t.script.command().argv(), t.runAs, t.script.timeoutUs() * 1_000L,
                result -> {
                    boolean ok = result.succeeded();
                    if (result.outcome() == ScriptRunner.Outcome.TIMED_OUT) {
                        log.info("VRRP_Script(" + t.script.name() + ") timed out");
                    }
                    Boolean change = t.state.onResult(ok);
                    if (change != null) {
                        log.info("VRRP_Script(" + t.script.name() + ") " + (change ? "succeeded" : "failed"));
                        listener.onScriptState(t.script.name(), change, loop.nowNs());
                    }
                });
    }

    /**
     * Reload: the scripts now tracked are {@code tracked}. A script whose block is {@link SameConfig the same} keeps
     * its state, its timer and any run in progress; one no longer tracked stops; a new or changed one starts with
     * a fresh state and runs now (as at start-up).
     */
    void reconcile(List<VrrpConfig.Script> tracked, ScriptUsers users, long nowNs) {
        List<Tracked> next = new ArrayList<>();
        List<Tracked> fresh = new ArrayList<>();
        long[] me = ScriptUsers.currentUidGid();
        for (VrrpConfig.Script s : tracked) {
            Tracked same = null;
            for (Tracked t : scripts) {
                if (SameConfig.same(t.script, s)) {
                    same = t;
                }
            }
            if (same != null) {
                next.add(same);
                continue;
            }
            Optional<RunAs> as = users.resolve(s.command());
            if (as.isEmpty()) {
                log.error("VRRP_Script(" + s.name() + "): script user does not exist; not run");
                continue;
            }
            Tracked t = new Tracked(s, as.get().isNoChangeFrom(me[0], me[1]) ? null : as.get());
            next.add(t);
            fresh.add(t);
        }
        for (Tracked t : scripts) {
            if (!next.contains(t)) {
                stop(t);
            }
        }
        scripts.clear();
        scripts.addAll(next);
        for (Tracked t : fresh) {
            runNow(t, nowNs);
        }
    }

    /** The script's current state: true up, false down, null not known yet (or not tracked). */
    Boolean state(String name) {
        for (Tracked t : scripts) {
            if (t.script.name().equals(name)) {
                return t.state.state();
            }
        }
        return null;
    }

    private void stop(Tracked t) {
        t.timer.cancel();
        if (t.running != null && !t.running.isDone()) {
            t.running.terminate();
        }
    }

    void stop() {
        for (Tracked t : scripts) {
            stop(t);
        }
    }
}
