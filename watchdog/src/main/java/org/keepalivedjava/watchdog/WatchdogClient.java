package org.keepalivedjava.watchdog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jnr.unixsocket.Credentials;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import jnr.unixsocket.UnixSocketOptions;

import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;

/**
 * The parent's end of the watchdog for one child process: connects to the child's socket once the child has
 * opened it (retrying every {@value #CONNECT_RETRY_MS} ms until {@code startupTimeoutNs}), checks the socket is
 * served by the pid it spawned under our uid (SO_PEERCRED), then sends a hello every half {@code intervalNs} and
 * reports the child hung when {@link HelloTracker} says so (two hellos in a row unanswered within the interval).
 *
 * <p>With {@code intervalNs == 0} (watchdog_interval 0: the watchdog is off) the client still connects, so that
 * the child sees end of stream if the parent dies, but sends no hellos and never reports a hang.
 *
 * <p>Nothing here blocks: connect(2) on a Unix socket completes or fails at once. Threading: loop thread only;
 * listener calls come on the loop thread. After {@link Listener#onHung} the client is finished (close it).
 */
public final class WatchdogClient implements AutoCloseable {
    /** Told, on the loop thread, how the child is doing. */
    public interface Listener {
        /** Connected to the child's socket, peer credentials checked. */
        default void onConnected(long nowNs) {
        }

        /** The first answer arrived: the child's loop turns, the child is up. Round trip -1 if unknown. */
        default void onFirstAnswer(long roundTripNs, long nowNs) {
        }

        /** The child is hung (or never opened its socket in time): kill it. */
        void onHung(String reason, long nowNs);

        /** A line for the log. */
        void onNotice(String message);
    }

    /** Receives one status answer, on the loop thread. */
    @FunctionalInterface
    public interface StatusCallback {
        /** @param payload the child's snapshot, or null when the connection was lost or closed before the answer */
        void onStatus(byte[] payload, long nowNs);
    }

    /** Status requests awaiting their answer at most; more are refused (a stuck child must not grow a map). */
    static final int MAX_PENDING_STATUS = 16;

    /** Where the client is. */
    public enum State {
        NEW, CONNECTING, CONNECTED, DISCONNECTED, HUNG, GAVE_UP, CLOSED
    }

    public static final long CONNECT_RETRY_MS = 50;
    private static final long CONNECT_RETRY_NS = CONNECT_RETRY_MS * 1_000_000L;

    private final EventLoop loop;
    private final Path socketPath;
    private final UnixSocketAddress address;
    private final long childPid;
    private final int uid;
    private final long intervalNs;
    private final long startupTimeoutNs;
    private final Listener listener;
    private final Timer connectTimer;
    private final Timer helloTimer;
    private final FrameConnection.Handler childHandler = new ChildHandler();
    private HelloTracker tracker;
    private FrameConnection connection;
    private final Map<Long, StatusCallback> pendingStatus = new LinkedHashMap<>();
    private long statusSequence;
    private State state = State.NEW;
    private long startupDeadlineNs;
    private String lastRefusal;

    /**
     * @param childPid         the pid we spawned: the only acceptable server of {@code socketPath}
     * @param uid              our uid: the only acceptable owner
     * @param intervalNs       watchdog_interval in ns; 0 = no hellos
     * @param startupTimeoutNs how long the child may take to open its socket (JVM start-up included)
     */
    public WatchdogClient(EventLoop loop, Path socketPath, long childPid, int uid, long intervalNs,
                          long startupTimeoutNs, Listener listener) {
        if (intervalNs < 0 || startupTimeoutNs <= 0) {
            throw new IllegalArgumentException("interval " + intervalNs + " ns, startup timeout " + startupTimeoutNs + " ns");
        }
        this.loop = loop;
        this.socketPath = socketPath.toAbsolutePath();
        this.address = new UnixSocketAddress(this.socketPath.toFile());
        this.childPid = childPid;
        this.uid = uid;
        this.intervalNs = intervalNs;
        this.startupTimeoutNs = startupTimeoutNs;
        this.listener = listener;
        this.connectTimer = loop.newTimer((timer, nowNs) -> tryConnect(nowNs));
        this.helloTimer = loop.newTimer((timer, nowNs) -> onHelloTimer(nowNs));
    }

