package org.keepalivedjava.checkers.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.child.CheckerChild;
import org.keepalivedjava.checkers.lvs.FakeCheck;
import org.keepalivedjava.checkers.lvs.InMemoryIpvs;
import org.keepalivedjava.checkers.lvs.IpvsProgrammer;
import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;
import org.keepalivedjava.smtp.AlertSink;

/**
 * SIGUSR1's /tmp/keepalived_check.data against the real keepalived 2.2.7's for the same configuration and the same
 * verdicts, recorded in a UML guest with IPVS (resources keepalived-2.2.7/check-data.conf and .data: real servers on
 * the guest's loopback, nothing listening on the TCP and HTTP ones, the MISC_CHECK /usr/bin/true not run yet at the
 * dump). The "Global definitions", "LVS Topology" and "Health checkers" parts must have the same lines in the same
 * order; values are compared except the timing and run-history fields ({@link #MASKED}).
 */
class CheckDataDumpTest {
    /** Timing fields, and what depends on how many attempts ran before the signal. */
    static final Set<String> MASKED = Set.of("connection timeout", "delay_loop", "Delay loop", "Has run",
            "Retries iterations", "Last ran");

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(1_000_000_000_000L);
    final EventLoop loop = new EventLoop(clock);

    @AfterEach
    void close() {
        loop.close();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CheckDataDumpTest.class.getResourceAsStream("/keepalived-2.2.7/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The whole dump, from "------< Global definitions >------" on. */
    private static List<String> checkerPart(String dump) {
        List<String> lines = List.of(dump.split("\n"));
        int from = lines.indexOf("------< Global definitions >------");
        assertTrue(from >= 0, dump);
        return lines.subList(from, lines.size());
    }

    private static String key(String line) {
        int eq = line.indexOf(" = ");
        return (eq < 0 ? line : line.substring(0, eq)).trim();
    }

    @Test
    void sameLinesAsKeepalivedModuloTimingFields() throws Exception {
        Diagnostics d = new Diagnostics();
        KeepalivedConfig config = ConfigLoader.loadText("check-data.conf", resource("check-data.conf"),
                LoadOptions.defaults(), HostView.system(), d).config();
        Map<String, FakeCheck> checks = new LinkedHashMap<>();
        LvsNotifier notifier = new LvsNotifier((argv, user, group, timeoutNs, onDone) -> () -> { }, line -> { },
                AlertSink.NONE);
        List<String> log = new ArrayList<>();
        CheckContext context = new CheckContext(loop, null, null, new SplittableRandom(1), log::add);
        Path dumpFile = dir.resolve("keepalived_check.data");
        CheckerChild child = new CheckerChild(config, loop, IpvsProgrammer.of(new InMemoryIpvs(), log::add),
                (checker, ctx, listener, rs, vs) -> {
                    FakeCheck c = new FakeCheck(checker, listener, true);
                    checks.put(rs, c);
                    return c;
                }, context, notifier, CheckerChild.AlertDefaults.NONE, log::add, true, dumpFile, () -> { });
        child.start(clock.nanoTime());
        // The recorded verdicts: nothing listens on the TCP and HTTP real servers; the MISC_CHECK passes.
        checks.get("[127.0.0.1]:tcp:80").report(false);
        checks.get("[127.0.0.2]:tcp:8080").report(false);
        child.dump();

        List<String> ours = checkerPart(Files.readString(dumpFile));
        List<String> theirs = checkerPart(resource("check-data.data"));
        assertEquals(theirs.stream().map(CheckDataDumpTest::key).toList(),
                ours.stream().map(CheckDataDumpTest::key).toList(), "the same lines in the same order:\n"
                        + String.join("\n", ours));
        for (int i = 0; i < theirs.size(); i++) {
            if (!MASKED.contains(key(theirs.get(i)))) {
                assertEquals(theirs.get(i), ours.get(i), "line " + i + " of\n" + String.join("\n", ours));
            }
        }
    }
}
