package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived's JSON signal end to end, as a user meets it: {@code kill -s $(keepalived --signum=JSON) PARENT} on
 * the full keepalived-java daemon (started as the launcher does, under {@code env --block-signal=RTMIN+2}) and on
 * the real keepalived 2.2.7 with the same instance; both write keepalived.json in their $TMPDIR (keepalived's own
 * rule, {@link VrrpLab} gives each node one). The two files must have the same keys in the same order, and each
 * must state its own side of the election. Root only.
 */
@Tag("root")
class JsonSignalEndToEndTest {
    static final String VIP = "192.0.2.100";
    static final int JSON_SIGNAL = 36;
    private static final Pattern KEY = Pattern.compile("\"([a-z_]+)\":");

    @TempDir
    Path dir;

    static String conf(int priority) {
        return "global_defs {\n  router_id kj" + priority + "\n}\nvrrp_instance VI_1 {\n  state BACKUP\n"
                + "  interface eth0\n  virtual_router_id 51\n  priority " + priority + "\n  advert_int 1\n"
                + "  virtual_ipaddress {\n    " + VIP + "/24\n  }\n}\n";
    }

    @Test
    void theJsonSignalToEitherParentWritesKeepalivedJsonWithKeepalivedsKeys() throws Exception {
        Files.createDirectories(dir.resolve("lab"));
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), VIP)) {
            VrrpLab.Node ours = lab.a;
            VrrpLab.Node peer = lab.b;
            ours.start(false, conf(150));
            VrrpLab.waitFor("VIP on keepalived-java's node", 30_000, ours::hasVip);
            peer.start(true, conf(100));
            ours.vrrpChildPid();
            VrrpLab.waitFor("keepalived's VRRP child", 30_000, () -> Files.exists(peer.file("vrrp.pid")));
            Path ourJson = ours.tmpDir().resolve("keepalived.json");
            Path peerJson = peer.tmpDir().resolve("keepalived.json");
            // keepalived reads the signal once its VRRP child runs; repeat until both have written (idempotent).
            long deadline = System.nanoTime() + 30_000_000_000L;
            do {
                ours.signalDaemon(Integer.toString(JSON_SIGNAL));
                peer.signalDaemon(Integer.toString(JSON_SIGNAL));
                Thread.sleep(500); // a poll interval, not a synchronisation: the loop judges the files
            } while (!(Files.exists(ourJson) && read(peerJson).contains("\"state\":1,"))
                    && System.nanoTime() - deadline < 0);
            String our = read(ourJson);
            String theirs = read(peerJson);
            assertTrue(ours.daemon.isAlive(), "the signal's default action did not end keepalived-java\n"
                    + ours.log());
            assertTrue(our.startsWith("[{\"data\":{\"iname\":\"VI_1\","), our);
            assertTrue(our.contains("\"state\":2,\"wantstate\":2,"), "keepalived-java is MASTER: " + our);
            assertTrue(our.contains("\"vips\":[\"192.0.2.100\\/24 dev eth0 scope global set\"]"), our);
            assertTrue(theirs.contains("\"state\":1,\"wantstate\":1,"), "keepalived is BACKUP: " + theirs);
            assertEquals(keys(theirs), keys(our), "same keys in the same order as keepalived 2.2.7\nours:   "
                    + our + "\ntheirs: " + theirs);
            assertTrue(ours.log().contains("Printing VRRP as json for process("), ours.log());
            assertFalse(Files.list(ours.tmpDir()).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                    "no temp file left beside keepalived.json");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static List<String> keys(String json) {
        List<String> keys = new ArrayList<>();
        Matcher m = KEY.matcher(json);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
