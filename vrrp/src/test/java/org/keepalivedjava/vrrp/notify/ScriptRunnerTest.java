package org.keepalivedjava.vrrp.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.proc.RunAs;
import org.keepalivedjava.vrrp.notify.NotifyMessages.Subject;
import org.keepalivedjava.vrrp.notify.ScriptRunner.Outcome;
import org.keepalivedjava.vrrp.notify.ScriptRunner.Result;

/** Real processes: small shell scripts in a temporary directory record what they were given. */
class ScriptRunnerTest {
    @TempDir
    Path dir;
    private EventLoop loop;
    private ScriptRunner runner;
    private final List<Result> results = new ArrayList<>();
    private final List<Long> livePids = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = new EventLoop(Clock.SYSTEM);
        runner = new ScriptRunner(loop, ScriptRunner.Launcher.PROCESS_BUILDER,
                new ScriptRunner.Limits(2, 1, TimeUnit.MILLISECONDS.toNanos(300)));
    }

    @AfterEach
    void tearDown() {
        for (long pid : livePids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        runner.close();
        loop.close();
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** A script that writes each argument on its own line (argv[0] first) to OUT. */
    private Path argvRecorder(Path out) throws IOException {
        return script("record.sh", "{ printf '%s\\n' \"$0\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; } > '"
                + out + "'");
    }

    @Test
    void genericNotifyArgvReachesTheScriptExactly() throws Exception {
        Path out = dir.resolve("argv.txt");
        Path s = argvRecorder(out);
        NotifyScript configured = new NotifyScript(List.of(s.toString(), "quoted arg", "x"), null, null, null);
        runner.run(NotifyMessages.genericArgv(configured, Subject.INSTANCE, "VI_1", NotifyEvent.MASTER, 150), null,
                TimeUnit.SECONDS.toNanos(10), results::add);
        Loops.runUntil(loop, () -> !results.isEmpty());

        assertEquals(Outcome.EXITED, results.get(0).outcome());
        assertEquals(0, results.get(0).exitCode());
        assertEquals(List.of(s.toString(), "quoted arg", "x", "INSTANCE", "VI_1", "MASTER", "150"),
                Files.readAllLines(out));
    }

    /** Security (issue 10): arguments go to exec as they are; nothing runs them through a shell. */
    @Test
    void shellMetacharactersInArgumentsAreNotInterpreted() throws Exception {
        Path out = dir.resolve("argv.txt");
        Path s = argvRecorder(out);
        Path pwned = dir.resolve("pwned");
        List<String> hostile = List.of("$(touch " + pwned + ")", "`touch " + pwned + "`", "; touch " + pwned,
                "| touch " + pwned, "*", "$HOME", "two  spaces", "&& touch " + pwned);
        List<String> argv = new ArrayList<>(List.of(s.toString()));
        argv.addAll(hostile);
        runner.run(argv, null, TimeUnit.SECONDS.toNanos(10), results::add);
        Loops.runUntil(loop, () -> !results.isEmpty());

        assertEquals(Outcome.EXITED, results.get(0).outcome());
        List<String> expected = new ArrayList<>(List.of(s.toString()));
        expected.addAll(hostile);
        assertEquals(expected, Files.readAllLines(out));
        assertFalse(Files.exists(pwned), "an argument was interpreted by a shell");
    }

    @Test
    void exitCodeIsReportedOnTheLoopThread() throws Exception {
        Path s = script("fail.sh", "exit 3");
        Thread[] deliveredOn = new Thread[1];
        runner.run(List.of(s.toString()), null, 0, r -> {
            deliveredOn[0] = Thread.currentThread();
            results.add(r);
        });
        Loops.runUntil(loop, () -> !results.isEmpty());
        assertEquals(Outcome.EXITED, results.get(0).outcome());
        assertEquals(3, results.get(0).exitCode());
        assertEquals(Thread.currentThread(), deliveredOn[0]);
    }

    @Test
    void missingScriptFailsToStart() {
        runner.run(List.of(dir.resolve("nope.sh").toString()), null, 0, results::add);
        Loops.runUntil(loop, () -> !results.isEmpty());
        assertEquals(Outcome.FAILED_TO_START, results.get(0).outcome());
        assertEquals(0, runner.runningCount());
    }

    @Test
    void timeoutKillsTheWholeProcessGroup() throws Exception {
        Path childPid = dir.resolve("child.pid");
        // The script ignores nothing but waits on a child: the group kill must reach the child too.
        Path s = script("hang.sh", "sleep 60 & echo $! > '" + childPid + "'; wait");
        runner.run(List.of(s.toString()), null, TimeUnit.MILLISECONDS.toNanos(300), results::add);
        Loops.runUntil(loop, () -> !results.isEmpty());

        assertEquals(Outcome.TIMED_OUT, results.get(0).outcome());
        long child = Long.parseLong(Files.readString(childPid).trim());
        livePids.add(child);
        Loops.runUntil(loop, () -> ProcessHandle.of(child).map(ph -> !ph.isAlive()).orElse(true)
                || isZombie(child));
        assertEquals(0, runner.runningCount());
    }

    @Test
    void scriptIgnoringTermIsKilledAfterTheGrace() throws Exception {
        Path started = dir.resolve("started");
        Path s = script("stubborn.sh", "trap '' TERM; touch '" + started + "'; while :; do sleep 1; done");
        runner.run(List.of(s.toString()), null, TimeUnit.MILLISECONDS.toNanos(200), results::add);
        Loops.runUntil(loop, () -> !results.isEmpty());
        assertEquals(Outcome.TIMED_OUT, results.get(0).outcome());
        assertEquals(128 + 9, results.get(0).exitCode(), "SIGKILL after SIGTERM was ignored");
    }

    @Test
    void aHangingScriptDoesNotDelayALoopTimer() throws Exception {
        Path s = script("slow.sh", "sleep 30");
        ScriptRunner.Handle h = runner.run(List.of(s.toString()), null, TimeUnit.SECONDS.toNanos(60), results::add);
        boolean[] fired = new boolean[1];
        Timer t = loop.newTimer((timer, nowNs) -> fired[0] = true);
        t.scheduleAt(loop.nowNs() + TimeUnit.MILLISECONDS.toNanos(100));
        Loops.runUntil(loop, () -> fired[0]);
        assertTrue(results.isEmpty(), "the timer fired while the script still ran");
        assertEquals(1, runner.runningCount());
        h.terminate();
        Loops.runUntil(loop, () -> !results.isEmpty());
        assertEquals(Outcome.EXITED, results.get(0).outcome());
    }

    @Test
    void concurrencyIsBoundedAndExcessIsRejected() throws Exception {
        Path log = dir.resolve("order.log");
        Path a = script("a.sh", "sleep 0.5; echo \"$1-end\" >> '" + log + "'");
        Path b = script("b.sh", "echo b-start >> '" + log + "'");
        runner.run(List.of(a.toString(), "a1"), null, 0, results::add);
        runner.run(List.of(a.toString(), "a2"), null, 0, results::add);
        runner.run(List.of(b.toString()), null, 0, results::add);   // queued (maxRunning 2)
        runner.run(List.of(b.toString()), null, 0, results::add);   // refused (maxQueued 1)
        assertEquals(2, runner.runningCount());
        assertEquals(1, runner.queuedCount());
        assertEquals(1, results.size());
        assertEquals(Outcome.REJECTED, results.get(0).outcome());

        Loops.runUntil(loop, () -> results.size() == 4);
        List<String> order = Files.readAllLines(log);
        // Either running script may finish first; the queued one can only start after one of them ended.
        assertTrue(order.get(0).endsWith("-end"), "the queued script started only after a slot was free: " + order);
        assertEquals(3, order.size(), order.toString());
    }

    /**
     * Found by the chaos suite (SlowDependenciesIT): notify scripts have no timeout (keepalived's are fire and
     * forget), so hung ones used to fill every running slot and a track script then waited behind them forever.
     * Scripts with a timeout and scripts without one now have separate slots.
     */
    @Test
    void hungScriptsWithoutTimeoutNeverStarveScriptsWithOne() throws Exception {
        Path hang = script("hang.sh", "sleep 30");
        Path quick = script("quick.sh", "exit 0");
        ScriptRunner.Handle h1 = runner.run(List.of(hang.toString()), null, 0, results::add);
        ScriptRunner.Handle h2 = runner.run(List.of(hang.toString()), null, 0, results::add);
        Loops.runUntil(loop, () -> h1.pid() > 0 && h2.pid() > 0);
        livePids.add(h1.pid());
        livePids.add(h2.pid());
        List<Result> timed = new ArrayList<>();
        runner.run(List.of(quick.toString()), null, TimeUnit.SECONDS.toNanos(10), timed::add);
        Loops.runUntil(loop, () -> !timed.isEmpty());
        assertEquals(Outcome.EXITED, timed.get(0).outcome(), "the track-like script ran beside two hung notifies");
        assertTrue(results.isEmpty(), "the hung scripts still run");
        assertEquals(2, runner.runningCount());
        h1.terminate();
        h2.terminate();
        Loops.runUntil(loop, () -> results.size() == 2);
    }

    @Test
    void commandLineUsesSetsidAndSetprivOnlyWhenTheUserChanges() {
        RunAs nobody = new RunAs("nobody", 65534, 65534);
        List<String> cmd = runner.commandLine(List.of("/p/s", "a"), nobody);
        assertEquals(List.of(ScriptRunner.SETSID, "-w", RunAs.SETPRIV, "--regid=65534", "--groups=65534",
                "--reuid=65534", "--pdeathsig=TERM", "--", "/p/s", "a"), cmd);
        long[] me = ScriptUsers.currentUidGid();
        assertEquals(List.of(ScriptRunner.SETSID, "-w", "/p/s"),
                runner.commandLine(List.of("/p/s"), new RunAs("me", me[0], me[1])));
        assertEquals(List.of(ScriptRunner.SETSID, "-w", "/p/s"), runner.commandLine(List.of("/p/s"), null));
    }

    @Test
    @Tag("root")
    void runsAsTheScriptUser() throws Exception {
        Path out = dir.resolve("id.txt");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path s = script("id.sh", "id -u > '" + out + "'; id -g >> '" + out + "'");
        runner.run(List.of(s.toString()), new RunAs("nobody", 65534, 65534), 0, results::add);
        Loops.runUntil(loop, () -> !results.isEmpty());
        assertEquals(0, results.get(0).exitCode(), results.get(0).toString());
        assertEquals(List.of("65534", "65534"), Files.readAllLines(out));
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return true;
        }
    }

    @Test
    void handleReportsPidWhileRunning() throws Exception {
        Path s = script("short.sh", "sleep 0.2");
        ScriptRunner.Handle h = runner.run(List.of(s.toString()), null, 0, results::add);
        assertFalse(h.isDone());
        Loops.runUntil(loop, () -> h.pid() > 0 || h.isDone());
        Loops.runUntil(loop, h::isDone);
        assertNotNull(results.get(0));
        assertNull(results.get(0).detail());
    }
}
