package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.watchdog.WatchdogFrame;

/**
 * The parent in its own JVM ({@link TestSupervisorMain}, which runs {@link SupervisorRunner#run}) with one
 * {@link TestChildMain}: what happens when the parent is SIGKILLed or SIGTERMed, and what the child's watchdog
 * socket does with a stranger (this test JVM is not the child's parent). No root needed. Waits are hang guards.
 */
class ParentProcessTest {
    private static final long GUARD_MS = 30_000;

    @TempDir
    Path tmp;

    private final List<Process> parents = new ArrayList<>();
    private final List<Long> children = new ArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @AfterEach
    void cleanUp() {
        for (Process p : parents) {
            p.destroyForcibly();
        }
        for (long pid : children) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Path runtimeDir() {
        return tmp.resolve("run");
    }

    private Path parentLog() {
        return tmp.resolve("parent.log");
    }

    private Process startParent(String... childArgs) throws IOException {
        return startParent(List.of(), childArgs);
    }

    private Process startParent(List<String> jvmFlags, String... childArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TestSupervisorMain.class.getName(),
                runtimeDir().toString(), "1000"));
        command.addAll(List.of(childArgs));
        Process parent = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(parentLog().toFile()))
                .start();
        parents.add(parent);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The parent died: no more lines.
            }
        }, "parent-stdout");
        reader.setDaemon(true);
        reader.start();
        return parent;
    }

    /** The next stdout line of the parent starting with {@code prefix} (others are skipped). */
    private String awaitLine(String prefix) throws Exception {
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (System.nanoTime() - giveUp < 0) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        fail("no '" + prefix + "' line from the parent within the hang guard; log:\n" + log());
        return null;
    }

    private long awaitChildUp() throws Exception {
        long pid = Long.parseLong(awaitLine("UP ").substring(3));
        children.add(pid);
        return pid;
    }

    private String log() throws IOException {
        return Files.exists(parentLog()) ? Files.readString(parentLog()) : "";
    }

    /** Alive and not a zombie (a reparented child may wait a while for init to reap it). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits (hang guard) until {@code pid} is no longer running; returns the ms it took. */
    private static long awaitGone(long pid) throws InterruptedException {
        long start = System.nanoTime();
        while (running(pid)) {
            if (System.nanoTime() - start > GUARD_MS * 1_000_000L) {
                fail("process " + pid + " still running after the hang guard");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void childDiesWithItsParentThroughTheDeathSignal() throws Exception {
        Process parent = startParent();
        long child = awaitChildUp();
        Native.kill((int) parent.pid(), Consts.SIGKILL);
        parent.waitFor();
        long ms = awaitGone(child);
        System.out.println("parent SIGKILLed -> child gone in " + ms + " ms (PR_SET_PDEATHSIG)");
        // The kernel was asked for SIGTERM on the parent's death (read back with PR_GET_PDEATHSIG in the child).
        assertTrue(log().contains("test-child " + child + ": parent death signal " + Consts.SIGTERM), log());
        // The death signal and the watchdog end of stream race; either is a clean exit with the parent.
        assertTrue(log().contains("test-child " + child + ": SIGTERM; exiting")
                || log().contains("test-child " + child + ": watchdog connection to the parent (pid " + parent.pid()
                        + ") closed: end of stream; exiting"), log());
    }

    @Test
    void childIgnoringTermDiesWithItsParentThroughWatchdogEndOfStream() throws Exception {
        Process parent = startParent("--ignore-term");
        long child = awaitChildUp();
        Native.kill((int) parent.pid(), Consts.SIGKILL);
        parent.waitFor();
        long ms = awaitGone(child);
        System.out.println("parent SIGKILLed -> TERM-ignoring child gone in " + ms + " ms (watchdog end of stream)");
        // PDEATHSIG's SIGTERM (ignored by this child) and the watchdog end of stream race; whichever the child
        // sees first, it must leave through end of stream.
        assertTrue(log().contains("test-child " + child + ": watchdog connection to the parent (pid " + parent.pid()
                + ") closed: end of stream; exiting"), log());
    }

    @Test
    void watchdogSocketRefusesAClientThatIsNotTheParent() throws Exception {
        Process parent = startParent();
        long child = awaitChildUp();
        Path socket = runtimeDir().resolve("checker.sock");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        java.util.Set<PosixFilePermission> dirMode = Files.getPosixFilePermissions(runtimeDir());
        assertEquals("rwx------", PosixFilePermissions.toString(dirMode));
        assertFalse(dirMode.contains(PosixFilePermission.OTHERS_WRITE));

        try (UnixSocketChannel stranger = UnixSocketChannel.open(new UnixSocketAddress(socket.toFile()))) {
            ByteBuffer hello = ByteBuffer.allocate(WatchdogFrame.LENGTH_BYTES);
            WatchdogFrame.encode(hello, 0, WatchdogFrame.TYPE_HELLO, 1);
            try {
                stranger.write(hello);
            } catch (IOException e) {
                // Already closed by the child: as good as a refusal.
            }
            ByteBuffer answer = ByteBuffer.allocate(WatchdogFrame.LENGTH_BYTES);
            int n;
            try {
                n = stranger.read(answer);
            } catch (IOException e) {
                n = -1; // reset by the child
            }
            assertEquals(-1, n, "the child closed the stranger's connection without answering");
        }
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        String expected = "test-child " + child + ": Watchdog: refused a connection on " + socket + ": pid "
                + Native.getpid() + " is not the expected pid " + parent.pid();
        while (!log().contains(expected)) {
            assertTrue(System.nanoTime() - giveUp < 0, "refusal not logged; log:\n" + log());
            Thread.sleep(20);
        }
        assertTrue(running(child), "the child is unaffected");
        assertFalse(log().contains("is hung"), "the parent's own watchdog connection is unaffected");
    }

    @Test
    void sigtermToTheParentStopsItAndItsChildInOrder() throws Exception {
        Process parent = startParent();
        long child = awaitChildUp();
        Native.kill((int) parent.pid(), Consts.SIGTERM);
        assertEquals("EXITED " + child + " exited with status 0", awaitLine("EXITED "));
        assertEquals("STOPPED REQUESTED", awaitLine("STOPPED "));
        assertTrue(parent.waitFor(GUARD_MS, TimeUnit.MILLISECONDS));
        assertEquals(0, parent.exitValue());
        assertFalse(running(child));
        assertFalse(Files.exists(runtimeDir().resolve("checker.sock")), "socket removed by the child");
    }

    /** Waits (hang guard) until the parent's log holds {@code text}. */
    private void awaitLog(String text) throws Exception {
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (!log().contains(text)) {
            if (System.nanoTime() - giveUp > 0) {
                fail("no '" + text + "' in the log within the hang guard; log:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void sighupWithAValidConfigurationReloadsTheRunningChild() throws Exception {
        Path conf = tmp.resolve("conf");
        Files.writeString(conf, "ok\n");
        Process parent = startParent(List.of("-D" + TestSupervisorMain.RELOAD_FILE + "=" + conf));
        long child = awaitChildUp();
        Native.kill((int) parent.pid(), Consts.SIGHUP);
        awaitLog("test-child " + child + ": SIGHUP: reload");
        assertTrue(parent.isAlive());
        assertTrue(running(child), "the child was reloaded, not replaced");
    }

    @Test
    void sighupWithABrokenConfigurationLeavesTheChildAlone() throws Exception {
        Path conf = tmp.resolve("conf");
        Files.writeString(conf, "bad\n");
        Process parent = startParent(List.of("-D" + TestSupervisorMain.RELOAD_FILE + "=" + conf));
        long child = awaitChildUp();
        Native.kill((int) parent.pid(), Consts.SIGHUP);
        awaitLog("Reload refused");
        assertTrue(log().contains("test configuration error"), log());
        // Then a good file: its reload is the first the child hears of, so the refused one never reached it.
        Files.writeString(conf, "ok\n");
        Native.kill((int) parent.pid(), Consts.SIGHUP);
        awaitLog("test-child " + child + ": SIGHUP: reload");
        assertEquals(1, count(log(), "test-child " + child + ": SIGHUP: reload"), log());
        assertTrue(running(child));
    }

    @Test
    void sighupStartsAChildTheNewConfigurationNeeds() throws Exception {
        Path conf = tmp.resolve("conf");
        Files.writeString(conf, "ok\n");
        Process parent = startParent(List.of("-D" + TestSupervisorMain.RELOAD_FILE + "=" + conf));
        long first = awaitChildUp();
        Files.writeString(conf, "ok\nsecond\n");
        Native.kill((int) parent.pid(), Consts.SIGHUP);
        String spawned = awaitLine("SPAWNED ");
        assertTrue(spawned.endsWith(" VRRP"), spawned);
        long second = awaitChildUp();
        assertTrue(second != first);
        awaitLog("test-child " + first + ": SIGHUP: reload");
        // A second reload signals both, and starts nothing more.
        Native.kill((int) parent.pid(), Consts.SIGHUP);
        awaitLog("test-child " + second + ": SIGHUP: reload");
        assertEquals(2, count(log(), "test-child " + first + ": SIGHUP: reload"), log());
        assertEquals(1, count(log(), "The new configuration needs the VRRP child process"), log());
    }
}
