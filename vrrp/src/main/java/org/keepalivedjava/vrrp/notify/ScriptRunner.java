package org.keepalivedjava.vrrp.notify;

import java.io.File;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.proc.RunAs;

/**
 * Runs scripts (notify_*, the FIFO script...) without ever blocking the event loop.
 *
 * <p>How: {@link #run} is called on the loop thread; fork/exec happens on a long-lived launcher thread
 * (PR_SET_PDEATHSIG of setpriv follows the thread that started the process, so that thread must live as long as the
 * daemon); the JDK's reaper thread sees the exit; the result comes back to the loop through
 * {@link EventLoop#execute} and is handed to the caller's {@link Listener} ON THE LOOP THREAD. The timeout is a
 * loop {@link Timer}: on expiry the script's process group gets SIGTERM, then SIGKILL after {@code killGraceNs}
 * (as keepalived treats timed-out scripts). Each script runs in its own session ({@code setsid}), so the group
 * kill also reaches what the script started.
 *
 * <p>argv is passed as a vector, never through a shell (a script without a #! line is run by /bin/sh, as execve's
 * ENOEXEC fallback in both keepalived and the JDK does). stdin/stdout/stderr are /dev/null, as keepalived does.
 * With a {@link RunAs} that differs from this process's credentials the command is wrapped in setpriv.
 *
 * <p>Concurrency is bounded: at most {@code maxRunning} at once, {@code maxQueued} more wait in order, beyond that a
 * request is refused at once ({@link Outcome#REJECTED}). Scripts with a timeout (track scripts) and scripts without
 * one (notify scripts, the FIFO script: keepalived fires and forgets them) have separate slots and queues, the latter
 * {@code maxRunningUntimed} wide: a notify script that hangs forever holds its slot forever, and hung notify
 * scripts must never starve the track scripts that decide priorities (found by the chaos suite).
 * Threading: loop thread only, except {@link #close}.
 */
public final class ScriptRunner implements AutoCloseable {
    public static final String SETSID = "/usr/bin/setsid";

    public enum Outcome {
        /** Ran to its end; see the exit code (128 + N when killed by signal N). */
        EXITED,
        /** Killed after its timeout. */
        TIMED_OUT,
        /** fork/exec failed (no such file, not executable...). */
        FAILED_TO_START,
        /** Too many scripts running and queued. */
        REJECTED
    }

    /** @param exitCode meaningful for EXITED (and TIMED_OUT: what the killed process returned); -1 otherwise */
    public record Result(List<String> command, Outcome outcome, int exitCode, String detail) {
        public boolean succeeded() {
            return outcome == Outcome.EXITED && exitCode == 0;
        }
    }

    @FunctionalInterface
    public interface Listener {
        /** On the loop thread. */
        void onScriptDone(Result result);

        Listener IGNORE = r -> { };
    }

    /** How processes are started: the real one uses ProcessBuilder; tests may substitute. Any thread. */
    @FunctionalInterface
    public interface Launcher {
        Process start(List<String> command) throws IOException;

        Launcher PROCESS_BUILDER = command -> new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * @param maxRunning        scripts with a timeout running at once
     * @param maxQueued         scripts waiting for a slot (per kind)
     * @param killGraceNs       time between SIGTERM and SIGKILL for a timed-out script
     * @param maxRunningUntimed scripts without a timeout running at once
     */
    public record Limits(int maxRunning, int maxQueued, long killGraceNs, int maxRunningUntimed) {
        public static final Limits DEFAULT = new Limits(32, 1024, TimeUnit.SECONDS.toNanos(2), 256);

        /** The same width for both kinds. */
        public Limits(int maxRunning, int maxQueued, long killGraceNs) {
            this(maxRunning, maxQueued, killGraceNs, maxRunning);
        }
    }

    /** A submitted script; {@link #terminate()} stops it early (e.g. the FIFO script at shutdown). Loop thread. */
    public final class Handle {
        private final List<String> command;
        private List<String> startCommand;
        private final long timeoutNs;
        private final Listener listener;
        private Timer timer;
        private Process process;
        private boolean timedOut;
        private boolean terminated;
        private boolean killSent;
        private boolean done;

        private Handle(List<String> command, long timeoutNs, Listener listener) {
            this.command = command;
            this.timeoutNs = timeoutNs;
            this.listener = listener;
        }

        public List<String> command() {
            return command;
        }

        public boolean isDone() {
            return done;
        }

        /** The process id once started, else -1. */
        public long pid() {
            return process == null ? -1 : process.pid();
        }

        /** SIGTERM to the script's process group now (SIGKILL after the grace time); the result still arrives. */
        public void terminate() {
            if (done || terminated) {
                return;
            }
            terminated = true;
            if (pool(this).queue.remove(this)) {
                finish(this, new Result(command, Outcome.EXITED, -1, "terminated before it started"));
                return;
            }
            if (process != null) {
                signalGroup(this);
            }
        }
    }

    private final EventLoop loop;
    private final Launcher launcher;
    private final Limits limits;
    private final long currentUid;
    private final long currentGid;
    private final ExecutorService launcherThread;
    /** The slots and the waiting line of one kind of script (with a timeout, without one). Loop thread. */
    private static final class Pool {
        final int maxRunning;
        final Queue<Handle> queue = new ArrayDeque<>();
        int running;

        Pool(int maxRunning) {
            this.maxRunning = maxRunning;
        }
    }

    private final Pool timed;
    private final Pool untimed;
    /** Completions from other threads; drained by a task on the loop, so a refused execute() loses nothing. */
    private final Queue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final Runnable drain = this::drainCompletions;

    public ScriptRunner(EventLoop loop) {
        this(loop, Launcher.PROCESS_BUILDER, Limits.DEFAULT);
    }

