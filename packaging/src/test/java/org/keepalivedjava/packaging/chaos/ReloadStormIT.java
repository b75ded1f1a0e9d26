package org.keepalivedjava.packaging.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.packaging.chaos.ChaosLab.Kind;
import org.keepalivedjava.packaging.chaos.ChaosLab.Node;

/**
 * Reload storm against a running pair: keepalived-java (a, master of VI_1 and VI_2, with a virtual server so its
 * checker child runs too) and the real keepalived (b, backup). 100 SIGHUPs to a's parent in 10 s, the configuration
 * file replaced (atomically, as configuration management does) before each one, alternating:
 * <ul>
 *   <li>valid: the base (VI_1, VI_2) or the base plus VI_3 (a new instance, VIP .102);</li>
 *   <li>invalid: VI_1 at priority 10 (it would go BACKUP and drop .100 if applied), a new VI_4 (VIP .103), and an
 *       error (virtual_router_id 256 in VI_5).</li>
 * </ul>
 * Judged: the unchanged instances never flap (ip monitor: .100 and .101 never deleted on a, never on b); the
 * invalid configuration is never applied (.103 never appears, VI_1 stays MASTER, "(VI_4)" never logged); no leak:
 * the open descriptors (/proc/PID/fd) of the three processes are back to their count before the storm, and the
 * RSS grows by at most {@link #RSS_BOUND_KB} (sampled during the storm, reported). The same three processes
 * survive the storm. -Dchaos.long=true runs 5 storms back to back.
 */
@Tag("root")
class ReloadStormIT {
    static final String TEST = "reload-storm";
    static final String VIP1 = "192.0.2.100";
    static final String VIP2 = "192.0.2.101";
    static final String VIP3 = "192.0.2.102";
    static final String VIP4 = "192.0.2.103";
    static final int SIGHUPS = 100;
    static final long STORM_MS = 10_000;
    static final int FD_BOUND = 3;
    static final long RSS_BOUND_KB = 48 * 1024;
    static final long GUARD_MS = 60_000;

    private long stormStartNs;

