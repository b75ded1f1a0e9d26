package org.keepalivedjava.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;

/**
 * Server and client over a real Unix socket in one process: the "parent" and "child" are two event loops on the
 * test thread sharing a hand-driven clock, so a child that is hung is simply a loop the test does not turn.
 * Both ends expect this process's own pid. Real-time waits below only bound a hang of the test itself.
 */
class WatchdogLoopbackTest {
    private static final long MS = 1_000_000L;
    private static final long INTERVAL_NS = 1000 * MS;
    private static final long STARTUP_NS = 5000 * MS;
    private static final long HANG_GUARD_MS = 5000;

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock(0);
    private final EventLoop parentLoop = new EventLoop(clock);
    private final EventLoop childLoop = new EventLoop(clock);
    private final int pid = Native.getpid();
    private final int uid = Native.getuid();
    private final List<String> parentEvents = new ArrayList<>();
    private final List<String> childEvents = new ArrayList<>();
    private WatchdogServer server;
    private WatchdogClient client;

    private final WatchdogServer.Listener childListener = new WatchdogServer.Listener() {
        @Override
        public void onParentGone(String reason, long nowNs) {
            childEvents.add("gone: " + reason);
        }

        @Override
        public void onNotice(String message) {
            childEvents.add("notice: " + message);
        }
    };

    private final WatchdogClient.Listener parentListener = new WatchdogClient.Listener() {
        @Override
        public void onConnected(long nowNs) {
            parentEvents.add("connected");
        }

        @Override
        public void onFirstAnswer(long roundTripNs, long nowNs) {
            parentEvents.add("up");
        }

        @Override
        public void onHung(String reason, long nowNs) {
            parentEvents.add("hung: " + reason);
        }

        @Override
        public void onNotice(String message) {
            parentEvents.add("notice: " + message);
        }
    };

    private Path socket() {
        return tmp.resolve("run/child.sock");
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        parentLoop.close();
        childLoop.close();
    }

