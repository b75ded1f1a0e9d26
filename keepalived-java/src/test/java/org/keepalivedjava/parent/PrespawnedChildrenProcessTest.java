package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.lex.ConfigSnapshot;
import org.keepalivedjava.config.lex.Line;
import org.keepalivedjava.log.Facility;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.os.libc.Native;

/**
 * Children started before the configuration is validated ({@link PrespawnedChildren}, {@link StartGate}), with
 * real stand-in child JVMs ({@link TestChildMain}): the supervisor takes the waiting one, which then reads the
 * snapshot written after it was started; an unneeded or different one is abandoned without counting as an exit.
 */
class PrespawnedChildrenProcessTest {
    private static final long SECOND_NS = 1_000_000_000L;

    @TempDir
    Path tmp;

    private final List<SupervisorHarness> harnesses = new ArrayList<>();
    private final List<PrespawnedChildren> prespawned = new ArrayList<>();
    private final ByteArrayOutputStream parentLog = new ByteArrayOutputStream();
    private final Logger log = new Logger(new Logger.Settings(Ident.PARENT, Native.getpid(), true, false,
            Facility.DAEMON, true), java.time.Clock.systemDefaultZone(),
            new PrintStream(parentLog, true, StandardCharsets.UTF_8), SyslogTransport.NONE);

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (PrespawnedChildren p : prespawned) {
            p.abandonAndWait();
        }
        for (SupervisorHarness h : harnesses) {
            h.close();
        }
    }

    private SupervisorSettings settings() {
        return SupervisorSettings.defaults()
                .withWatchdogIntervalNs(SECOND_NS)
                .withChildWaitTimeNs(SECOND_NS)
                .withRuntimeDir(tmp.resolve("run"))
                .withOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("children.log").toFile()))
                .withConfigSnapshot(Optional.of(new ConfigSnapshot(List.of(
                        new Line(new Location("k.conf", 1), List.of("validated_text"))))));
    }

    private ChildSpec child(String name, String... args) {
        return new ChildSpec(name, TestChildMain.class.getName(), ChildSpec.DEFAULT_JVM_FLAGS, List.of(args),
                Optional.of(tmp.resolve(name + ".pid")), Ident.VRRP);
    }

    private PrespawnedChildren prespawn(SupervisorSettings settings, ChildSpec... specs) {
        PrespawnedChildren p = PrespawnedChildren.start(settings, List.of(specs), Native.getpid(), settings.output(),
                log);
        prespawned.add(p);
        return p;
    }

    private SupervisorHarness start(SupervisorSettings settings, ChildSpec... specs) {
        SupervisorHarness h = new SupervisorHarness(settings, List.of(specs));
        harnesses.add(h);
        return h.start();
    }

    private String childLog() throws IOException {
        Path file = tmp.resolve("children.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Polls the children's log; the deadline is a hang guard, not a speed assertion. */
    private void awaitChildLog(String text) throws Exception {
        long giveUp = System.nanoTime() + 60 * SECOND_NS;
        while (!childLog().contains(text) && System.nanoTime() - giveUp < 0) {
            Thread.sleep(20);
        }
        assertTrue(childLog().contains(text), "expected '" + text + "' in:\n" + childLog());
    }

    private static void awaitGone(long pid) throws Exception {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().onExit().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void waitingChildIsTakenAndRunsTheSnapshotWrittenAfterItStarted() throws Exception {
        SupervisorSettings settings = settings();
        PrespawnedChildren pre = prespawn(settings, child("VRRP"));
        long pid = pre.waitingPids().get("VRRP");
        // It has booted and waits; the snapshot does not exist yet (the parent is still "validating").
        awaitChildLog("test-child " + pid + ": waiting at the start gate; snapshot file exists: false");

        SupervisorHarness h = start(settings.withPrespawned(pre), child("VRRP"));
        assertEquals(pid, h.await("up", 1).pid(), "the waiting process is the child, no second JVM");
        assertEquals(List.of(pid), h.spawnedPids);
        assertEquals(Map.of(), pre.waitingPids());
        Path file = tmp.resolve("run").resolve(ConfigSnapshot.FILE_NAME);
        awaitChildLog("test-child " + pid + ": go from the start gate");
        awaitChildLog("test-child " + pid + ": started; snapshot " + file + ": validated_text");
        assertEquals(pid + "\n", Files.readString(tmp.resolve("VRRP.pid")), "pid file written when taken");
        assertTrue(h.log().contains("Starting VRRP child process, pid=" + pid + " (pre-started"), h.log());

        // Respawns take the ordinary path: a new JVM, no gate.
        SupervisorHarness.kill(pid, 9);
        long second = h.await("up", 2).pid();
        assertNotEquals(pid, second);
        awaitChildLog("test-child " + second + ": started; snapshot " + file + ": validated_text");
        assertFalse(childLog().contains("test-child " + second + ": waiting at the start gate"), childLog());
    }

    @Test
    void unneededChildIsAbandonedWithoutAnExitEvent() throws Exception {
        SupervisorSettings settings = settings();
        PrespawnedChildren pre = prespawn(settings, child("VRRP"), child("Checker"));
        long checker = pre.waitingPids().get("Checker");
        SupervisorHarness h = start(settings.withPrespawned(pre), child("VRRP"));
        long vrrp = h.await("up", 1).pid();
        awaitGone(checker);
        assertEquals(Map.of(), pre.waitingPids());
        assertTrue(h.eventsOf("exited").isEmpty(), h.events.toString());
        assertTrue(h.eventsOf("respawn").isEmpty(), h.events.toString());
        assertEquals(List.of(vrrp), h.spawnedPids);
        assertFalse(childLog().contains("test-child " + checker + ": started"), childLog());
        assertFalse(h.supervisor.isStopping());
    }

    @Test
    void childStartedDifferentlyIsNotTakenButReplaced() throws Exception {
        SupervisorSettings settings = settings();
        PrespawnedChildren pre = prespawn(settings, child("VRRP", "--exit-code", "0"));
        long waiting = pre.waitingPids().get("VRRP");
        SupervisorHarness h = start(settings.withPrespawned(pre), child("VRRP"));
        long pid = h.await("up", 1).pid();
        assertNotEquals(waiting, pid, "other arguments: a fresh child, never the pre-started one");
        awaitGone(waiting);
        assertFalse(childLog().contains("test-child " + waiting + ": started"), childLog());
        assertTrue(h.eventsOf("exited").isEmpty(), h.events.toString());
    }

    @Test
    void abandonedBeforeAnySupervisorLeavesNoChild() throws Exception {
        // The parent's path for an invalid configuration: nothing is supervised, every waiting child goes.
        PrespawnedChildren pre = prespawn(settings(), child("VRRP"));
        long pid = pre.waitingPids().get("VRRP");
        pre.abandonAndWait();
        assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive());
        assertFalse(childLog().contains("test-child " + pid + ": started"), childLog());
        assertFalse(Files.exists(tmp.resolve("VRRP.pid")));
    }

    @Test
    void childGivenEndOfFileLeavesQuietly() throws Exception {
        // The gate alone (no SIGTERM): a parent that dies before deciding closes the pipe.
        SupervisorSettings settings = settings();
        ProcessBuilder builder = ChildSupervisor.processBuilder(settings, child("VRRP"), Native.getpid())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(settings.output())
                .redirectError(settings.output());
        builder.environment().put(StartGate.ENV, StartGate.STDIN);
        Process p = builder.start();
        try {
            StartGate.abort(p.getOutputStream());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            awaitChildLog("test-child " + p.pid() + ": abandoned at the start gate; exiting");
        } finally {
            p.destroyForcibly();
        }
    }
}
