package org.keepalivedjava.parent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;

/**
 * The control socket over a real Unix socket, its loop on its own thread as in the parent, the CLI's client on the
 * test thread. Deadlines only bound a hang of the test; outcomes are what is judged.
 */
class ControlServerTest {
    private static final long TIMEOUT_MS = 20_000;

    @TempDir
    Path tmp;

    private EventLoop loop;
    private Thread loopThread;
    private final List<String> notices = new ArrayList<>();
    private final List<ControlProtocol.Request> requests = new ArrayList<>();

    @BeforeEach
    void startLoop() {
        loop = new EventLoop(Clock.SYSTEM);
        loopThread = new Thread(loop::run, "control-test-loop");
        loopThread.start();
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        loop.execute(loop::stop);
        loopThread.join(TIMEOUT_MS);
        loop.close();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        assertTrue(loop.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }));
        try {
            return result.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private ControlServer open(Path socket) throws Exception {
        return onLoop(() -> ControlServer.open(loop, socket, Native.getuid(), (request, reply) -> {
            synchronized (requests) {
                requests.add(request);
            }
            switch (request) {
                case STATUS -> reply.send(true, "table\n");
                case STATUS_JSON -> reply.send(true, "{}\n");
                case RELOAD -> reply.send(false, "(/etc/x.conf: Line 3) bad\n");
                case STOP -> reply.sendAndHold(true, "Stopping\n");
                default -> reply.send(false, "?\n");
            }
        }, notices::add));
    }

    @Test
    void answersEachRequestAndLivesInAPrivatePlace() throws Exception {
        Path socket = tmp.resolve("run/kj/control.sock");
        ControlServer server = open(socket);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals(new ControlClient.Response(true, "table\n"),
                ControlClient.send(socket, ControlProtocol.Request.STATUS, TIMEOUT_MS));
        assertEquals(new ControlClient.Response(true, "{}\n"),
                ControlClient.send(socket, ControlProtocol.Request.STATUS_JSON, TIMEOUT_MS));
        assertEquals(new ControlClient.Response(false, "(/etc/x.conf: Line 3) bad\n"),
                ControlClient.send(socket, ControlProtocol.Request.RELOAD, TIMEOUT_MS));
        onLoop(() -> {
            server.close();
            return null;
        });
        assertFalse(Files.exists(socket), "socket removed on close");
    }

    @Test
    void aSilentClientDoesNotHoldUpOthers() throws Exception {
        Path socket = tmp.resolve("control.sock");
        open(socket);
        try (SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.connect(UnixDomainSocketAddress.of(socket));
            assertEquals(new ControlClient.Response(true, "table\n"),
                    ControlClient.send(socket, ControlProtocol.Request.STATUS, TIMEOUT_MS));
        }
    }

    @Test
    void unknownRequestGetsAnError() throws Exception {
        Path socket = tmp.resolve("control.sock");
        open(socket);
        assertEquals("ERROR\nunknown request 'bogus'\n", raw(socket, "bogus\n"));
        assertEquals("ERROR\nrequest too long (at most 128 bytes)\n", raw(socket, "y".repeat(300)));
        assertTrue(requests.isEmpty(), "nothing reached the commands");
    }

    @Test
    void stopAnswersAtOnceAndTheStreamEndsWhenTheServerCloses() throws Exception {
        Path socket = tmp.resolve("control.sock");
        ControlServer server = open(socket);
        CompletableFuture<ControlClient.Response> stop = CompletableFuture.supplyAsync(() -> {
            try {
                return ControlClient.send(socket, ControlProtocol.Request.STOP, TIMEOUT_MS);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        // The client waits until the server closes (the parent's exit).
        long giveUp = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        while (true) {
            synchronized (requests) {
                if (requests.contains(ControlProtocol.Request.STOP)) {
                    break;
                }
            }
            assertTrue(System.nanoTime() - giveUp < 0, "stop request never arrived");
            Thread.onSpinWait();
        }
        assertFalse(stop.isDone(), "the client still waits for the stop to complete");
        onLoop(() -> {
            server.close();
            return null;
        });
        assertEquals(new ControlClient.Response(true, "Stopping\n"), stop.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void aStaleSocketIsReplacedALiveOneIsNot() throws Exception {
        Path socket = tmp.resolve("control.sock");
        // A stale socket file: bound, then its owner went away without removing it.
        java.nio.channels.ServerSocketChannel stale = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        stale.bind(UnixDomainSocketAddress.of(socket));
        stale.close(); // the JDK leaves the file behind
        assertTrue(Files.exists(socket));
        open(socket);
        assertEquals(new ControlClient.Response(true, "table\n"),
                ControlClient.send(socket, ControlProtocol.Request.STATUS, TIMEOUT_MS));
        IOException second = assertThrows(IOException.class, () -> open(socket));
        assertTrue(second.getMessage().contains("served by another running daemon"), second.getMessage());
        assertEquals(new ControlClient.Response(true, "table\n"),
                ControlClient.send(socket, ControlProtocol.Request.STATUS, TIMEOUT_MS), "the first one still serves");
    }

    @Test
    void aDirectoryOthersMayWriteIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> open(dir.resolve("control.sock")));
        assertTrue(e.getMessage().contains("writable by others"), e.getMessage());
    }

    @Test
    void noDaemonMeansUnreachable() {
        assertThrows(ControlClient.UnreachableException.class,
                () -> ControlClient.send(tmp.resolve("none.sock"), ControlProtocol.Request.STATUS, TIMEOUT_MS));
    }

    private static String raw(Path socket, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (c.read(in) >= 0) {
                // until the server closes
            }
            in.flip();
            return StandardCharsets.UTF_8.decode(in).toString();
        }
    }
}