    /** Turns the loops (the child's only if asked) until the condition holds; fails after the hang guard. */
    private void await(BooleanSupplier condition, boolean turnChild) {
        long giveUp = System.nanoTime() + HANG_GUARD_MS * MS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - giveUp < 0, "condition not reached; parent " + parentEvents
                    + ", child " + childEvents);
            parentLoop.runOnce(2 * MS);
            if (turnChild) {
                childLoop.runOnce(2 * MS);
            }
        }
    }

    /** A few real-time iterations of both loops with the clock standing still: lets IO settle. */
    private void settle(boolean turnChild) {
        for (int i = 0; i < 10; i++) {
            parentLoop.runOnce(2 * MS);
            if (turnChild) {
                childLoop.runOnce(2 * MS);
            }
        }
    }

    private void openServer(long expectedParentPid) throws IOException {
        server = WatchdogServer.open(childLoop, socket(), expectedParentPid, uid, childListener);
    }

    private void startClient(long expectedChildPid, long intervalNs) {
        client = new WatchdogClient(parentLoop, socket(), expectedChildPid, uid, intervalNs, STARTUP_NS, parentListener);
        client.start();
    }

    @Test
    void socketIsOwnerOnlyInAnOwnerOnlyDirectory() throws IOException {
        openServer(pid);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));
        // owned by the process (root in production): nobody else may even connect
        assertEquals(Files.getOwner(java.nio.file.Path.of("/proc/self/")), Files.getOwner(socket()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())));
        server.close();
        assertFalse(Files.exists(socket()), "socket file removed on close");
    }

    @Test
    void helloIsAnsweredFromTheChildLoop() throws IOException {
        openServer(pid);
        startClient(pid, INTERVAL_NS);
        await(() -> parentEvents.contains("up"), true);
        assertEquals(List.of("connected", "up"), parentEvents);
        assertEquals(1, server.hellosAnswered());
        assertTrue(server.parentConnected());
        for (int i = 0; i < 5; i++) {
            clock.advanceNs(INTERVAL_NS);
            long expected = i + 2;
            await(() -> client.tracker().lastAnsweredSequence() == expected, true);
        }
        assertEquals(0, client.tracker().consecutiveMisses());
        assertEquals(WatchdogClient.State.CONNECTED, client.state());
        assertTrue(childEvents.isEmpty(), childEvents.toString());
    }

    @Test
    void clientWaitsForTheChildToOpenItsSocket() throws IOException {
        startClient(pid, INTERVAL_NS);
        settle(false);
        assertEquals(WatchdogClient.State.CONNECTING, client.state());
        clock.advanceNs(1000 * MS);
        settle(false);
        openServer(pid);
        clock.advanceNs(WatchdogClient.CONNECT_RETRY_MS * MS);
        await(() -> parentEvents.contains("up"), true);
    }

    @Test
    void childThatNeverOpensItsSocketIsHungAfterTheStartupTimeout() {
        startClient(pid, INTERVAL_NS);
        settle(false);
        clock.advanceNs(STARTUP_NS - 1);
        settle(false);
        assertTrue(parentEvents.isEmpty(), parentEvents.toString());
        clock.advanceNs(1);
        await(() -> !parentEvents.isEmpty(), false);
        assertTrue(parentEvents.get(0).startsWith("hung: did not open its watchdog socket"), parentEvents.toString());
        assertEquals(WatchdogClient.State.HUNG, client.state());
    }

    @Test
    void withTheWatchdogOffTheClientConnectsButNeverJudges() throws IOException {
        openServer(pid);
        startClient(pid, 0);
        await(() -> parentEvents.contains("connected"), true);
        for (int i = 0; i < 5; i++) {
            clock.advanceNs(INTERVAL_NS);
            settle(false);
        }
        assertEquals(List.of("connected"), parentEvents);
        assertNull(client.tracker());
        assertEquals(0, server.hellosAnswered());
    }

    @Test
    void childLoopNotTurningIsHungAfterTwoMissedIntervals() throws IOException {
        openServer(pid);
        startClient(pid, INTERVAL_NS);
        await(() -> parentEvents.contains("up"), true);
        // From now on the child's loop is "stopped": the kernel still queues the hellos, nobody answers.
        clock.advanceNs(INTERVAL_NS);
        settle(false);
        assertEquals(0, client.tracker().consecutiveMisses());
        clock.advanceNs(INTERVAL_NS);
        settle(false);
        assertEquals(1, client.tracker().consecutiveMisses());
        assertFalse(parentEvents.stream().anyMatch(e -> e.startsWith("hung")));
        clock.advanceNs(INTERVAL_NS);
        await(() -> client.state() == WatchdogClient.State.HUNG, false);
        assertTrue(parentEvents.get(2).startsWith("hung: no answer to 2 hellos in a row"), parentEvents.toString());
    }

    @Test
    void childThatResumesBeforeTheSecondMissRecovers() throws IOException {
        openServer(pid);
        startClient(pid, INTERVAL_NS);
        await(() -> parentEvents.contains("up"), true);
        clock.advanceNs(INTERVAL_NS);
        settle(false);                       // hello 2 sent, child stopped
        clock.advanceNs(INTERVAL_NS);
        settle(false);                       // 2 missed; hello 3 sent
        assertEquals(1, client.tracker().consecutiveMisses());
        await(() -> client.tracker().lastAnsweredSequence() == 3, true); // child resumes: answers 2 and 3
        assertEquals(0, client.tracker().consecutiveMisses());
        clock.advanceNs(INTERVAL_NS);
        await(() -> client.tracker().lastAnsweredSequence() == 4, true);
        assertEquals(WatchdogClient.State.CONNECTED, client.state());
    }

    @Test
    void parentClosingTellsTheChild() throws IOException {
        openServer(pid);
        startClient(pid, INTERVAL_NS);
        await(() -> parentEvents.contains("up"), true);
        client.close();
        await(() -> !childEvents.isEmpty(), true);
        assertTrue(childEvents.get(0).startsWith("gone: watchdog connection to the parent (pid " + pid + ") closed"),
                childEvents.toString());
        assertFalse(server.parentConnected());
    }

    @Test
    void childRefusesAPeerThatIsNotItsParent() throws IOException {
        openServer(pid + 1_000_000); // no such parent: this process is "someone else"
        startClient(pid, INTERVAL_NS);
        await(() -> !childEvents.isEmpty() && client.state() == WatchdogClient.State.DISCONNECTED, true);
        assertTrue(childEvents.get(0).startsWith("notice: Watchdog: refused a connection on " + socket()
                + ": pid " + pid + " is not the expected pid " + (pid + 1_000_000)), childEvents.toString());
        assertFalse(server.parentConnected());
        assertEquals(0, server.hellosAnswered());
        // The parent sees end of stream and keeps judging: the refused child is never "up".
        assertFalse(parentEvents.contains("up"));
    }

    @Test
    void parentRefusesASocketServedByAnotherProcess() throws IOException {
        openServer(pid);
        startClient(pid + 1_000_000, INTERVAL_NS);
        await(() -> parentEvents.stream().anyMatch(e -> e.startsWith("notice: Watchdog: refusing")), true);
        assertEquals(WatchdogClient.State.CONNECTING, client.state());
        assertTrue(parentEvents.get(0).contains("served by pid " + pid + " is not the expected pid"), parentEvents.toString());
        clock.advanceNs(STARTUP_NS);
        await(() -> client.state() == WatchdogClient.State.HUNG, true);
        assertEquals(1, parentEvents.stream().filter(e -> e.startsWith("notice")).count(), "refusal logged once");
    }

    @Test
    void splitHelloFromARawClientIsAnswered() throws IOException {
        openServer(pid);
        try (UnixSocketChannel raw = UnixSocketChannel.open(new UnixSocketAddress(socket().toFile()))) {
            settle(true);
            assertTrue(server.parentConnected());
            ByteBuffer hello = ByteBuffer.allocate(16);
            WatchdogFrame.encode(hello, 0, WatchdogFrame.TYPE_HELLO, 77);
            for (int cut : new int[] {3, 11, 16}) {
                hello.limit(cut);
                raw.write(hello);
                settle(true);
            }
            assertEquals(1, server.hellosAnswered());
            ByteBuffer ack = ByteBuffer.allocate(16);
            while (ack.hasRemaining()) {
                raw.read(ack);
            }
            assertEquals(WatchdogFrame.Status.OK, WatchdogFrame.check(ack, 0));
            assertEquals(WatchdogFrame.TYPE_ACK, WatchdogFrame.type(ack, 0));
            assertEquals(77, WatchdogFrame.sequence(ack, 0));
        }
    }

    @Test
    void badFrameClosesTheConnectionWithANotice() throws IOException {
        openServer(pid);
        try (UnixSocketChannel raw = UnixSocketChannel.open(new UnixSocketAddress(socket().toFile()))) {
            ByteBuffer junk = ByteBuffer.wrap("GET / HTTP/1.0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            raw.write(junk);
            await(() -> !childEvents.isEmpty(), true);
            assertEquals("notice: Watchdog: bad frame from the parent (bad magic 0x47455420); closing", childEvents.get(0));
            assertEquals(-1, raw.read(ByteBuffer.allocate(16)), "server closed the stream");
            assertNotNull(server);
        }
    }

    /** A snapshot bigger than a Unix socket buffer, so the child's writes go through its output queue. */
    private static byte[] bigSnapshot(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void statusIsAnsweredFromTheChildLoopOnlyAndArrivesWhole() throws IOException {
        byte[] snapshot = bigSnapshot(700 * 1024);
        int[] produced = {0};
        server = WatchdogServer.open(childLoop, socket(), pid, uid, childListener, nowNs -> {
            produced[0]++;
            return snapshot;
        });
        startClient(pid, INTERVAL_NS);
        await(() -> parentEvents.contains("up"), true);
        List<byte[]> answers = new ArrayList<>();
        assertTrue(client.requestStatus((payload, nowNs) -> answers.add(payload)));
        settle(false);
        assertEquals(0, produced[0], "no snapshot while the child's loop does not turn");
        assertTrue(answers.isEmpty());
        await(() -> !answers.isEmpty(), true);
        assertEquals(1, produced[0]);
        assertEquals(1, server.statusAnswered());
        assertTrue(java.util.Arrays.equals(snapshot, answers.get(0)), "payload intact");
        // Hellos keep flowing in order behind a big answer.
        long before = client.tracker().lastAnsweredSequence();
        clock.advanceNs(INTERVAL_NS);
        await(() -> client.tracker().lastAnsweredSequence() > before, true);
        assertEquals(WatchdogClient.State.CONNECTED, client.state());
    }

    @Test
    void pendingStatusFailsWhenTheChildGoes() throws IOException {
        openServer(pid);
        startClient(pid, INTERVAL_NS);
        await(() -> parentEvents.contains("up"), true);
        List<String> answers = new ArrayList<>();
        assertTrue(client.requestStatus((payload, nowNs) -> answers.add(payload == null ? "lost" : "answer")));
        server.close();
        server = null;
        await(() -> !answers.isEmpty(), false);
        assertEquals(List.of("lost"), answers);
        assertFalse(client.requestStatus((payload, nowNs) -> answers.add("never")), "not connected any more");
    }

    @Test
    void anEmptySnapshotIsAnAnswer() throws IOException {
        openServer(pid); // no provider: StatusProvider.NONE
        startClient(pid, 0);
        await(() -> parentEvents.contains("connected"), true);
        List<byte[]> answers = new ArrayList<>();
        assertTrue(client.requestStatus((payload, nowNs) -> answers.add(payload)));
        await(() -> !answers.isEmpty(), true);
        assertEquals(0, answers.get(0).length);
    }
}
