package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.testing.Netns;

/**
 * The notify scripts' argv and the vrrp_notify_fifo lines of keepalived-java and of the real keepalived 2.2.7,
 * compared for the same configuration in the same scenario (issue 4's last test): each node runs the SAME file
 * except its priority (keepalived-java 150, keepalived 100): a sync group G1 of VI_1 and VI_3, VI_2 with
 * {@code unicast_fault_no_peer} and no peer (FAULT from the start), {@code vrrp_startup_delay 1}. Scenario:
 * keepalived-java starts and becomes MASTER, keepalived starts as BACKUP, SIGTERM to keepalived-java (keepalived
 * becomes MASTER), SIGTERM to keepalived. Both nodes thus go BACKUP -> MASTER -> STOP, so after replacing the
 * priority the two records must be equal: the FIFO lines in their order, the script calls per script (scripts run
 * concurrently, so only each script's own order is defined). Root only.
 */
@Tag("root")
class NotifyComparisonTest {
    static final String VIP = "192.0.2.100";

    @TempDir
    Path dir;

    static String conf(int priority, Path fifo) {
        return "global_defs {\n  router_id kj" + priority + "\n  vrrp_startup_delay 1\n  vrrp_notify_fifo " + fifo
                + "\n}\n"
                + "vrrp_sync_group G1 {\n  group {\n    VI_1\n    VI_3\n  }\n  notify \"@NOTIFY@ G1\"\n"
                + "  notify_master \"@NOTIFY@ G1-master\"\n}\n"
                + instance("VI_1", 51, priority, VIP, "  notify \"@NOTIFY@ VI_1\"\n  notify_backup \"@NOTIFY@ VI_1-backup"
                        + " 'two words'\"\n  notify_stop @NOTIFY@\n")
                + instance("VI_3", 53, priority, "192.0.2.103", "  notify \"@NOTIFY@ VI_3\"\n")
                + instance("VI_2", 52, priority, "192.0.2.102", "  unicast_fault_no_peer\n"
                        + "  notify \"@NOTIFY@ VI_2\"\n  notify_fault \"@NOTIFY@ VI_2-fault\"\n");
    }

    static String instance(String name, int vrid, int priority, String vip, String extra) {
        return "vrrp_instance " + name + " {\n  state BACKUP\n  interface eth0\n  virtual_router_id " + vrid
                + "\n  priority " + priority + "\n  advert_int 1\n" + extra + "  virtual_ipaddress {\n    " + vip
                + "/24\n  }\n}\n";
    }

    /** Reads a FIFO until every writer has closed it (the daemon exited). */
    static final class FifoReader extends Thread {
        final Path fifo;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        FifoReader(Path fifo) {
            super("fifo " + fifo);
            this.fifo = fifo;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (BufferedReader r = Files.newBufferedReader(fifo, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read error: " + e);
            }
        }

        List<String> snapshot() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }
    }

    @Test
    void notifyArgvAndFifoLinesEqualKeepalivedsForTheSameScenario() throws Exception {
        Files.createDirectories(dir.resolve("lab"));
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), VIP)) {
            VrrpLab.Node ours = lab.a;
            VrrpLab.Node peer = lab.b;
            Path ourFifo = dir.resolve("a.fifo");
            Path peerFifo = dir.resolve("b.fifo");
            Netns.run("mkfifo", ourFifo.toString(), peerFifo.toString());
            FifoReader ourLines = new FifoReader(ourFifo);
            FifoReader peerLines = new FifoReader(peerFifo);
            ourLines.start();
            peerLines.start();
            try {
                ours.start(false, conf(150, ourFifo));
                VrrpLab.waitFor("keepalived-java MASTER of G1", 30_000,
                        () -> has(ourLines, "GROUP \"G1\" MASTER"));
                peer.start(true, conf(100, peerFifo));
                VrrpLab.waitFor("keepalived BACKUP in G1", 30_000,
                        () -> has(peerLines, "GROUP \"G1\" BACKUP"));
                ours.signalDaemon("TERM");
                ours.awaitExit(30_000);
                VrrpLab.waitFor("keepalived MASTER of G1", 30_000,
                        () -> has(peerLines, "GROUP \"G1\" MASTER"));
                peer.signalDaemon("TERM");
                peer.awaitExit(30_000);
                ourLines.join(30_000);
                peerLines.join(30_000);

                List<String> ourFifoLines = normalised(ourLines.snapshot(), "150");
                List<String> peerFifoLines = normalised(peerLines.snapshot(), "100");
                assertTrue(peerFifoLines.contains("INSTANCE \"VI_2\" FAULT P"), peerFifoLines.toString());
                assertEquals(peerFifoLines, ourFifoLines, "vrrp_notify_fifo lines, keepalived then ours");
                // the scripts finish after the daemons' exit at worst by their own timeout; wait for the last ones
                VrrpLab.waitFor("the STOP notifications of both", 30_000, () -> records(ours).size()
                        == records(peer).size() && records(peer).toString().contains("STOP"));
                assertEquals(byScript(records(peer), "100"), byScript(records(ours), "150"),
                        "notify script argv per script, keepalived then ours");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- fifo ours: " + ourLines.snapshot()
                        + "\n--- fifo keepalived: " + peerLines.snapshot() + "\n--- notify ours: " + records(ours)
                        + "\n--- notify keepalived: " + records(peer) + "\n--- ours:\n" + ours.log()
                        + "\n--- keepalived:\n" + peer.log(), e);
            } finally {
                ours.kill();
                peer.kill();
            }
        }
    }

    /** A line beginning with {@code prefix} (GROUP lines end with priority 0, INSTANCE lines with the priority). */
    private static boolean has(FifoReader reader, String prefix) {
        return reader.snapshot().stream().anyMatch(l -> l.startsWith(prefix + " "));
    }

    private static List<String> records(VrrpLab.Node node) {
        try {
            return node.notifyRecords();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The priority (the one configuration difference) replaced by P. */
    private static List<String> normalised(List<String> lines, String priority) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.replaceAll("(^|[ |])" + priority + "($|[ |])", "$1P$2"));
        }
        return out;
    }

    /** Script calls grouped by the script (argv[1], the tag the configuration gives each one), each in its order. */
    private static Map<String, List<String>> byScript(List<String> records, String priority) {
        Map<String, List<String>> by = new TreeMap<>();
        for (String r : normalised(records, priority)) {
            String[] argv = r.split("\\|", -1);
            // A one-word call (e.g. "VI_2-fault", or an empty argv) is its own script: different scripts run
            // concurrently, so only each one's own order is defined.
            String script = argv.length > 1 && !argv[0].isEmpty() ? argv[0] : "(one word) " + r;
            by.computeIfAbsent(script, k -> new ArrayList<>()).add(r);
        }
        return by;
    }
}