    public ScriptRunner(EventLoop loop, Launcher launcher, Limits limits) {
        this.loop = loop;
        this.launcher = launcher;
        this.limits = limits;
        this.timed = new Pool(limits.maxRunning());
        this.untimed = new Pool(limits.maxRunningUntimed());
        long[] ids = ScriptUsers.currentUidGid();
        this.currentUid = ids[0];
        this.currentGid = ids[1];
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "script-launcher");
                    t.setDaemon(true);
                    return t;
                });
        this.launcherThread = executor;
    }

    /** Number of scripts running now (both kinds). */
    public int runningCount() {
        return timed.running + untimed.running;
    }

    public int queuedCount() {
        return timed.queue.size() + untimed.queue.size();
    }

    private Pool pool(Handle h) {
        return h.timeoutNs > 0 ? timed : untimed;
    }

    /**
     * Starts {@code argv} (as {@code runAs}, null = as this process) with a timeout.
     * @param timeoutNs 0 = no timeout (the FIFO script)
     */
    public Handle run(List<String> argv, RunAs runAs, long timeoutNs, Listener listener) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        Handle h = new Handle(List.copyOf(argv), timeoutNs, listener);
        h.startCommand = commandLine(argv, runAs);
        Pool pool = pool(h);
        if (pool.running < pool.maxRunning) {
            launch(h);
        } else if (pool.queue.size() < limits.maxQueued()) {
            pool.queue.add(h);
        } else {
            finish(h, new Result(h.command, Outcome.REJECTED, -1,
                    pool.running + " scripts running and " + pool.queue.size() + " queued"));
        }
        return h;
    }

    /** The command really started: setsid (own process group), then setpriv when the user changes, then argv. */
    List<String> commandLine(List<String> argv, RunAs runAs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(SETSID);
        cmd.add("-w");
        if (runAs != null && !runAs.isNoChangeFrom(currentUid, currentGid)) {
            cmd.addAll(runAs.commandLine(argv));
        } else {
            cmd.addAll(argv);
        }
        return cmd;
    }

    private void launch(Handle h) {
        List<String> command = h.startCommand;
        pool(h).running++;
        if (h.timeoutNs > 0) {
            h.timer = loop.newTimer((t, nowNs) -> onTimer(h, nowNs));
            h.timer.scheduleAt(loop.nowNs() + h.timeoutNs);
        }
        launcherThread.execute(() -> {
            Process p;
            try {
                String program = h.command.get(0);
                if (program.indexOf('/') >= 0 && !new File(program).isFile()) {
                    throw new IOException("Cannot run program \"" + program + "\": No such file");
                }
                p = launcher.start(command);
            } catch (IOException | RuntimeException e) {
                post(() -> finish(h, new Result(h.command, Outcome.FAILED_TO_START, -1, e.getMessage())));
                return;
            }
            post(() -> onStarted(h, p));
            p.onExit().whenComplete((exited, error) -> post(() -> onExited(h, p.exitValue())));
        });
    }

    private void post(Runnable completion) {
        completions.add(completion);
        loop.execute(drain); // false only when the loop is stopping or the queue is full: a later drain runs it
    }

    private void drainCompletions() {
        Runnable r;
        while ((r = completions.poll()) != null) {
            r.run();
        }
    }

    private void onStarted(Handle h, Process p) {
        h.process = p;
        if ((h.timedOut || h.terminated) && !h.done) {
            signalGroup(h);
        }
    }

    private void onTimer(Handle h, long nowNs) {
        if (h.done) {
            return;
        }
        if (!h.timedOut && !h.terminated) {
            h.timedOut = true;
            if (h.process != null) {
                signalGroup(h);
            }
        } else if (h.process != null) {
            kill(h.process, Consts.SIGKILL);
        }
    }

    /** SIGTERM now, SIGKILL after the grace time. */
    private void signalGroup(Handle h) {
        if (h.killSent) {
            return;
        }
        h.killSent = true;
        kill(h.process, Consts.SIGTERM);
        if (h.timer == null) {
            h.timer = loop.newTimer((t, nowNs) -> onTimer(h, nowNs));
        }
        h.timer.scheduleAt(loop.nowNs() + limits.killGraceNs());
    }

    /** Signals the script's process group (its pid: setsid made it the leader); the process alone if that fails. */
    private static void kill(Process p, int signo) {
        try {
            Native.kill((int) -p.pid(), signo);
        } catch (RuntimeException noSuchGroup) {
            if (signo == Consts.SIGKILL) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        }
    }

    private void onExited(Handle h, int exitCode) {
        if (h.done) {
            return;
        }
        pool(h).running--;
        Outcome outcome = h.timedOut ? Outcome.TIMED_OUT : Outcome.EXITED;
        finish(h, new Result(h.command, outcome, exitCode, h.timedOut ? "timed out" : null));
        startQueued(pool(h));
    }

    private void finish(Handle h, Result result) {
        if (h.done) {
            return;
        }
        if (result.outcome() == Outcome.FAILED_TO_START) {
            pool(h).running--;
        }
        h.done = true;
        if (h.timer != null) {
            h.timer.cancel();
        }
        try {
            h.listener.onScriptDone(result);
        } finally {
            if (result.outcome() == Outcome.FAILED_TO_START) {
                startQueued(pool(h));
            }
        }
    }

    private void startQueued(Pool pool) {
        while (pool.running < pool.maxRunning && !pool.queue.isEmpty()) {
            launch(pool.queue.poll());
        }
    }

    /** Stops the launcher thread; running scripts keep running (their results are no longer delivered). */
    @Override
    public void close() {
        launcherThread.shutdownNow();
    }
}
