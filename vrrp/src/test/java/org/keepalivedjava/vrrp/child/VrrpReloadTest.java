package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP to the real daemon (launcher, parent, VRRP child) in a {@link VrrpLab} namespace, alone on its link so it
 * becomes MASTER: {@code ip monitor address} shows whether a VIP was ever deleted, the pid file whether the child
 * was replaced, the notify recorder whether a state change was announced. The quiet periods after a reload are one
 * and a half advert intervals: long enough for a wrongly restarted instance to have shown itself (it would delete
 * its VIP at once, on entering BACKUP). Root only.
 */
@Tag("root")
class VrrpReloadTest {
    private static final String VIP = "192.0.2.100";
    private static final long GUARD_MS = 20_000;
    private static final long QUIET_MS = 1_500;

    @TempDir
    Path dir;

    private static String instance(String name, int vrid, String... vips) {
        StringBuilder b = new StringBuilder("vrrp_instance " + name + " {\n  state BACKUP\n  interface eth0\n"
                + "  virtual_router_id " + vrid + "\n  priority 100\n  advert_int 1\n"
                + "  notify \"@NOTIFY@ " + name + "\"\n  virtual_ipaddress {\n");
        for (String v : vips) {
            b.append("    ").append(v).append("/24\n");
        }
        return b.append("  }\n}\n").toString();
    }

    private static final String GLOBAL = "global_defs {\n  router_id kj-reload\n}\n";

    /** Rewrites node a's configuration (the daemon re-reads the same file) and sends SIGHUP to the parent. */
    private static long reload(VrrpLab lab, String conf) throws Exception {
        Path file = lab.a.file("conf");
        Files.writeString(file, conf.replace("@NOTIFY@", lab.dir.resolve("rec-a.sh").toString()));
        return lab.a.signalDaemon("HUP");
    }

    private static void awaitLog(VrrpLab lab, int from, String text) throws InterruptedException {
        VrrpLab.waitFor("'" + text + "' in the log", GUARD_MS, () -> lab.a.log().indexOf(text, from) >= 0);
    }

    private static boolean hasAddress(VrrpLab lab, String address) {
        return lab.a.ns.ip("-4", "addr", "show", "dev", "eth0").contains(" " + address + "/");
    }

