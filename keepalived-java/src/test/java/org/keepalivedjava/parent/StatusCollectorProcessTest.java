package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.parent.control.StatusCollector;
import org.keepalivedjava.parent.control.StatusReport;

/**
 * The parent's status collection against real child JVMs ({@link TestChildMain}): each answer comes from the child
 * it names, and a child whose loop hangs is reported silent once the collection's deadline passes, without delaying
 * the others' answers. watchdog_interval is long so the watchdog does not replace the hung child meanwhile. No root.
 */
class StatusCollectorProcessTest {
    private static final long SECOND_NS = 1_000_000_000L;

    @TempDir
    Path tmp;

    private ChildSpec child(String name, String... args) {
        return new ChildSpec(name, TestChildMain.class.getName(), ChildSpec.DEFAULT_JVM_FLAGS, List.of(args),
                Optional.of(tmp.resolve(name + ".pid")), Ident.VRRP);
    }

    private static StatusReport collect(SupervisorHarness h, long timeoutNs) throws Exception {
        CompletableFuture<StatusReport> report = new CompletableFuture<>();
        assertTrue(h.onLoop(() -> StatusCollector.collect(h.loop(), h.supervisor, 1, timeoutNs,
                System::currentTimeMillis, report::complete)));
        return report.get(SupervisorHarness.HANG_GUARD_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void answersComeFromEachChildAndAHungOneIsReportedSilent() throws Exception {
        SupervisorSettings settings = SupervisorSettings.defaults()
                .withWatchdogIntervalNs(60 * SECOND_NS)
                .withChildWaitTimeNs(SECOND_NS)
                .withRuntimeDir(tmp.resolve("run"))
                .withOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("children.log").toFile()));
        try (SupervisorHarness h = new SupervisorHarness(settings,
                List.of(child("VRRP", "--hang-on-usr1"), child("Checker")))) {
            h.start();
            h.await("up", 2); // both children answer their watchdog
            long vrrpPid = h.supervisor.pid("VRRP").orElseThrow();
            long checkerPid = h.supervisor.pid("Checker").orElseThrow();

            StatusReport both = collect(h, 30 * SECOND_NS);
            assertEquals(List.of("VRRP", "Checker"), both.children().stream().map(StatusReport.Child::name).toList());
            assertEquals(vrrpPid, both.children().get(0).status().counters().get("pid"));
            assertEquals(checkerPid, both.children().get(1).status().counters().get("pid"));
            assertEquals(vrrpPid, both.children().get(0).pid());
            assertTrue(both.children().get(0).up());

            SupervisorHarness.kill(vrrpPid, Consts.SIGUSR1); // the VRRP child's loop now blocks for ever
            // The hang takes effect when the child's loop reads the signal; until then an answer may still come.
            StatusReport hung = null;
            long giveUp = System.nanoTime() + SupervisorHarness.HANG_GUARD_MS * 1_000_000L;
            while (System.nanoTime() - giveUp < 0) {
                hung = collect(h, SECOND_NS / 2);
                if (hung.children().get(0).status() == null) {
                    break;
                }
            }
            StatusReport.Child silent = hung.children().get(0);
            assertNull(silent.status(), "the hung child never answers");
            assertEquals("no answer in time (busy or hung)", silent.problem());
            assertEquals(checkerPid, hung.children().get(1).status().counters().get("pid"),
                    "the other child's answer is in the same report");
            assertNull(hung.children().get(1).problem());
            h.requestStop();
            assertTrue(h.awaitStopped());
        }
    }
}
