package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.keepalivedjava.log.Facility;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;

/**
 * Runs a {@link ChildSupervisor} on its own loop thread in the test JVM and records what it reports, so a test
 * thread can wait for events. Waits are bounded by a hang guard only, never used to assert speed. close() stops
 * the supervision and kills every process it ever spawned.
 */
final class SupervisorHarness implements AutoCloseable {
    static final long MS = 1_000_000L;
    static final long HANG_GUARD_MS = 30_000;

    /** One recorded event: kind, child pid, detail. */
    record Event(String kind, long pid, String detail, long nowNs) {
        @Override
        public String toString() {
            return kind + " " + pid + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<Long> spawnedPids = new CopyOnWriteArrayList<>();
    final List<RespawnBackoff.Decision> decisions = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final Logger log = new Logger(new Logger.Settings(Ident.PARENT, Native.getpid(), true, false,
            Facility.DAEMON, true), java.time.Clock.systemDefaultZone(),
            new PrintStream(logBytes, true, StandardCharsets.UTF_8), SyslogTransport.NONE);
    private final EventLoop loop = new EventLoop(Clock.SYSTEM);
    private final Thread loopThread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    final ChildSupervisor supervisor;
    volatile ChildSupervisor.Outcome outcome;

    SupervisorHarness(SupervisorSettings settings, List<ChildSpec> children) {
        supervisor = new ChildSupervisor(loop, settings, children, log, new ChildSupervisor.Events() {
            @Override
            public void onSpawned(String child, long pid, long nowNs) {
                spawnedPids.add(pid);
                events.add(new Event("spawned", pid, "", nowNs));
            }

            @Override
            public void onUp(String child, long pid, long nowNs) {
                events.add(new Event("up", pid, "", nowNs));
            }

            @Override
            public void onHung(String child, long pid, String reason, long nowNs) {
                events.add(new Event("hung", pid, reason, nowNs));
            }

            @Override
            public void onExited(String child, long pid, ChildExit exit, long ranNs, long nowNs) {
                events.add(new Event("exited", pid, exit.describe(), nowNs));
            }

            @Override
            public void onRespawnScheduled(String child, RespawnBackoff.Decision decision, long nowNs) {
                decisions.add(decision);
                events.add(new Event("respawn", 0, "in " + decision.delayNs() / MS + " ms", nowNs));
            }

            @Override
            public void onStopped(ChildSupervisor.Outcome result) {
                outcome = result;
                events.add(new Event("stopped", 0, result.cause().toString(), 0));
                stopped.countDown();
            }
        });
        loopThread = new Thread(loop::run, "supervisor-loop");
        loopThread.setDaemon(true);
    }

    /** Starts the loop thread and, on it, the supervisor: the children are forked by the loop thread. */
    SupervisorHarness start() {
        loopThread.start();
        if (!loop.execute(supervisor::start)) {
            fail("loop refused the start task");
        }
        return this;
    }

    /** Runs {@code task} on the supervisor's loop thread. */
    boolean onLoop(Runnable task) {
        return loop.execute(task);
    }

    org.keepalivedjava.os.loop.EventLoop loop() {
        return loop;
    }

    /** Runs {@code task} on the loop thread (the supervisor's thread). */
    void execute(Runnable task) {
        if (!loop.execute(task)) {
            fail("loop refused the task");
        }
    }

    void requestStop() {
        loop.execute(supervisor::stop);
    }

    /** Waits for the {@code nth} (1-based) event matching; returns it. */
    Event await(String kind, int nth, Predicate<Event> extra) throws InterruptedException {
        long giveUp = System.nanoTime() + HANG_GUARD_MS * MS;
        while (System.nanoTime() - giveUp < 0) {
            int seen = 0;
            for (Event e : events) {
                if (e.kind().equals(kind) && extra.test(e) && ++seen == nth) {
                    return e;
                }
            }
            Thread.sleep(10);
        }
        fail("no " + kind + " #" + nth + " within the hang guard; events " + events + "\nlog:\n" + log());
        return null;
    }

    Event await(String kind, int nth) throws InterruptedException {
        return await(kind, nth, e -> true);
    }

    boolean awaitStopped() throws InterruptedException {
        return stopped.await(HANG_GUARD_MS, TimeUnit.MILLISECONDS);
    }

    List<Event> eventsOf(String kind) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.kind().equals(kind)) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    String log() {
        synchronized (logBytes) {
            return logBytes.toString(StandardCharsets.UTF_8);
        }
    }

    static void kill(long pid, int signo) {
        Native.kill((int) pid, signo);
    }

    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (loopThread.isAlive()) {
                requestStop();
                awaitStopped();
                loop.stop();
                loopThread.join(HANG_GUARD_MS);
            }
        } finally {
            for (long pid : spawnedPids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (!loopThread.isAlive()) {
                loop.close();
            }
        }
    }
}
