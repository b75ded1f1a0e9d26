package org.keepalivedjava.parent.control;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
import static org.keepalivedjava.os.libc.Consts.EPOLLOUT;
import static org.keepalivedjava.os.libc.Consts.EPOLLRDHUP;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jnr.unixsocket.Credentials;
import jnr.unixsocket.UnixServerSocketChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import jnr.unixsocket.UnixSocketOptions;

import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Registration;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.watchdog.RuntimeDir;

/**
 * The parent's control socket: a Unix stream socket (mode 0600, in a directory only its owner can write) on the
 * parent's {@link EventLoop}, spoken to by {@code keepalived-java --status/--reload/--stop} ({@link ControlClient}).
 *
 * <p>Protocol, one exchange per connection: the client sends one request line ({@link ControlProtocol});
 * the server answers {@code OK} or {@code ERROR} on the first line, then a body, and closes the stream (for
 * {@code stop}: when the parent exits, so the client sees the stop complete).
 *
 * <p>Who may talk: SO_PEERCRED uid 0 or the daemon's own uid; anyone else gets an {@code ERROR} line and the door.
 * The 0600 mode already keeps others out; the credential check holds even if the mode or directory were loosened.
 *
 * <p>Never blocks the loop: everything is non-blocking; a request is at most {@link ControlProtocol#MAX_REQUEST_BYTES}
 * (longer: refused); a client that does not finish its request, or does not read its answer, within
 * {@link #CONNECTION_TIMEOUT_NS} is dropped; at most {@link #MAX_CONNECTIONS} at once (more wait in the backlog).
 * Loop thread only.
 */
public final class ControlServer implements AutoCloseable {
    /** What the commands do; the server only frames them. Loop thread. */
    public interface Commands {
        /** Calls {@code reply} (now or later, on the loop thread) with the answer to the request. */
        void handle(ControlProtocol.Request request, Reply reply);
    }

    /** The answer to one request. */
    public interface Reply {
        /** Sends the answer and closes the connection. */
        void send(boolean ok, String body);

        /** Sends the answer but keeps the connection open until the server closes (the parent's exit). */
        void sendAndHold(boolean ok, String body);
    }

    static final long CONNECTION_TIMEOUT_NS = 30_000_000_000L;
    static final int MAX_CONNECTIONS = 16;
    private static final int BACKLOG = 8;
    private static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");

    private final EventLoop loop;
    private final Path path;
    private final int allowedUid;
    private final Commands commands;
    private final UnixServerSocketChannel server;
    private final Registration serverRegistration;
    private final List<Connection> connections = new ArrayList<>();
    private final java.util.function.Consumer<String> notices;
    private boolean closed;

    private ControlServer(EventLoop loop, Path path, int allowedUid, Commands commands,
                          java.util.function.Consumer<String> notices, UnixServerSocketChannel server) {
        this.loop = loop;
        this.path = path;
        this.allowedUid = allowedUid;
        this.commands = commands;
        this.notices = notices;
        this.server = server;
        this.serverRegistration = loop.register(server.getFD(), EPOLLIN, (r, events, nowNs) -> onAcceptable(nowNs));
    }

