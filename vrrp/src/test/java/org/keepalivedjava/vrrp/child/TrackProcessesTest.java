package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Facility;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;

/**
 * vrrp_track_process against the real /proc: a copy of sleep(1) under a name no other process has is started and
 * stopped; the test drives the looks by hand with its own clock (no sleeping, no timing margins).
 */
class TrackProcessesTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private final List<String> reports = new ArrayList<>();
    private final ByteArrayOutputStream logText = new ByteArrayOutputStream();
    private final Logger log = new Logger(new Logger.Settings("Keepalived_vrrp", 1, true, false, Facility.DAEMON,
            false), Clock.systemUTC(), new PrintStream(logText, true, StandardCharsets.UTF_8), SyslogTransport.NONE);

    private static VrrpConfig.TrackProcess entry(String name, List<String> process, String paramMatch,
                                                 int quorumMax, long terminateDelayUs, boolean fullCommand) {
        return new VrrpConfig.TrackProcess(name, process, paramMatch, 1, false, 1, quorumMax, 0, terminateDelayUs,
                fullCommand, null);
    }

    @Test
    void pureParsingOfStatAndCmdline() {
        assertEquals("a (b) c", ProcTable.runningComm("12 (a (b) c) S 1 2".getBytes(StandardCharsets.UTF_8)));
        assertNull(ProcTable.runningComm("12 (gone) Z 1 2".getBytes(StandardCharsets.UTF_8)), "zombies are not running");
        assertNull(ProcTable.runningComm("12 (cut".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("/bin/x", "-a", ""), ProcTable.argv("/bin/x\0-a\0\0".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), ProcTable.argv(new byte[0]));
    }

    @Test
    void aDistinctiveSleepIsCountedWhileItRunsAndTheDelayHoldsItsLoss() throws Exception {
        String name = "kjtp" + ProcessHandle.current().pid() % 100_000_000;
        Path binary = dir.resolve(name);
        Files.copy(Path.of("/bin/sleep"), binary, StandardCopyOption.COPY_ATTRIBUTES);
        List<VrrpConfig.TrackProcess> entries = List.of(
                entry("byName", List.of(name), null, Integer.MAX_VALUE, 0, false),
                entry("byCommand", List.of(binary.toString(), "600"), "partial", Integer.MAX_VALUE, 0, false),
                entry("wrongParams", List.of(binary.toString(), "601"), null, Integer.MAX_VALUE, 0, false),
                entry("atMostOne", List.of(name), null, 1, 0, false),
                entry("delayed", List.of(name), null, Integer.MAX_VALUE, 2_000_000, false));
        ManualClock clock = new ManualClock(0);
        Process first = null;
        Process second = null;
        try (EventLoop loop = new EventLoop(clock)) {
            TrackProcesses tracker = new TrackProcesses(loop, log, (n, up, nowNs) -> reports.add(n + " " + up),
                    ProcTable.SYSTEM, entries);
            tracker.start(0);
            assertEquals(List.of("byName false", "byCommand false", "wrongParams false", "atMostOne false",
                    "delayed false"), reports, "nothing runs yet: every first state is reported");
            reports.clear();

            first = new ProcessBuilder(binary.toString(), "600", "1").start();
            tracker.look(S);
            assertEquals(List.of("byName true", "byCommand true", "atMostOne true", "delayed true"), reports);
            assertTrue(logText.toString(StandardCharsets.UTF_8).contains("Quorum gained for tracked process byName"));
            reports.clear();

            second = new ProcessBuilder(binary.toString(), "600").start();
            tracker.look(2 * S);
            assertEquals(List.of("atMostOne false"), reports, "two running: more than quorum_max 1");
            reports.clear();

            stop(first);
            stop(second);
            tracker.look(3 * S);
            assertEquals(List.of("byName false", "byCommand false"), reports,
                    "atMostOne: 0 is below quorum 1 and it was already down; delayed: terminate_delay 2 s runs");
            reports.clear();
            tracker.look(5 * S - 1);
            assertEquals(List.of(), reports);
            tracker.look(5 * S);
            assertEquals(List.of("delayed false"), reports, "terminate_delay over");
            assertEquals(Boolean.FALSE, tracker.state("delayed"));
            assertNull(tracker.state("unknown"));
            tracker.stop();
        } finally {
            for (Process p : new Process[] {first, second}) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * The periodic looks walk /proc on the scanner thread and report on the loop thread; the walks of a list that a
     * reload replaced are discarded. A fake process table, a hand-driven clock, the loop run by the test.
     */
    @Test
    void periodicLooksWalkOffTheLoopAndReportOnIt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<String> walkers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ProcTable fake = (withCommandLine, sink) -> {
            walkers.add(Thread.currentThread().getName());
            for (int i = 0; i < running.get(); i++) {
                sink.onProcess("haproxy", List.of());
            }
        };
        List<String> reportThreads = new ArrayList<>();
        ManualClock clock = new ManualClock(0);
        try (EventLoop loop = new EventLoop(clock)) {
            TrackProcesses tracker = new TrackProcesses(loop, log, (n, up, nowNs) -> {
                reports.add(n + " " + up);
                reportThreads.add(Thread.currentThread().getName());
            }, fake, List.of(entry("haproxy", List.of("haproxy"), null, Integer.MAX_VALUE, 0, false)));
            tracker.start(0);
            assertEquals(List.of("haproxy false"), reports);
            running.set(2);
            clock.setNs(TrackProcesses.POLL_INTERVAL_NS);
            for (int i = 0; i < 3000 && reports.size() < 2; i++) {
                loop.runOnce(10_000_000L);
            }
            assertEquals(List.of("haproxy false", "haproxy true"), reports);
            assertTrue(walkers.contains("track-process scan"), walkers.toString());
            String testThread = Thread.currentThread().getName();
            assertEquals(List.of(testThread, testThread), reportThreads, "reports on the loop thread");
            tracker.stop();
        }
    }

    /** Ends the process and waits until the JVM reaped it, so /proc no longer lists it (not even as a zombie). */
    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long pid = p.pid();
        for (int i = 0; i < 3000 && Files.exists(Path.of("/proc/" + pid)); i++) {
            Thread.sleep(10); // the JVM's reaper thread waits for it just after waitFor returns
        }
    }
}
