package org.keepalivedjava.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.daemon.DaemonContext;
import org.apache.commons.daemon.DaemonController;
import org.apache.commons.daemon.DaemonInitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.cli.Platform;
import org.keepalivedjava.log.SyslogTransport;

/**
 * The Commons Daemon life cycle in this JVM, as jsvc drives it, with a configuration that has nothing to run (the
 * parent then idles until stopped, as keepalived does). No root needed; waits are hang guards.
 */
class KeepalivedDaemonTest {
    private static final long GUARD_MS = 30_000;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();

    private KeepalivedDaemon daemon() {
        long pid = ProcessHandle.current().pid();
        Platform platform = new Platform(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), java.time.Clock.systemDefaultZone(), pid,
                p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false), HostView.system(),
                () -> SyslogTransport.NONE, env::get);
        return new KeepalivedDaemon(platform);
    }

    private static DaemonContext context(String... args) {
        return new DaemonContext() {
            @Override
            public DaemonController getController() {
                return null;
            }

            @Override
            public String[] getArguments() {
                return args;
            }
        };
    }

    private String idleConfig() throws Exception {
        return Files.writeString(dir.resolve("idle.conf"), "global_defs {\n    router_id lb1\n}\n").toString();
    }

    private String log() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void awaitLog(String text) throws InterruptedException {
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (!log().contains(text)) {
            if (System.nanoTime() - giveUp > 0) {
                fail("no '" + text + "' in the log:\n" + log());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void initStartStopDestroy() throws Exception {
        Path pidFile = dir.resolve("k.pid");
        KeepalivedDaemon d = daemon();
        d.init(context("-l", "-G", "-f", idleConfig(), "-p", pidFile.toString()));
        assertFalse(d.isRunning(), "init does not start anything");
        assertFalse(Files.exists(pidFile));
        d.start();
        awaitLog("Warning - keepalived has no configuration to run");
        assertTrue(d.isRunning(), "idles until stopped");
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pidFile));
        assertEquals(-1, d.exitStatus());

        d.stop(); // returns once the launcher has finished
        assertFalse(d.isRunning());
        assertEquals(0, d.exitStatus());
        assertFalse(Files.exists(pidFile), "pid file removed");
        assertTrue(log().contains("Stopped keepalived-java"), log());
        d.destroy();
    }

    @Test
    void stopRacingTheStartIsNotLost() throws Exception {
        KeepalivedDaemon d = daemon();
        d.init(context("-l", "-G", "-f", idleConfig(), "-p", dir.resolve("k.pid").toString()));
        d.start();
        d.stop(); // very likely before the supervisor runs: remembered by the StopSwitch
        assertFalse(d.isRunning());
        assertEquals(0, d.exitStatus());
        assertFalse(Files.exists(dir.resolve("k.pid")));
    }

    @Test
    void aFailingStartEndsTheThreadWithTheLaunchersStatus() throws Exception {
        KeepalivedDaemon d = daemon();
        d.init(context("-l", "-G", "-f", dir.resolve("absent.conf").toString(), "-p", dir.resolve("k.pid").toString()));
        d.start();
        d.stop();
        assertEquals(6, d.exitStatus(), log());
    }

    @Test
    void initRejectsWhatDoesNotRunTheDaemon() {
        DaemonInitException bad = assertThrows(DaemonInitException.class,
                () -> daemon().init(context("--frobnicate")));
        assertTrue(bad.getMessage().contains("frobnicate"), bad.getMessage());
        assertThrows(DaemonInitException.class, () -> daemon().init(context("-t", "-f", "x.conf")));
        assertThrows(DaemonInitException.class, () -> daemon().init(context("-v")));
        assertThrows(DaemonInitException.class, () -> daemon().init(context("-f", "x.conf", "stray")));
        assertThrows(IllegalStateException.class, () -> daemon().start(), "start before init");
    }
}
