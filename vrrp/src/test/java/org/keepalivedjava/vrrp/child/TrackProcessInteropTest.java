package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vrrp_track_process as a user meets it: keepalived-java (priority 150) tracks a process with weight -60, the real
 * keepalived 2.2.7 (priority 100) is its peer. While the process runs keepalived-java owns the VIP; stopping the
 * process lowers it to 90 and keepalived takes the VIP over; starting it again brings 150 back and keepalived-java
 * preempts. The process is a copy of sleep(1) under a name no other process has. Root only (namespaces).
 */
@Tag("root")
class TrackProcessInteropTest {
    static final String VIP = "192.0.2.100";

    @TempDir
    Path dir;

    static String conf(int priority, String process) {
        String tracking = process == null ? "" : "  track_process {\n    sleeper\n  }\n";
        String block = process == null ? "" : "vrrp_track_process sleeper {\n  process " + process
                + "\n  weight -60\n}\n";
        return "global_defs {\n  router_id kj" + priority + "\n}\n" + block + "vrrp_instance VI_1 {\n  state BACKUP\n"
                + "  interface eth0\n  virtual_router_id 51\n  priority " + priority + "\n  advert_int 1\n"
                + "  virtual_ipaddress {\n    " + VIP + "/24\n  }\n" + tracking + "}\n";
    }

    @Test
    void stoppingTheTrackedProcessHandsTheVipToKeepalivedAndRestartingItTakesItBack() throws Exception {
        String name = "kjtpi" + ProcessHandle.current().pid() % 10_000_000;
        Path binary = dir.resolve(name);
        Files.copy(Path.of("/bin/sleep"), binary, StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(dir.resolve("lab"));
        Process sleeper = new ProcessBuilder(binary.toString(), "3600").start();
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), VIP)) {
            VrrpLab.Node ours = lab.a;
            VrrpLab.Node peer = lab.b;
            try {
                ours.start(false, conf(150, name));
                VrrpLab.waitFor("VIP on keepalived-java's node", 30_000, ours::hasVip);
                peer.start(true, conf(100, null));
                VrrpLab.waitFor("keepalived in BACKUP", 30_000, () -> peer.log().contains("Entering BACKUP STATE"));

                long stopNs = System.nanoTime();
                sleeper.destroy();
                assertTrue(sleeper.waitFor(30, TimeUnit.SECONDS));
                VrrpLab.waitFor("the VIP on keepalived's node only", 30_000, () -> peer.hasVip() && !ours.hasVip());
                long handedMs = (System.nanoTime() - stopNs) / 1_000_000;
                assertTrue(ours.log().contains("Quorum lost for tracked process sleeper"), ours.log());
                assertTrue(ours.log().contains("(VI_1) Changing effective priority from 150 to 90"), ours.log());

                long startNs = System.nanoTime();
                sleeper = new ProcessBuilder(binary.toString(), "3600").start();
                VrrpLab.waitFor("the VIP back on keepalived-java's node only", 30_000,
                        () -> ours.firstChange(true, startNs) > 0 && ours.hasVip() && !peer.hasVip());
                long backMs = (System.nanoTime() - startNs) / 1_000_000;
                assertTrue(ours.log().contains("Quorum gained for tracked process sleeper"), ours.log());
                System.out.printf("track_process: VIP handed over %d ms after the process stopped, back %d ms after"
                        + " it started (poll interval %d ms)%n", handedMs, backMs,
                        TrackProcesses.POLL_INTERVAL_NS / 1_000_000);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- ours:\n" + ours.log() + "\n--- keepalived:\n"
                        + peer.log(), e);
            } finally {
                ours.kill();
                peer.kill();
            }
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
