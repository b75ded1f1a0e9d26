package org.keepalivedjava.watchdog;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import jnr.unixsocket.Credentials;
import jnr.unixsocket.UnixServerSocketChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import jnr.unixsocket.UnixSocketOptions;

import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Registration;

/**
 * The child's end of the watchdog: a Unix stream socket (mode 0600, in a private 0700 {@link RuntimeDir})
 * registered on the child's {@link EventLoop}. It accepts only its parent (SO_PEERCRED pid = the pid that
 * spawned us, uid = ours) and answers each hello with an ack carrying the same sequence, FROM THE LOOP THREAD:
 * an answer therefore proves the loop is turning, which is the whole point (a helper thread answering would
 * keep a hung child looking alive). When the parent's connection reaches end of stream (the parent exited or
 * was killed) the child is told, so it can release its VIPs / IPVS entries and exit.
 *
 * <p>Threading: create, use and close on the loop thread (or before the loop runs). Listener calls come on the
 * loop thread.
 */
public final class WatchdogServer implements AutoCloseable {
    /** What the child hears from its watchdog socket. Loop thread. */
    public interface Listener {
        /** The parent's connection ended: the parent is gone (or going). Release resources and exit. */
        void onParentGone(String reason, long nowNs);

        /** A line for the log: a refused peer, a protocol error. */
        void onNotice(String message);
    }

    /**
     * The child's status snapshot, produced on the loop thread when the parent asks (the control socket's
     * {@code --status} and the metrics endpoint). Keep it cheap: it runs between two loop events.
     */
    @FunctionalInterface
    public interface StatusProvider {
        /** The payload of the answer (the parent decodes it); an empty array when there is nothing to say. */
        byte[] snapshot(long nowNs);

        StatusProvider NONE = nowNs -> new byte[0];
    }

    private static final int BACKLOG = 4;

    private final EventLoop loop;
    private final Path socketPath;
    private final long parentPid;
    private final int uid;
    private final Listener listener;
    private final StatusProvider statusProvider;
    private final UnixServerSocketChannel server;
    private final Registration serverRegistration;
    private final FrameConnection.Handler parentHandler = new ParentHandler();
    private FrameConnection parent;
    private long hellosAnswered;
    private long statusAnswered;
    private boolean closed;

    private WatchdogServer(EventLoop loop, Path socketPath, long parentPid, int uid, Listener listener,
                           StatusProvider statusProvider, UnixServerSocketChannel server) {
        this.loop = loop;
        this.socketPath = socketPath;
        this.parentPid = parentPid;
        this.uid = uid;
        this.listener = listener;
        this.statusProvider = statusProvider;
        this.server = server;
        this.serverRegistration = loop.register(server.getFD(), EPOLLIN, (registration, events, nowNs) -> onAcceptable());
    }

    /**
     * Creates the runtime directory if needed ({@link RuntimeDir#ensurePrivate}), replaces a stale socket file
     * (left by a predecessor that was SIGKILLed), binds, sets mode 0600 and starts accepting.
     *
     * @param parentPid the only pid allowed to connect: {@link ChildLink#parentPid()}
     * @param uid       the only uid allowed to connect: ours ({@code Native.getuid()})
     */
    public static WatchdogServer open(EventLoop loop, Path socketPath, long parentPid, int uid, Listener listener)
            throws IOException {
        return open(loop, socketPath, parentPid, uid, listener, StatusProvider.NONE);
    }

    /** {@link #open(EventLoop, Path, long, int, Listener)} answering status requests with {@code statusProvider}. */
    public static WatchdogServer open(EventLoop loop, Path socketPath, long parentPid, int uid, Listener listener,
                                      StatusProvider statusProvider) throws IOException {
        Path absolute = socketPath.toAbsolutePath();
        RuntimeDir.ensurePrivate(absolute.getParent());
        Files.deleteIfExists(absolute);
        UnixServerSocketChannel server = UnixServerSocketChannel.open();
        try {
            server.socket().bind(new UnixSocketAddress(absolute.toFile()), BACKLOG);
            Files.setPosixFilePermissions(absolute, EnumSet.copyOf(RuntimeDir.SOCKET_MODE));
            server.configureBlocking(false);
            return new WatchdogServer(loop, absolute, parentPid, uid, listener, statusProvider, server);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(absolute);
            throw e;
        }
    }