    /** Starts node a with {@code conf} and waits until VI_1 is MASTER with its VIP and its notify recorded. */
    private static void startMaster(VrrpLab lab, String conf) throws Exception {
        Files.createDirectories(lab.dir);
        lab.a.start(false, conf);
        VrrpLab.waitFor("VIP on a", GUARD_MS, lab.a::hasVip);
        VrrpLab.waitFor("MASTER notify", GUARD_MS, () -> {
            try {
                return lab.a.notifyRecords().stream().anyMatch(r -> r.contains("VI_1|MASTER"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void unchangedAndBrokenConfigurationsChangeNothing() throws Exception {
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), VIP)) {
            String conf = GLOBAL + instance("VI_1", 51, VIP);
            startMaster(lab, conf);
            long child = lab.a.vrrpChildPid();
            List<String> notifies = lab.a.notifyRecords();

            // Unchanged (moved down two lines: only Locations differ).
            int logFrom = lab.a.log().length();
            long hupNs = reload(lab, "# edited\n\n" + conf);
            awaitLog(lab, logFrom, "Reload: kept [VI_1], changed [], regrouped [], removed [], added []");
            Thread.sleep(QUIET_MS);
            assertEquals(-1, lab.a.firstChange(false, hupNs), "the VIP was deleted by an unchanged reload");
            assertTrue(lab.a.hasVip());
            assertEquals(child, lab.a.vrrpChildPid(), "the child was replaced");
            assertEquals(notifies, lab.a.notifyRecords(), "an unchanged reload notified");
            String after = lab.a.log().substring(logFrom);
            assertFalse(after.contains("Entering"), after);

            // Broken: refused by the parent, the child never hears of it.
            logFrom = lab.a.log().length();
            hupNs = reload(lab, conf + "vrrp_instance VI_9 {\n  virtual_router_id 300\n  frobnicate\n}\n");
            awaitLog(lab, logFrom, "Reload refused");
            Thread.sleep(QUIET_MS);
            after = lab.a.log().substring(logFrom);
            assertTrue(after.contains("Unknown keyword 'frobnicate'"), after);
            assertFalse(after.contains("Reloading configuration file"), "the child was signalled:\n" + after);
            assertEquals(-1, lab.a.firstChange(false, hupNs), "the VIP was deleted by a refused reload");
            assertTrue(lab.a.hasVip());
            assertEquals(child, lab.a.vrrpChildPid());
            assertTrue(lab.a.daemon.isAlive());
        }
    }

    @Test
    void addedChangedAndRemovedInstances() throws Exception {
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), VIP)) {
            String vi1 = instance("VI_1", 51, VIP);
            startMaster(lab, GLOBAL + vi1);
            long child = lab.a.vrrpChildPid();

            // One instance added: only it starts; VI_1 stays MASTER, its VIP untouched.
            int logFrom = lab.a.log().length();
            long hupNs = reload(lab, GLOBAL + vi1 + instance("VI_2", 52, "192.0.2.101"));
            awaitLog(lab, logFrom, "Reload: kept [VI_1], changed [], regrouped [], removed [], added [VI_2]");
            awaitLog(lab, logFrom, "(VI_2) Entering BACKUP STATE (init)");
            VrrpLab.waitFor("VI_2's VIP", GUARD_MS, () -> hasAddress(lab, "192.0.2.101"));
            String after = lab.a.log().substring(logFrom);
            assertFalse(after.contains("(VI_1) Entering"), after);
            assertEquals(-1, lab.a.firstChange(false, hupNs), "VI_1's VIP flapped when VI_2 was added");
            assertEquals(child, lab.a.vrrpChildPid());

            // VI_1 changed (one VIP more): it stays MASTER, the old VIP stays, the new one is added.
            logFrom = lab.a.log().length();
            hupNs = reload(lab, GLOBAL + instance("VI_1", 51, VIP, "192.0.2.102")
                    + instance("VI_2", 52, "192.0.2.101"));
            awaitLog(lab, logFrom, "Reload: kept [VI_2], changed [VI_1], regrouped [], removed [], added []");
            VrrpLab.waitFor("VI_1's new VIP", GUARD_MS, () -> hasAddress(lab, "192.0.2.102"));
            Thread.sleep(QUIET_MS);
            after = lab.a.log().substring(logFrom);
            assertFalse(after.contains("Entering"), after);
            assertEquals(-1, lab.a.firstChange(false, hupNs), "VI_1's VIP flapped when its VIP list grew");
            assertTrue(hasAddress(lab, "192.0.2.101"));

            // VI_2 removed: its VIP goes, VI_1's stay.
            logFrom = lab.a.log().length();
            hupNs = reload(lab, GLOBAL + instance("VI_1", 51, VIP, "192.0.2.102"));
            awaitLog(lab, logFrom, "Reload: kept [VI_1], changed [], regrouped [], removed [VI_2], added []");
            VrrpLab.waitFor("VI_2's VIP removed", GUARD_MS, () -> !hasAddress(lab, "192.0.2.101"));
            assertTrue(hasAddress(lab, VIP) && hasAddress(lab, "192.0.2.102"));
            assertEquals(-1, lab.a.firstChange(false, hupNs));
            assertEquals(child, lab.a.vrrpChildPid());
        }
    }

    private static String syncGroup(String name, String... members) {
        return "vrrp_sync_group " + name + " {\n  group {\n    " + String.join("\n    ", members) + "\n  }\n}\n";
    }

