package org.keepalivedjava.checkers.check.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.config.model.script.NotifyScript;

/** MISC_CHECK with real scripts (test ScriptExecutor adapter), timing on the manual clock. */
class MiscCheckFsmTest {
    static final long S = Harness.S;

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private MiscCheckFsm misc(Harness h, Path script, long retry, boolean dynamic) {
        var c = Harness.common(InetAddress.getLoopbackAddress(), 80, retry, 2, 10, false);
        var config = new CheckerConfig.MiscCheck(c, new NotifyScript(List.of(script.toString()), null, null, null),
                TimeUnit.SECONDS.toMicros(5), dynamic, null);
        return (MiscCheckFsm) Checks.create(config, h.context, h);
    }

    private static void runScript(Harness h, MiscCheckFsm check) {
        h.nextAttempt(check);
    }

    @Test
    void exitZeroUpExitOneDownAfterRetriesWithKeepalivedsLines() throws Exception {
        Path flag = dir.resolve("fail");
        Path s = script("check.sh", "[ -e " + flag + " ] && exit 1; exit 0");
        try (Harness h = new HarnessWithScripts().h) {
            MiscCheckFsm check = misc(h, s, 1, false);
            check.start(h.now());
            runScript(h, check);
            assertTrue(check.isUp());
            String rs = "[127.0.0.1]:tcp:80";
            assertEquals("Misc check for [" + rs + " VS " + rs + "] by [" + s + "] succeeded.", h.log.get(0));
            Files.writeString(flag, "x");
            runScript(h, check);
            assertTrue(check.isUp(), "retry 1 of 1");
            assertEquals("Misc check for [" + rs + " VS " + rs + "] by [" + s
                    + "] failed after 1 retries (exited with status 1).", h.log.get(1),
                    "log_all_failures shows the retried failure (keepalived prints the same text)");
            assertEquals(h.now() + 2 * S, check.nextAttemptAtNs(), "delay_before_retry from the run's start");
            runScript(h, check);
            assertFalse(check.isUp());
            assertEquals(List.of(new Harness.Event(false, "=> MISC CHECK failed on service <=", -1, h.now())),
                    h.events);
            assertEquals(h.now() + 10 * S, check.nextAttemptAtNs());
        }
    }

    @Test
    void dynamicExitCodesAskForWeightsAndTimeoutIsAFailure() throws Exception {
        Path code = dir.resolve("code");
        Files.writeString(code, "5");
        Path s = script("dyn.sh", "exit $(cat " + code + ")");
        try (Harness h = new HarnessWithScripts().h) {
            MiscCheckFsm check = misc(h, s, 0, true);
            check.start(h.now());
            runScript(h, check);
            assertTrue(check.isUp());
            assertEquals(new Harness.Event(true, "misc_dynamic weight 3", 3, h.now()), h.events.get(0));
            Files.writeString(code, "0");
            runScript(h, check);
            assertEquals(-1, h.events.get(1).weight(), "exit 0 restores the configured weight");
            Files.writeString(code, "1");
            runScript(h, check);
            assertFalse(check.isUp(), "exit 1 fails even with misc_dynamic");

            Path slow = script("slow.sh", "sleep 30");
            var c = Harness.common(InetAddress.getLoopbackAddress(), 80, 0, 2, 10, false);
            MiscCheckFsm timed = (MiscCheckFsm) Checks.create(new CheckerConfig.MiscCheck(c,
                    new NotifyScript(List.of(slow.toString()), null, null, null), 200_000, false, null), h.context, h);
            timed.start(h.now());
            runScript(h, timed);
            assertFalse(timed.isUp());
            assertTrue(h.log.get(h.log.size() - 1).endsWith("] timed out."), h.log::toString);
        }
    }

    /** A harness whose loop feeds a real-process executor. */
    static final class HarnessWithScripts {
        final Harness h;

        HarnessWithScripts() {
            Harness[] holder = new Harness[1];
            ScriptExecutorBridge bridge = new ScriptExecutorBridge();
            holder[0] = new Harness(bridge);
            bridge.delegate = new ProcessScriptExecutor(holder[0].loop);
            h = holder[0];
        }
    }

    /** Lets the executor be built after the loop it posts to. */
    static final class ScriptExecutorBridge implements org.keepalivedjava.checkers.check.ScriptExecutor {
        org.keepalivedjava.checkers.check.ScriptExecutor delegate;

        @Override
        public Running run(List<String> argv, String user, String group, long timeoutNs,
                           java.util.function.Consumer<Outcome> onDone) {
            return delegate.run(argv, user, group, timeoutNs, onDone);
        }
    }
}