    public Path socketPath() {
        return socketPath;
    }

    /** True while the parent's connection is open. */
    public boolean parentConnected() {
        return parent != null && parent.isOpen();
    }

    public long hellosAnswered() {
        return hellosAnswered;
    }

    public long statusAnswered() {
        return statusAnswered;
    }

    private void onAcceptable() {
        while (!closed) {
            UnixSocketChannel peer;
            try {
                peer = server.accept(); // non-blocking: null when no connection is pending
            } catch (IOException e) {
                listener.onNotice("watchdog accept failed: " + e.getMessage());
                return;
            }
            if (peer == null) {
                return;
            }
            admit(peer);
        }
    }

    private void admit(UnixSocketChannel peer) {
        String refusal;
        try {
            Credentials credentials = peer.getOption(UnixSocketOptions.SO_PEERCRED);
            refusal = PeerCheck.refusal(credentials.getPid(), credentials.getUid(), parentPid, uid);
        } catch (IOException | RuntimeException e) {
            refusal = "its credentials cannot be read (" + e.getMessage() + ")";
        }
        if (refusal != null) {
            listener.onNotice("Watchdog: refused a connection on " + socketPath + ": " + refusal);
            closeQuietly(peer);
            return;
        }
        try {
            FrameConnection connection = new FrameConnection(loop, peer, parentHandler);
            if (parent != null && parent.isOpen()) {
                // The parent reconnected (it lost track of the old stream); the new one replaces it silently.
                parent.close();
            }
            parent = connection;
        } catch (IOException | RuntimeException e) {
            listener.onNotice("Watchdog: cannot watch the parent's connection: " + e.getMessage());
            closeQuietly(peer);
        }
    }

    private final class ParentHandler implements FrameConnection.Handler {
        @Override
        public void onFrame(byte type, long sequence, ByteBuffer payload, long nowNs) {
            if (type == WatchdogFrame.TYPE_STATUS_REQUEST) {
                answerStatus(sequence, nowNs);
                return;
            }
            if (type != WatchdogFrame.TYPE_HELLO) {
                listener.onNotice("Watchdog: unexpected frame type " + type + " from the parent; closing");
                parent.close();
                return;
            }
            if (parent.send(WatchdogFrame.TYPE_ACK, sequence)) {
                hellosAnswered++;
            }
        }

        /** On the loop thread, like an ack: a child whose loop is stuck does not answer this either. */
        private void answerStatus(long sequence, long nowNs) {
            byte[] snapshot;
            try {
                snapshot = statusProvider.snapshot(nowNs);
            } catch (RuntimeException e) {
                // A bug in a snapshot must not take the watchdog down; the parent reports the child as silent.
                listener.onNotice("Watchdog: status snapshot failed: " + e);
                snapshot = new byte[0];
            }
            if (parent.sendWithPayload(WatchdogFrame.TYPE_STATUS, sequence, snapshot)) {
                statusAnswered++;
            }
        }

        @Override
        public void onBadFrame(String description, long nowNs) {
            listener.onNotice("Watchdog: bad frame from the parent (" + description + "); closing");
            parent.close();
        }

        @Override
        public void onClosed(String reason, long nowNs) {
            listener.onParentGone("watchdog connection to the parent (pid " + parentPid + ") closed: " + reason, nowNs);
        }
    }

    /** Stops accepting, closes the parent's connection (no callback) and removes the socket file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (parent != null) {
            parent.close();
        }
        loop.unregister(serverRegistration);
        try {
            server.close();
        } catch (IOException e) {
            // The fd is released anyway.
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            // A stale socket file is replaced by the next child.
        }
    }

    private static void closeQuietly(UnixSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do: the peer sees the stream end either way.
        }
    }
}
