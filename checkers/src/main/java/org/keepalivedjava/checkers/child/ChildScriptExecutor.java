package org.keepalivedjava.checkers.child;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.keepalivedjava.checkers.check.ScriptExecutor;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.proc.NativeUserDatabase;
import org.keepalivedjava.os.proc.RunAs;

/**
 * The checker child's {@link ScriptExecutor}: MISC_CHECK scripts, notify_up/down, quorum_up/down and the FIFO
 * script, never blocking the loop. A deliberately minimal twin of the VRRP child's
 * {@code org.keepalivedjava.vrrp.notify.ScriptRunner} (which the checkers module cannot depend on): the two
 * should merge into one runner in the keepalived-java core module.
 *
 * <p>How: {@link #run} is called on the loop thread; fork/exec happens on one long-lived launcher thread (a
 * script's PR_SET_PDEATHSIG follows the thread that started it); the JDK's reaper sees the exit and the outcome
 * comes back through {@link EventLoop#execute}, so {@code onDone} runs on the loop thread. The timeout is a loop
 * timer that kills the script's process group (each script runs under {@code setsid -w}). argv is a vector, no
 * shell; with a user other than ours the command goes through setpriv ({@link RunAs}). stdin/stdout/stderr are
 * /dev/null, as keepalived does. No concurrency bound (the VRRP runner has one).
 */
public final class ChildScriptExecutor implements ScriptExecutor, AutoCloseable {
    static final String SETSID = "/usr/bin/setsid";

    private final EventLoop loop;
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "script-launcher");
        t.setDaemon(true);
        return t;
    });
    private final long uid;
    private final long gid;

    public ChildScriptExecutor(EventLoop loop, long uid, long gid) {
        this.loop = loop;
        this.uid = uid;
        this.gid = gid;
    }

    private static final class Run implements Running {
        volatile Process process;
        volatile boolean killed;
        Timer timer;
        boolean done;

        @Override
        public void terminate() {
            killed = true;
            Process p = process;
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    @Override
    public Running run(List<String> argv, String user, String group, long timeoutNs, Consumer<Outcome> onDone) {
        Run run = new Run();
        List<String> command = new ArrayList<>();
        command.add(SETSID);
        command.add("-w");
        if (user != null) {
            Optional<RunAs> runAs = RunAs.resolve(NativeUserDatabase.INSTANCE, user, group);
            if (runAs.isEmpty()) {
                onDone.accept(new Outcome(-1, false, true, "unknown user/group " + user + "/" + group));
                return run;
            }
            if (!runAs.get().isNoChangeFrom(uid, gid)) {
                command.addAll(runAs.get().commandLine(argv));
            } else {
                command.addAll(argv);
            }
        } else {
            command.addAll(argv);
        }
        if (timeoutNs > 0) {
            run.timer = loop.newTimer((t, nowNs) -> {
                if (!run.done) {
                    run.terminate();
                }
            });
            run.timer.scheduleAt(loop.nowNs() + timeoutNs);
        }
        launcher.execute(() -> {
            Process p;
            try {
                String program = argv.get(0);
                if (program.indexOf('/') >= 0 && !new File(program).isFile()) {
                    throw new IOException("Cannot run program \"" + program + "\": No such file");
                }
                p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException | RuntimeException e) {
                String detail = e.getMessage();
                loop.execute(() -> finish(run, new Outcome(-1, false, true, detail), onDone));
                return;
            }
            run.process = p;
            if (run.killed) {
                run.terminate();
            }
            p.onExit().whenComplete((exited, error) -> loop.execute(() -> finish(run,
                    new Outcome(p.exitValue(), run.killed, false, ""), onDone)));
        });
        return run;
    }

    private static void finish(Run run, Outcome outcome, Consumer<Outcome> onDone) {
        if (run.done) {
            return;
        }
        run.done = true;
        if (run.timer != null) {
            run.timer.cancel();
        }
        onDone.accept(outcome);
    }

    @Override
    public void close() {
        launcher.shutdownNow();
    }
}
