package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.packaging.DistributionIT.Run;

/**
 * Without -n the BUILT launcher daemonizes (issue 5): the command returns once the parent runs, the parent lives
 * on in a session of its own, re-parented, with stdio on /dev/null, and SIGTERM stops it and removes its pid
 * file. A start that fails is reported by the command. No root needed (pid files in a temporary directory).
 * Waits are hang guards; the measured start time is printed.
 */
class DaemonizeIT {
    static final long GUARD_MS = 60_000;

    @TempDir
    Path tmp;

    private final List<Long> daemons = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (long pid : daemons) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }

    private Run launcher(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(DistributionIT.LAUNCHER.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return DistributionIT.run(tmp, Map.of(), cmd);
    }

    private Path idleConfig() throws IOException {
        return Files.writeString(tmp.resolve("idle.conf"), "global_defs {\n    router_id lb1\n}\n");
    }

    /** Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, [2] pgrp, [3] session, [4] tty. */
    static String[] stat(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    static boolean running(long pid) {
        try {
            String state = stat(pid)[0];
            return !state.equals("Z") && !state.equals("X");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void withoutMinusNTheCommandReturnsAndTheDaemonLivesOnUntilSigterm() throws Exception {
        Path pidFile = tmp.resolve("k.pid");
        long t0 = System.nanoTime();
        Run r = launcher("-l", "-G", "-f", idleConfig().toString(), "-p", pidFile.toString());
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out() + r.err(), "a successful start is silent");
        assertTrue(Files.exists(pidFile), "the pid file is written when the command returns");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        daemons.add(pid);
        System.out.println("daemonized start (launcher command to return): " + startMs + " ms");

        assertTrue(running(pid), "the daemon runs");
        String[] st = stat(pid);
        assertEquals(Long.toString(pid), st[3], "a session of its own (setsid)");
        assertEquals("0", st[4], "no controlling terminal");
        long ppid = Long.parseLong(st[1]);
        assertNotEquals(ProcessHandle.current().pid(), ppid, "not our child");
        assertTrue(ppid == 1 || isSubreaper(ppid), "re-parented to init or a subreaper, got parent " + ppid);
        for (int fd = 0; fd <= 2; fd++) {
            assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd",
                    Integer.toString(fd))), "fd " + fd);
        }
        assertTrue(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).contains("org.keepalivedjava.cli.Main"));

        // A second start with the same pid file: "daemon is already running", status 0, the first one untouched.
        Run again = launcher("-G", "-f", idleConfig().toString(), "-p", pidFile.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(pid + "\n", Files.readString(pidFile));

        ProcessHandle.of(pid).orElseThrow().destroy(); // SIGTERM
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (running(pid) || Files.exists(pidFile)) {
            if (System.nanoTime() - giveUp > 0) {
                fail("daemon " + pid + " still running or pid file left after SIGTERM");
            }
            Thread.sleep(20);
        }
        assertFalse(Files.exists(pidFile), "pid file removed");
    }

    @Test
    void aFailedStartIsReportedWithTheDaemonsStatus() throws Exception {
        Path pidFile = tmp.resolve("k.pid");
        Run r = launcher("-l", "-G", "-f", tmp.resolve("absent.conf").toString(), "-p", pidFile.toString());
        assertEquals(6, r.status(), "keepalived's status for a missing configuration: " + r.err());
        assertTrue(r.err().contains("absent.conf"), r.err());
        assertFalse(Files.exists(pidFile));
    }

    @Test
    void foregroundOptionsDoNotDaemonize() throws Exception {
        Run v = launcher("--vers");
        assertEquals(0, v.status());
        assertTrue(v.err().startsWith("keepalived-java v"), "-v prints to the caller: " + v.err());
        Run t = launcher("-lt", "-f", idleConfig().toString());
        assertEquals(0, t.status(), t.err());
    }

    private static boolean isSubreaper(long pid) throws IOException {
        // The kernel does not show PR_SET_CHILD_SUBREAPER in /proc; an ancestor of this JVM that adopted the
        // daemon is one by definition (the launcher script that started it has exited).
        return ProcessHandle.current().parent().map(p -> isAncestorOrSelf(p, pid)).orElse(false);
    }

    private static boolean isAncestorOrSelf(ProcessHandle h, long pid) {
        for (ProcessHandle p = h; p != null; p = p.parent().orElse(null)) {
            if (p.pid() == pid) {
                return true;
            }
        }
        return false;
    }
}