    /** The stats dump (SIGUSR2) of this daemon: waits until it lists {@code instance}. */
    private static String stats(VrrpLab lab, String instance) throws Exception {
        Path file = lab.a.tmpDir().resolve("keepalived.stats"); // the node's $TMPDIR (VrrpLab)
        long before = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
        String contentBefore = Files.exists(file) ? Files.readString(file) : "";
        lab.a.signalDaemon("USR2");
        String[] text = {""};
        VrrpLab.waitFor("the stats dump", GUARD_MS, () -> {
            try {
                // A dump left by an earlier run also lists the instance: wait for this one's.
                text[0] = Files.readString(file);
                boolean fresh = Files.getLastModifiedTime(file).toMillis() > before || !text[0].equals(contentBefore);
                return fresh && text[0].contains("VRRP Instance: " + instance + "\n");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return text[0];
    }

    private static String section(String stats, String instance) {
        int from = stats.indexOf("VRRP Instance: " + instance + "\n");
        int to = stats.indexOf("VRRP Instance: ", from + 1);
        return stats.substring(from, to < 0 ? stats.length() : to);
    }

    /**
     * issue 5 / keepalived's reload, as the real keepalived 2.2.7 behaves (run in a namespace with the same steps):
     * two lone masters put in a sync group keep their state (no VIP removed, no state entered again); a member added
     * to that MASTER group starts in BACKUP and takes the others to BACKUP until all become MASTER together. The
     * counters of the rebuilt instances carry on through both reloads (SIGUSR2: "Became master: 2").
     */
    @Test
    void syncGroupMembershipChangesKeepStateAndCounters() throws Exception {
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), VIP)) {
            String sg1 = instance("SG_1", 61, VIP);
            String sg2 = instance("SG_2", 62, "192.0.2.101");
            Files.createDirectories(lab.dir);
            lab.a.start(false, (GLOBAL + sg1 + sg2).replace("@NOTIFY@", lab.dir.resolve("rec-a.sh").toString()));
            VrrpLab.waitFor("both masters", GUARD_MS, () -> lab.a.log().contains("(SG_1) Entering MASTER STATE")
                    && lab.a.log().contains("(SG_2) Entering MASTER STATE"));
            VrrpLab.waitFor("VIPs", GUARD_MS, () -> hasAddress(lab, VIP) && hasAddress(lab, "192.0.2.101"));
            long child = lab.a.vrrpChildPid();

            // Two lone masters put in a sync group: both regrouped, both stay MASTER, the group MASTER at once.
            int logFrom = lab.a.log().length();
            long hupNs = reload(lab, GLOBAL + syncGroup("G1", "SG_1", "SG_2") + sg1 + sg2);
            awaitLog(lab, logFrom, "Reload: kept [], changed [], regrouped [SG_1, SG_2], removed [], added []");
            Thread.sleep(QUIET_MS);
            String after = lab.a.log().substring(logFrom);
            assertFalse(after.contains("Entering"), after);
            assertFalse(after.contains("Syncing instances"), after);
            assertEquals(-1, lab.a.firstChange(false, hupNs), "SG_1's VIP flapped when its group was formed");

            // A third member added to the MASTER group: as keepalived 2.2.7 does (checked in a namespace), the new
            // member starts in BACKUP and takes the group with it; then all become MASTER together.
            String sg3 = instance("SG_3", 63, "192.0.2.103");
            logFrom = lab.a.log().length();
            reload(lab, GLOBAL + syncGroup("G1", "SG_1", "SG_2", "SG_3") + sg1 + sg2 + sg3);
            awaitLog(lab, logFrom, "Reload: kept [], changed [], regrouped [SG_1, SG_2], removed [], added [SG_3]");
            awaitLog(lab, logFrom, "(SG_1) Entering BACKUP STATE");
            awaitLog(lab, logFrom, "(SG_3) Entering MASTER STATE");
            awaitLog(lab, logFrom, "(SG_1) Entering MASTER STATE");
            awaitLog(lab, logFrom, "(SG_2) Entering MASTER STATE");
            VrrpLab.waitFor("all VIPs", GUARD_MS, () -> hasAddress(lab, VIP) && hasAddress(lab, "192.0.2.101")
                    && hasAddress(lab, "192.0.2.103"));
            assertEquals(child, lab.a.vrrpChildPid());

            // The counters of the rebuilt instances carried on through both reloads.
            String stats = stats(lab, "SG_3");
            String why = stats + "\n" + lab.a.log().substring(logFrom);
            assertTrue(section(stats, "SG_1").contains("  Became master: 2\n"), why);
            assertTrue(section(stats, "SG_1").contains("  Released master: 1\n"), why);
            assertTrue(section(stats, "SG_2").contains("  Became master: 2\n"), stats);
            assertTrue(section(stats, "SG_3").contains("  Became master: 1\n"), stats);
        }
    }
}