    @Test
    void hundredSighupsInTenSecondsAlternatingValidAndInvalid() throws Exception {
        try (ChaosLab lab = new ChaosLab(ChaosSettings.labDir(TEST), List.of(Kind.KEEPALIVED_JAVA, Kind.KEEPALIVED),
                List.of(VIP1, VIP2, VIP3, VIP4))) {
            Node a = lab.node("a");
            Node b = lab.node("b");
            String base = ChaosConfigs.global("chaos-a", true, "")
                    + ChaosConfigs.instance("VI_1", 51, 150, VIP1, "")
                    + ChaosConfigs.instance("VI_2", 52, 150, VIP2, "")
                    + ChaosConfigs.virtualServer(VIP1, a.address);
            String withVi3 = base + ChaosConfigs.instance("VI_3", 53, 150, VIP3, "");
            String invalid = ChaosConfigs.global("chaos-a", true, "")
                    + ChaosConfigs.instance("VI_1", 51, 10, VIP1, "")
                    + ChaosConfigs.instance("VI_2", 52, 150, VIP2, "")
                    + ChaosConfigs.virtualServer(VIP1, a.address)
                    + ChaosConfigs.instance("VI_4", 54, 150, VIP4, "")
                    + ChaosConfigs.instance("VI_5", 256, 150, "192.0.2.104", "");
            a.writeConf(base);
            b.writeConf(ChaosConfigs.global("chaos-b", false, "")
                    + ChaosConfigs.instance("VI_1", 51, 100, VIP1, "")
                    + ChaosConfigs.instance("VI_2", 52, 100, VIP2, ""));
            a.start();
            b.start();
            ChaosLab.await("a master of both", GUARD_MS, () -> a.running(true) && b.running(false)
                    && lab.vip(VIP1).holdersAt(System.nanoTime()).equals(Set.of("a"))
                    && lab.vip(VIP2).holdersAt(System.nanoTime()).equals(Set.of("a")));
            long[] pids = {a.parentPid(), a.vrrpPid(), a.checkerPid()};
            String[] names = {"parent", "VRRP child", "checker child"};
            Thread.sleep(2_000); // let the JVMs finish warming up before the baseline
            long[] fdBefore = new long[3];
            long[] rssBefore = new long[3];
            for (int i = 0; i < 3; i++) {
                fdBefore[i] = fds(pids[i]);
                rssBefore[i] = rssKb(pids[i]);
            }
            long stormStart = System.nanoTime();
            stormStartNs = stormStart;
            long[] rssMax = rssBefore.clone();
            long[] fdMax = fdBefore.clone();
            int storms = ChaosSettings.LONG ? 5 : 1;
            int valid = 0;
            int invalids = 0;
            for (int s = 0; s < storms; s++) {
                for (int i = 0; i < SIGHUPS; i++) {
                    long at = stormStart + (s * SIGHUPS + i) * STORM_MS * 1_000_000L / SIGHUPS;
                    String text = i % 2 == 1 ? invalid : (i % 4 == 0 ? withVi3 : base);
                    if (i % 2 == 1) {
                        invalids++;
                    } else {
                        valid++;
                    }
                    replace(a.conf(), text);
                    ChaosLab.signal(pids[0], "HUP");
                    for (int p = 0; p < 3; p++) {
                        rssMax[p] = Math.max(rssMax[p], rssKb(pids[p]));
                        fdMax[p] = Math.max(fdMax[p], fds(pids[p]));
                    }
                    long wait = (at + STORM_MS * 1_000_000L / SIGHUPS - System.nanoTime()) / 1_000_000L;
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
            }
            long stormMs = (System.nanoTime() - stormStart) / 1_000_000;
            replace(a.conf(), base);
            ChaosLab.signal(pids[0], "HUP");
            ChaosLab.await("VI_3 gone again after the last (base) reload", GUARD_MS,
                    () -> lab.vip(VIP3).holdersAt(System.nanoTime()).isEmpty());
            Thread.sleep(3_000); // the last reload's work and any script/timer it left done
            long[] fdAfter = new long[3];
            long[] rssAfter = new long[3];
            for (int i = 0; i < 3; i++) {
                fdAfter[i] = fds(pids[i]);
                rssAfter[i] = rssKb(pids[i]);
                ChaosSettings.report(TEST, names[i] + " (" + pids[i] + "): fds " + fdBefore[i] + " -> max "
                        + fdMax[i] + " -> " + fdAfter[i] + "; RSS " + rssBefore[i] / 1024 + " -> max "
                        + rssMax[i] / 1024 + " -> " + rssAfter[i] / 1024 + " MiB");
            }
            String log = a.logText();
            long refusals = log.lines().filter(l -> l.contains("virtual_router_id") || l.contains("256")).count();
            ChaosSettings.report(TEST, storms * SIGHUPS + " SIGHUPs (" + valid + " valid, " + invalids
                    + " invalid) in " + stormMs + " ms; VIP events on a: .100 " + deletions(lab, VIP1) + " deletions, "
                    + ".101 " + deletions(lab, VIP2) + " deletions, .102 (VI_3, added/removed by design) "
                    + lab.vip(VIP3).events().size() + " events, .103 (invalid) " + lab.vip(VIP4).events().size()
                    + " events; error lines about the invalid config: " + refusals);

            for (int i = 0; i < 3; i++) {
                assertTrue(ChaosLab.alive(pids[i]), names[i] + " survived the storm");
                assertTrue(fdAfter[i] - fdBefore[i] <= FD_BOUND, names[i] + " leaks descriptors: " + fdBefore[i]
                        + " -> " + fdAfter[i]);
                assertTrue(rssAfter[i] - rssBefore[i] <= RSS_BOUND_KB, names[i] + " RSS grew from "
                        + rssBefore[i] + " to " + rssAfter[i] + " kB");
            }
            assertEquals(pids[1], a.vrrpPid(), "the VRRP child was never replaced");
            assertEquals(0, deletions(lab, VIP1), "VI_1 (unchanged in every valid config) flapped: "
                    + lab.vip(VIP1).events());
            assertEquals(0, deletions(lab, VIP2), "VI_2 flapped: " + lab.vip(VIP2).events());
            assertEquals(List.of(), lab.vip(VIP4).events(), "the invalid configuration's VI_4 was applied");
            assertFalse(log.contains("(VI_4)"), "VI_4 of the invalid configuration appears in the log");
            assertFalse(log.contains("(VI_1) Entering BACKUP STATE\n"), "VI_1 took the invalid priority 10");
            assertTrue(refusals > 0, "the invalid configurations' errors are logged");
            assertEquals(Set.of("a"), lab.vip(VIP1).holdersAt(System.nanoTime()));
            assertEquals(Set.of("a"), lab.vip(VIP2).holdersAt(System.nanoTime()));
        }
    }

    /** Deletions of the VIP on a (the reloaded node) from the storm's start on. */
    private long deletions(ChaosLab lab, String vip) {
        return lab.vip(vip).events().stream().filter(e -> !e.present() && e.node().equals("a")
                && e.atNs() - stormStartNs >= 0).count();
    }

    /** Write then rename, so a reader sees the old file or the new one, never half of one. */
    private static void replace(Path conf, String text) throws IOException {
        Path tmp = conf.resolveSibling(conf.getFileName() + ".new");
        Files.writeString(tmp, text);
        Files.move(tmp, conf, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static long fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }
}
