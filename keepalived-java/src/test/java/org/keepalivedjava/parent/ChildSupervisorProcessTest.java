package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.os.libc.Consts;

/**
 * The supervisor against real child JVMs ({@link TestChildMain}), watchdog_interval 1 s. No root needed.
 * Bounded waits are hang guards only; timing is asserted through the supervisor's own decisions.
 */
class ChildSupervisorProcessTest {
    private static final long SECOND_NS = 1_000_000_000L;

    @TempDir
    Path tmp;

    private final List<SupervisorHarness> harnesses = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (SupervisorHarness h : harnesses) {
            h.close();
        }
    }

    private SupervisorSettings settings() {
        return SupervisorSettings.defaults()
                .withWatchdogIntervalNs(SECOND_NS)
                .withChildWaitTimeNs(SECOND_NS)
                .withRuntimeDir(tmp.resolve("run"))
                .withOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("children.log").toFile()));
    }

    private ChildSpec child(String... args) {
        return new ChildSpec("VRRP", TestChildMain.class.getName(), ChildSpec.DEFAULT_JVM_FLAGS, List.of(args),
                Optional.of(tmp.resolve("vrrp.pid")), Ident.VRRP);
    }

    private SupervisorHarness start(SupervisorSettings settings, ChildSpec spec) {
        SupervisorHarness h = new SupervisorHarness(settings, List.of(spec));
        harnesses.add(h);
        return h.start();
    }

    private String childLog() throws IOException {
        Path file = tmp.resolve("children.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void stoppedChildIsFoundHungKilledAndReplaced() throws Exception {
        SupervisorHarness h = start(settings(), child());
        long first = h.await("up", 1).pid();
        long stoppedAtNs = System.nanoTime();
        SupervisorHarness.kill(first, 19); // SIGSTOP
        SupervisorHarness.Event hung = h.await("hung", 1);
        long detectedAfterMs = (System.nanoTime() - stoppedAtNs) / 1_000_000;
        assertEquals(first, hung.pid());
        assertTrue(hung.detail().startsWith("no answer to 2 hellos in a row"), hung.detail());
        assertEquals("exited " + first + " exited due to signal 9 (SIGKILL)", h.await("exited", 1).toString());
        long second = h.await("up", 2).pid();
        assertNotEquals(first, second);
        assertEquals(List.of(new RespawnBackoff.Decision(0, SECOND_NS)), h.decisions, "first death: at once");
        assertEquals(second + "\n", Files.readString(tmp.resolve("vrrp.pid")), "pid file names the new child");
        assertTrue(h.log().contains("VRRP child process(" + first + ") is hung"), h.log());
        System.out.println("SIGSTOP to hung verdict: " + detectedAfterMs + " ms (watchdog_interval 1000 ms)");
    }

    @Test
    void loopHungOnASignalIsDetectedToo() throws Exception {
        SupervisorHarness h = start(settings(), child("--hang-on-usr1"));
        long first = h.await("up", 1).pid();
        SupervisorHarness.kill(first, Consts.SIGUSR1);
        assertEquals(first, h.await("hung", 1).pid());
        assertNotEquals(first, h.await("up", 2).pid());
        assertTrue(childLog().contains("test-child " + first + ": SIGUSR1: hanging the loop"), childLog());
    }

    private static org.keepalivedjava.config.lex.ConfigSnapshot snapshot(String... keywords) {
        List<org.keepalivedjava.config.lex.Line> lines = new ArrayList<>();
        for (int i = 0; i < keywords.length; i++) {
            lines.add(new org.keepalivedjava.config.lex.Line(new org.keepalivedjava.config.Location("k.conf", i + 1),
                    List.of(keywords[i])));
        }
        return new org.keepalivedjava.config.lex.ConfigSnapshot(lines);
    }

    @Test
    void childrenGetTheValidatedConfigurationAtStartAndTheNewOneAtReload() throws Exception {
        SupervisorHarness h = start(settings().withConfigSnapshot(Optional.of(snapshot("first_text"))), child());
        long pid = h.await("up", 1).pid();
        Path file = tmp.resolve("run").resolve(org.keepalivedjava.config.lex.ConfigSnapshot.FILE_NAME);
        assertTrue(childLog().contains("test-child " + pid + ": started; snapshot " + file + ": first_text"),
                childLog());
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(file));

        java.util.concurrent.CompletableFuture<Boolean> reloaded = new java.util.concurrent.CompletableFuture<>();
        h.execute(() -> reloaded.complete(h.supervisor.reload(List.of(),
                Optional.of(snapshot("second_text", "more")))));
        assertTrue(reloaded.get(60, java.util.concurrent.TimeUnit.SECONDS));
        long giveUp = System.nanoTime() + 60 * SECOND_NS;
        String expected = "test-child " + pid + ": SIGHUP: reload; snapshot " + file + ": second_text | more";
        while (!childLog().contains(expected) && System.nanoTime() - giveUp < 0) {
            Thread.sleep(20);
        }
        assertTrue(childLog().contains(expected), "the SIGHUPed child reads the new snapshot:\n" + childLog());

        h.requestStop();
        assertTrue(h.awaitStopped());
        assertFalse(Files.exists(file), "the snapshot is removed at stop");
    }

    @Test
    void killedChildIsRespawnedAtOnceThenWithBackOff() throws Exception {
        SupervisorHarness h = start(settings(), child());
        long first = h.await("up", 1).pid();
        SupervisorHarness.kill(first, Consts.SIGKILL);
        long second = h.await("up", 2).pid();
        SupervisorHarness.kill(second, Consts.SIGKILL);   // killed again within 60 s
        long third = h.await("up", 3).pid();
        assertEquals(3, h.spawnedPids.size());
        assertEquals(List.of(first, second, third), h.spawnedPids);
        assertEquals(List.of(new RespawnBackoff.Decision(0, SECOND_NS),
                new RespawnBackoff.Decision(SECOND_NS, 2 * SECOND_NS)), h.decisions);
        // The supervisor honoured the decision: the third spawn came no earlier than 1 s after the second exit.
        long secondExitNs = h.await("exited", 2).nowNs();
        long thirdSpawnNs = h.await("spawned", 3).nowNs();
        assertTrue(thirdSpawnNs - secondExitNs >= SECOND_NS, "respawned " + (thirdSpawnNs - secondExitNs) + " ns after exit");
        assertTrue(h.log().contains("Restart of VRRP process delayed 1 seconds to limit respawn rate"), h.log());
        assertTrue(h.log().contains("VRRP child process(" + first + ") exited due to signal 9 (SIGKILL)"), h.log());
    }

    @Test
    void configErrorExitStopsTheDaemonWithoutRespawn() throws Exception {
        SupervisorHarness h = start(settings(), child("--exit-after-ms", "100", "--exit-code", "4"));
        assertTrue(h.awaitStopped());
        assertEquals(new ChildSupervisor.Outcome(ChildSupervisor.StopCause.CHILD_PERMANENT_ERROR, "VRRP",
                new ChildExit(ChildExit.CONFIG)), h.outcome);
        assertEquals(2, h.outcome.exitStatus());
        assertEquals(1, h.spawnedPids.size(), "no respawn");
        assertTrue(h.decisions.isEmpty());
        assertFalse(Files.exists(tmp.resolve("vrrp.pid")), "pid file removed");
        assertTrue(h.log().contains("exited with permanent error CONFIG. Terminating"), h.log());
    }

    @Test
    void fatalExitStopsTheDaemonWithoutRespawn() throws Exception {
        SupervisorHarness h = start(settings(), child("--exit-after-ms", "100", "--exit-code", "3"));
        assertTrue(h.awaitStopped());
        assertEquals(ChildSupervisor.StopCause.CHILD_PERMANENT_ERROR, h.outcome.cause());
        assertEquals(1, h.outcome.exitStatus());
        assertEquals(1, h.spawnedPids.size());
    }

    @Test
    void ordinaryFailureExitIsRespawned() throws Exception {
        SupervisorHarness h = start(settings(), child("--exit-after-ms", "1500", "--exit-code", "2"));
        SupervisorHarness.Event exited = h.await("exited", 1);
        assertEquals("exited with status 2", exited.detail());
        h.await("spawned", 2);
        assertEquals(new RespawnBackoff.Decision(0, SECOND_NS), h.decisions.get(0));
    }

    @Test
    void dontRespawnStopsTheDaemonWhenAChildDies() throws Exception {
        SupervisorHarness h = start(settings().withRespawn(false), child());
        long pid = h.await("up", 1).pid();
        SupervisorHarness.kill(pid, Consts.SIGKILL);
        assertTrue(h.awaitStopped());
        assertEquals(ChildSupervisor.StopCause.CHILD_DIED_NO_RESPAWN, h.outcome.cause());
        assertEquals(1, h.spawnedPids.size());
        assertTrue(h.log().contains("VRRP child process(" + pid + ") died: Exiting"), h.log());
    }

    @Test
    void orderlyStopEndsAChildWithSigterm() throws Exception {
        SupervisorHarness h = start(settings().withChildWaitTimeNs(30 * SECOND_NS), child());
        long pid = h.await("up", 1).pid();
        assertEquals(pid + "\n", Files.readString(tmp.resolve("vrrp.pid")));
        h.requestStop();
        assertTrue(h.awaitStopped());
        assertEquals(ChildSupervisor.StopCause.REQUESTED, h.outcome.cause());
        assertEquals(0, h.outcome.exitStatus());
        assertEquals("exited with status 0", h.await("exited", 1).detail(), "clean exit, no SIGKILL needed");
        assertFalse(Files.exists(tmp.resolve("vrrp.pid")), "pid file removed");
        assertFalse(Files.exists(tmp.resolve("run/vrrp.sock")), "child removed its socket");
        assertFalse(h.log().contains("did not stop within child_wait_time"), h.log());
    }

    @Test
    void orderlyStopKillsAChildIgnoringTermAfterChildWaitTime() throws Exception {
        SupervisorHarness h = start(settings(), child("--ignore-term", "--ignore-eof"));
        long pid = h.await("up", 1).pid();
        h.requestStop();
        assertTrue(h.awaitStopped());
        assertEquals("exited due to signal 9 (SIGKILL)", h.await("exited", 1).detail());
        assertTrue(h.log().contains("VRRP child process(" + pid + ") did not stop within child_wait_time (1000 ms);"
                + " sending SIGKILL"), h.log());
        assertTrue(childLog().contains("test-child " + pid + ": ignoring SIGTERM"), childLog());
        assertEquals(1, h.spawnedPids.size(), "no respawn while stopping");
    }

    @Test
    void childIgnoringTermStillLeavesOnWatchdogEndOfStream() throws Exception {
        SupervisorHarness h = start(settings().withChildWaitTimeNs(30 * SECOND_NS), child("--ignore-term"));
        long pid = h.await("up", 1).pid();
        h.requestStop();
        assertTrue(h.awaitStopped());
        assertEquals("exited with status 0", h.await("exited", 1).detail());
        assertTrue(childLog().contains("test-child " + pid + ": watchdog connection to the parent"), childLog());
    }
}
