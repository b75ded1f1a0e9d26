package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;

/**
 * A parent JVM ({@link TestSupervisorMain}) run with NOTIFY_SOCKET pointing at this test's datagram socket, as
 * systemd runs a Type=notify service: READY=1 comes after the child is up and names the parent as MAINPID, the
 * child does not inherit the socket, SIGTERM brings STOPPING=1. No root needed; waits are hang guards.
 */
class SystemdNotifyProcessTest {
    private static final long GUARD_MS = 30_000;

    @TempDir
    Path tmp;

    @Test
    void readyAfterTheChildIsUpThenStoppingOnSigterm() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (NotifySocketReceiver systemd = new NotifySocketReceiver(tmp.resolve("notify").toString())) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TestSupervisorMain.class.getName(),
                    tmp.resolve("run").toString(), "1000")
                    .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("parent.log").toFile()));
            pb.environment().put(SystemdNotifier.ENV, systemd.name());
            Process parent = pb.start();
            long child = -1;
            try {
                Thread reader = new Thread(() -> {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        in.lines().forEach(lines::add);
                    } catch (java.io.IOException e) {
                        // parent gone
                    }
                });
                reader.setDaemon(true);
                reader.start();
                child = Long.parseLong(awaitLine(lines, "SPAWNED ").substring(8).split(" ")[0]); // "SPAWNED pid name"
                String ready = systemd.next();
                // The parent prints UP before it notifies (the order itself is ServiceNotificationsTest's).
                assertEquals("UP " + child, awaitLine(lines, "UP "));
                assertEquals("READY=1\nMAINPID=" + parent.pid(), ready);
                String environ = Files.readString(Path.of("/proc", Long.toString(child), "environ"));
                assertFalse(environ.contains(SystemdNotifier.ENV + "="), "the child does not inherit NOTIFY_SOCKET");
                assertNull(systemd.next(200), "nothing else while running");

                Native.kill((int) parent.pid(), Consts.SIGTERM);
                systemd.expect("STOPPING=1");
                assertTrue(parent.waitFor(GUARD_MS, TimeUnit.MILLISECONDS));
                assertEquals(0, parent.exitValue());
                assertNull(systemd.next(100), "STOPPING only once");
            } finally {
                parent.destroyForcibly();
                if (child > 0) {
                    ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (System.nanoTime() - giveUp < 0) {
            for (String line : List.copyOf(lines)) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        fail("no '" + prefix + "' line within the hang guard: " + lines);
        return null;
    }
}