    /**
     * Opens the socket at {@code path}: creates its directory (0700) if missing, or checks an existing one is owned by
     * us and writable by nobody else; refuses to take over a socket a running daemon still serves (a second daemon
     * with the same path logs and runs without control socket); replaces a stale one.
     *
     * @param allowedUid besides root, the uid allowed to connect (the daemon's own)
     * @param notices    lines for the log (refused peers)
     */
    public static ControlServer open(EventLoop loop, Path path, int allowedUid, Commands commands,
                                     java.util.function.Consumer<String> notices) throws IOException {
        Path absolute = path.toAbsolutePath();
        checkDirectory(absolute.getParent(), allowedUid);
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            if (isServed(absolute)) {
                throw new IOException(absolute + " is served by another running daemon");
            }
            Files.delete(absolute);
        }
        UnixServerSocketChannel server = UnixServerSocketChannel.open();
        try {
            server.socket().bind(new UnixSocketAddress(absolute.toFile()), BACKLOG);
            Files.setPosixFilePermissions(absolute, EnumSet.copyOf(SOCKET_MODE));
            server.configureBlocking(false);
            return new ControlServer(loop, absolute, allowedUid, commands, notices, server);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(absolute);
            throw e;
        }
    }

    /** A missing directory is created private (0700); an existing one must be ours and not group/other writable. */
    static void checkDirectory(Path dir, int uid) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            RuntimeDir.ensurePrivate(dir);
            return;
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("control socket directory " + dir + " is not a directory");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid && owner != 0) {
            throw new IOException("control socket directory " + dir + " belongs to uid " + owner);
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("control socket directory " + dir + " is writable by others ("
                    + PosixFilePermissions.toString(mode) + ")");
        }
    }

    /** Whether a process accepts connections on the socket file (connect(2) on a Unix socket does not block). */
    static boolean isServed(Path socket) {
        try (UnixSocketChannel probe = UnixSocketChannel.open(new UnixSocketAddress(socket.toFile()))) {
            return probe.isConnected();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public Path path() {
        return path;
    }

    /** Connections open now (tests). */
    public int connectionCount() {
        return connections.size();
    }

    private void onAcceptable(long nowNs) {
        while (!closed && connections.size() < MAX_CONNECTIONS) {
            UnixSocketChannel peer;
            try {
                peer = server.accept();
            } catch (IOException e) {
                notices.accept("control socket: accept failed: " + e.getMessage());
                return;
            }
            if (peer == null) {
                return;
            }
            admit(peer, nowNs);
        }
        if (connections.size() >= MAX_CONNECTIONS) {
            // Stop accepting until a slot frees (level-triggered epoll would otherwise spin on the backlog).
            loop.modify(serverRegistration, 0);
        }
    }

    private void admit(UnixSocketChannel peer, long nowNs) {
        String refusal;
        try {
            Credentials c = peer.getOption(UnixSocketOptions.SO_PEERCRED);
            refusal = ControlProtocol.refusal(c.getUid(), allowedUid);
            if (refusal != null) {
                refusal = "pid " + c.getPid() + " " + refusal;
            }
        } catch (IOException | RuntimeException e) {
            refusal = "its credentials cannot be read (" + e.getMessage() + ")";
        }
        try {
            peer.configureBlocking(false);
            Connection connection = new Connection(peer, nowNs);
            connections.add(connection);
            if (refusal != null) {
                notices.accept("control socket: refused " + refusal);
                connection.reply(false, "permission denied: " + refusal + "\n", false);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(peer);
        }
    }

    /** One client: reads its request line, answers, closes. */
    private final class Connection implements Reply {
        private final UnixSocketChannel channel;
        private final Registration registration;
        private final Timer timeout;
        private final ByteBuffer request = ByteBuffer.allocate(ControlProtocol.MAX_REQUEST_BYTES);
        private final ByteBuffer drain = ByteBuffer.allocate(256);
        private ByteBuffer answer;
        private boolean handled;
        private boolean hold;
        private boolean done;

        Connection(UnixSocketChannel channel, long nowNs) {
            this.channel = channel;
            this.registration = loop.register(channel.getFD(), EPOLLIN | EPOLLRDHUP, (r, events, now) -> onReady(events));
            this.timeout = loop.newTimer((t, now) -> finish());
            this.timeout.scheduleAt(nowNs + CONNECTION_TIMEOUT_NS);
        }

        private void onReady(int events) {
            if (done) {
                return;
            }
            if ((events & EPOLLOUT) != 0 && answer != null) {
                flush();
                return;
            }
            if (handled) {
                // After the request: only end of stream matters (the client is done or gave up). Drain the rest.
                int n;
                do {
                    n = readSome(drain);
                    drain.clear();
                } while (n > 0);
                if (n < 0) {
                    finish();
                }
                return;
            }
            int n = readSome(request);
            if (n < 0 && request.position() == 0) {
                finish();
                return;
            }
            ControlProtocol.Parsed parsed = ControlProtocol.parse(request, n < 0);
            if (parsed == null) {
                return; // no full line yet
            }
            handled = true;
            if (parsed.error() != null) {
                reply(false, parsed.error() + "\n", false);
                return;
            }
            try {
                commands.handle(parsed.request(), this);
            } catch (RuntimeException e) {
                // A bug in a command must cost the client an answer, not the parent its loop.
                notices.accept("control socket: " + parsed.request() + " failed: " + e);
                reply(false, "internal error: " + e + "\n", false);
            }
        }

        /** @return bytes read, 0 when none now, -1 at end of stream or on error */
        private int readSome(ByteBuffer into) {
            if (!into.hasRemaining()) {
                return 0;
            }
            try {
                int n = channel.read(into);
                return n;
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public void send(boolean ok, String body) {
            reply(ok, body, false);
        }

        @Override
        public void sendAndHold(boolean ok, String body) {
            reply(ok, body, true);
        }

        void reply(boolean ok, String body, boolean holdOpen) {
            if (done || answer != null) {
                return;
            }
            handled = true;
            hold = holdOpen;
            answer = ByteBuffer.wrap(ControlProtocol.response(ok, body).getBytes(StandardCharsets.UTF_8));
            flush();
        }

        private void flush() {
            try {
                channel.write(answer);
            } catch (IOException e) {
                finish();
                return;
            }
            if (answer.hasRemaining()) {
                loop.modify(registration, EPOLLIN | EPOLLRDHUP | EPOLLOUT);
            } else if (hold) {
                loop.modify(registration, EPOLLIN | EPOLLRDHUP);
                timeout.cancel();
            } else {
                // Lingering close: end our side and wait for the client's end of stream (or the timeout). Closing
                // at once with unread request bytes would reset the stream, and the client could lose the answer.
                try {
                    channel.shutdownOutput();
                } catch (IOException e) {
                    finish();
                    return;
                }
                loop.modify(registration, EPOLLIN | EPOLLRDHUP);
            }
        }

        void finish() {
            if (done) {
                return;
            }
            done = true;
            timeout.cancel();
            loop.unregister(registration);
            closeQuietly(channel);
            connections.remove(this);
            if (!closed && connections.size() < MAX_CONNECTIONS) {
                loop.modify(serverRegistration, EPOLLIN);
            }
        }
    }

    /** Stops accepting, closes every connection (a held --stop client sees end of stream), removes the socket file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Connection c : new ArrayList<>(connections)) {
            c.finish();
        }
        loop.unregister(serverRegistration);
        closeQuietly(server);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A stale socket file is replaced by the next daemon.
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // The fd is released anyway.
        }
    }
}
