package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * track_file in the running child, keepalived-java 150 against keepalived 100 (VRRPv2 multicast): keepalived-java
 * tracks a file with weight -1. Writing 60 to it lowers its priority to 90 and the peer (which preempts) takes the
 * VIP; writing 0 brings it back to 150 and it preempts back.
 */
@Tag("root")
class TrackFileInteropTest {
    @TempDir
    Path dir;

    @Test
    void aValueInTheTrackedFileMovesTheVipAndBack() throws Exception {
        KeepalivedInteropTest.Variant v = new KeepalivedInteropTest.Variant("VRRPv2 multicast track_file",
                "192.0.2.100", "  track_file {\n    tf weight -1\n  }\n", "", 1);
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), v.vip())) {
            Files.createDirectories(lab.dir);
            VrrpLab.Node ours = lab.a;
            VrrpLab.Node peer = lab.b;
            Path tracked = lab.dir.resolve("tracked-value");
            try {
                String trackFile = "track_file tf {\n  file " + tracked + "\n  init_file 0 overwrite\n}\n";
                ours.start(false, trackFile + v.conf(150, "192.0.2.1", "192.0.2.2"));
                VrrpLab.waitFor("VIP on keepalived-java", 15_000, ours::hasVip);
                assertTrue(Files.readString(tracked).equals("0\n"), "init_file wrote 0");
                peer.start(true, KeepalivedInteropTest.V2_MULTICAST.conf(100, "192.0.2.2", "192.0.2.1"));
                Thread.sleep((long) v.downIntervalMs(100) + 1000);
                assertTrue(ours.hasVip() && !peer.hasVip(), "keepalived-java is master");

                long lowered = System.nanoTime();
                Files.writeString(tracked, "60\n");
                VrrpLab.waitFor("peer preempts after the file lowered our priority to 90", 10_000,
                        () -> peer.hasVip() && !ours.hasVip());
                System.out.printf("file 60 -> peer MASTER in %.1f ms%n", (peer.firstChange(true, lowered) - lowered)
                        / 1e6);
                String log = ours.log();
                assertTrue(log.contains("(VI_1) Entering BACKUP STATE"), log);

                long raised = System.nanoTime();
                Files.writeString(tracked, "0\n");
                VrrpLab.waitFor("keepalived-java preempts back at 150", 15_000,
                        () -> ours.firstChange(true, raised) > 0 && !peer.hasVip());
                assertTrue(lab.longestOverlapNs() <= 1_000_000_000L, "VIP on both for " + lab.longestOverlapNs());
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- ours:\n" + ours.log() + "\n--- peer:\n"
                        + peer.log(), e);
            } finally {
                ours.kill();
                peer.kill();
            }
        }
    }
}