    /** Starts connecting (first attempt on the next loop iteration). */
    public void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("already started: " + state);
        }
        long nowNs = loop.nowNs();
        state = State.CONNECTING;
        startupDeadlineNs = nowNs + startupTimeoutNs;
        connectTimer.scheduleAt(nowNs);
    }

    public State state() {
        return state;
    }

    /** The hello bookkeeping, null until connected (and always with the watchdog off). */
    public HelloTracker tracker() {
        return tracker;
    }

    public long childPid() {
        return childPid;
    }

    /**
     * Asks the child for its status snapshot; {@code callback} gets the answer, or null if the stream is lost
     * or this client closed first. The caller keeps its own deadline (a hung child never answers).
     *
     * @return false (and no callback) when not connected or too many requests are pending
     */
    public boolean requestStatus(StatusCallback callback) {
        if (connection == null || !connection.isOpen() || pendingStatus.size() >= MAX_PENDING_STATUS) {
            return false;
        }
        long sequence = ++statusSequence;
        if (!connection.send(WatchdogFrame.TYPE_STATUS_REQUEST, sequence)) {
            return false;
        }
        pendingStatus.put(sequence, callback);
        return true;
    }

    /** Abandons a request (its caller's deadline passed); a late answer is then ignored. */
    public void cancelStatus(StatusCallback callback) {
        pendingStatus.values().removeIf(c -> c == callback);
    }

    /** Hellos that went unanswered past their interval, counted once each since this client started. */
    public long missedHellos() {
        return tracker == null ? 0 : tracker.missedHellos();
    }

    private void failPendingStatus(long nowNs) {
        if (pendingStatus.isEmpty()) {
            return;
        }
        List<StatusCallback> waiting = new ArrayList<>(pendingStatus.values());
        pendingStatus.clear();
        for (StatusCallback callback : waiting) {
            callback.onStatus(null, nowNs);
        }
    }

    private void tryConnect(long nowNs) {
        if (state != State.CONNECTING) {
            return;
        }
        if (nowNs - startupDeadlineNs >= 0) {
            String reason = "did not open its watchdog socket " + socketPath + " within "
                    + startupTimeoutNs / 1_000_000 + " ms";
            if (intervalNs > 0) {
                state = State.HUNG;
                listener.onHung(reason, nowNs);
            } else {
                state = State.GAVE_UP;
                listener.onNotice("Watchdog: child " + childPid + " " + reason + "; not watched");
            }
            return;
        }
        UnixSocketChannel channel = null;
        try {
            channel = UnixSocketChannel.open();
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                // Backlog full (EAGAIN): the child is not accepting yet; try again shortly.
                closeQuietly(channel);
                retryConnect(nowNs);
                return;
            }
            Credentials credentials = channel.getOption(UnixSocketOptions.SO_PEERCRED);
            String refusal = PeerCheck.refusal(credentials.getPid(), credentials.getUid(), childPid, uid);
            if (refusal != null) {
                if (!refusal.equals(lastRefusal)) {
                    listener.onNotice("Watchdog: refusing " + socketPath + ", served by " + refusal);
                    lastRefusal = refusal;
                }
                closeQuietly(channel);
                retryConnect(nowNs);
                return;
            }
            connection = new FrameConnection(loop, channel, childHandler);
        } catch (IOException | RuntimeException notYet) {
            // No socket file yet (ENOENT), or bound but not listening yet (ECONNREFUSED): the child is starting.
            if (channel != null) {
                closeQuietly(channel);
            }
            retryConnect(nowNs);
            return;
        }
        state = State.CONNECTED;
        listener.onConnected(nowNs);
        if (intervalNs > 0) {
            // the start-up timeout covers the first answer too: the loop turns only once the child has started
            tracker = new HelloTracker(intervalNs, startupDeadlineNs);
            onHelloTimer(nowNs); // the first hello at once: "up" is known as soon as the child answers
        }
    }

    /** The next attempt, but never after the startup deadline: the verdict comes on time. */
    private void retryConnect(long nowNs) {
        long nextNs = nowNs + CONNECT_RETRY_NS;
        connectTimer.scheduleAt(nextNs - startupDeadlineNs < 0 ? nextNs : startupDeadlineNs);
    }

    private void onHelloTimer(long nowNs) {
        if (state != State.CONNECTED && state != State.DISCONNECTED) {
            return;
        }
        long sequence = tracker.onHelloTimer(nowNs);
        if (sequence == HelloTracker.HUNG) {
            state = State.HUNG;
            closeConnection();
            listener.onHung("no answer to " + HelloTracker.MISSES_TO_HUNG + " hellos in a row within the interval (watchdog_interval "
                    + intervalNs / 1_000_000 + " ms)", nowNs);
            return;
        }
        if (connection != null) {
            connection.send(WatchdogFrame.TYPE_HELLO, sequence); // not sent = not answered: the tracker counts it
        }
        // From now, not from the old deadline: after a stall of the parent's own loop, catching up on missed
        // ticks back to back would count misses the child never had a chance to avoid.
        helloTimer.scheduleAt(nowNs + tracker.tickNs());
    }

    private final class ChildHandler implements FrameConnection.Handler {
        @Override
        public void onFrame(byte type, long sequence, ByteBuffer payload, long nowNs) {
            if (type == WatchdogFrame.TYPE_STATUS) {
                StatusCallback callback = pendingStatus.remove(sequence);
                if (callback != null) {
                    byte[] bytes = new byte[payload.remaining()];
                    payload.get(bytes);
                    callback.onStatus(bytes, nowNs);
                }
                return; // an answer to an abandoned request: ignored
            }
            if (type != WatchdogFrame.TYPE_ACK || tracker == null) {
                listener.onNotice("Watchdog: unexpected frame type " + type + " from child " + childPid + "; closing");
                lostConnection();
                return;
            }
            boolean first = tracker.lastAnsweredSequence() == 0;
            HelloTracker.Answer answer = tracker.onAnswer(sequence, nowNs);
            if (answer == HelloTracker.Answer.UNKNOWN) {
                listener.onNotice("Watchdog: child " + childPid + " answered hello " + sequence + " never sent");
            } else if (first && answer != HelloTracker.Answer.DUPLICATE) {
                listener.onFirstAnswer(answer == HelloTracker.Answer.CURRENT ? tracker.lastRoundTripNs() : -1, nowNs);
            }
        }

        @Override
        public void onBadFrame(String description, long nowNs) {
            listener.onNotice("Watchdog: bad frame from child " + childPid + " (" + description + "); closing");
            lostConnection();
        }

        @Override
        public void onClosed(String reason, long nowNs) {
            listener.onNotice("Watchdog: child " + childPid + " closed its watchdog connection (" + reason + ")");
            lostConnection();
        }
    }

    /**
     * The stream is gone but the process may not be: keep the hello timer running so that a child that is still
     * alive without its watchdog is judged hung after two intervals. Its exit, if it is exiting, comes first.
     */
    private void lostConnection() {
        closeConnection();
        if (state == State.CONNECTED) {
            state = State.DISCONNECTED;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        failPendingStatus(loop.nowNs());
    }

    /** Stops everything: timers, connection (the child sees end of stream). Harmless twice. */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        connectTimer.cancel();
        helloTimer.cancel();
        closeConnection();
    }

    private static void closeQuietly(UnixSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // The fd is released anyway.
        }
    }
}
