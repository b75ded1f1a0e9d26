package org.keepalivedjava.vrrp.child;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.keepalivedjava.config.model.SameConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.vrrp.track.ProcessMatch;
import org.keepalivedjava.vrrp.track.ProcessQuorum;

/**
 * vrrp_track_process: counts the running processes each tracked entry matches ({@link ProcessMatch}) and reports
 * its quorum ({@link ProcessQuorum}) to the {@link Listener}, which feeds the instances' trackers: at start, then
 * on every change ("Quorum gained/lost for tracked process NAME", keepalived's log line).
 *
 * <h2>Polling /proc instead of the proc connector</h2>
 * keepalived walks /proc once at start and then follows fork/exec/exit/comm events from the kernel's netlink proc
 * connector. That connector only answers in the initial network namespace: keepalived 2.2.7 started with
 * {@code ip netns exec} logs "Failed to set/clear process event listen - errno 111 - Connection refused" and its
 * track_process never changes (measured here). keepalived-java looks at /proc every {@link #POLL_INTERVAL_NS}
 * (and at a pending delay's deadline), which works in any network namespace. The cost is a reaction within a
 * second instead of at once, and a process living less than a poll interval may go unseen; fork_delay and
 * terminate_delay are applied at the look that sees the change. Reading cmdline files is skipped unless an entry
 * needs it (as keepalived).
 *
 * <h2>Threads</h2>
 * A walk of /proc costs about 10 us per process (measured: 1 ms for 109 processes), too long for the loop that
 * keeps VRRP adverts on time on a busy host. The periodic walks therefore run on one daemon thread of their own,
 * which only reads /proc with immutable matchers and hands the counts to the loop ({@link EventLoop#execute}); the
 * quorums, reports and timers stay on the loop thread. The walks at start and at a reload ({@link #look}) run on
 * the loop, because the instances need their answer before they start.
 */
final class TrackProcesses {
    static final long POLL_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    /** A tracked process entry's quorum changed (or was decided for the first time). */
    interface Listener {
        void onProcessQuorum(String name, boolean up, long nowNs);
    }

    private static final class Tracked {
        final VrrpConfig.TrackProcess config;
        final ProcessMatch match;
        final ProcessQuorum quorum;
        /** False for an entry a reload adds: its first decision is read through {@link #state}, not reported. */
        final boolean reportFirst;

        Tracked(VrrpConfig.TrackProcess config, boolean reportFirst) {
            this.config = config;
            this.match = ProcessMatch.of(config);
            this.quorum = new ProcessQuorum(config.quorum(), config.quorumMax(),
                    TimeUnit.MICROSECONDS.toNanos(config.forkDelayUs()),
                    TimeUnit.MICROSECONDS.toNanos(config.terminateDelayUs()));
            this.reportFirst = reportFirst;
        }
    }

    private final EventLoop loop;
    private final Logger log;
    private final Listener listener;
    private final ProcTable table;
    private final Timer timer;
    private final List<Tracked> tracked = new ArrayList<>();
    /** Bumped when {@link #tracked} changes: a walk started before answers for a list that no longer exists. */
    private int generation;
    /** Set by the loop when it hands a walk to the scanner, cleared by the scanner once its answer is posted. */
    private final AtomicBoolean walking = new AtomicBoolean();
    private ExecutorService scanner;

    TrackProcesses(EventLoop loop, Logger log, Listener listener, ProcTable table,
                   List<VrrpConfig.TrackProcess> entries) {
        this.loop = loop;
        this.log = log;
        this.listener = listener;
        this.table = table;
        this.timer = loop.newTimer((t, nowNs) -> poll(nowNs));
        for (VrrpConfig.TrackProcess p : entries) {
            tracked.add(new Tracked(p, true));
        }
    }

    /** Looks now (reporting every entry's first state), then every {@link #POLL_INTERVAL_NS}. */
    void start(long nowNs) {
        look(nowNs);
    }

    /** One look at the processes ON the loop thread; package-private for tests that drive time by hand. */
    void look(long nowNs) {
        if (tracked.isEmpty()) {
            timer.cancel();
            return;
        }
        apply(count(table, matches(), withCommandLine()), nowNs);
    }

    /** The periodic look: the walk goes to the scanner thread, its counts come back through the loop's queue. */
    private void poll(long nowNs) {
        timer.scheduleAt(nowNs + POLL_INTERVAL_NS); // re-armed here, so a lost answer never stops the polling
        if (tracked.isEmpty() || !walking.compareAndSet(false, true)) {
            return;
        }
        List<ProcessMatch> matches = matches();
        boolean withCommandLine = withCommandLine();
        int walkGeneration = generation;
        if (scanner == null) {
            scanner = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "track-process scan");
                t.setDaemon(true);
                return t;
            });
        }
        scanner.execute(() -> {
            try {
                int[] counts = count(table, matches, withCommandLine);
                loop.execute(() -> {
                    if (walkGeneration == generation) {
                        apply(counts, loop.nowNs());
                    }
                });
            } catch (RuntimeException e) {
                String message = e.getMessage();
                loop.execute(() -> log.error("track_process: " + message));
            } finally {
                walking.set(false);
            }
        });
    }

    /** Counts the processes each matcher matches. Any thread: reads /proc and the immutable matchers only. */
    private static int[] count(ProcTable table, List<ProcessMatch> matches, boolean withCommandLine) {
        int[] counts = new int[matches.size()];
        table.scan(withCommandLine, (comm, argv) -> {
            for (int i = 0; i < counts.length; i++) {
                if (matches.get(i).matches(comm, argv)) {
                    counts[i]++;
                }
            }
        });
        return counts;
    }

    /** Feeds one look's counts to the quorums, reports the changes and arms the timer. Loop thread. */
    private void apply(int[] counts, long nowNs) {
        long nextNs = nowNs + POLL_INTERVAL_NS;
        for (int i = 0; i < tracked.size(); i++) {
            Tracked t = tracked.get(i);
            boolean first = !t.quorum.known();
            if (t.quorum.onCount(counts[i], nowNs)) {
                if (!first) {
                    log.info("Quorum " + (t.quorum.up() ? "gained" : "lost") + " for tracked process "
                            + t.config.name());
                }
                if (!first || t.reportFirst) {
                    listener.onProcessQuorum(t.config.name(), t.quorum.up(), nowNs);
                }
            }
            if (t.quorum.changePending() && t.quorum.changeDeadlineNs() - nextNs < 0) {
                nextNs = t.quorum.changeDeadlineNs();
            }
        }
        timer.scheduleAt(nextNs);
    }

    private List<ProcessMatch> matches() {
        List<ProcessMatch> matches = new ArrayList<>(tracked.size());
        for (Tracked t : tracked) {
            matches.add(t.match);
        }
        return matches;
    }

    private boolean withCommandLine() {
        for (Tracked t : tracked) {
            if (t.match.needsCommandLine()) {
                return true;
            }
        }
        return false;
    }

    /** The entry's quorum, or null when not decided yet (or not tracked). */
    Boolean state(String name) {
        for (Tracked t : tracked) {
            if (t.config.name().equals(name) && t.quorum.known()) {
                return t.quorum.up();
            }
        }
        return null;
    }

    /**
     * Reload: the entries now tracked are {@code entries}. One whose block is {@link SameConfig the same} keeps
     * its state; a new or changed one is decided now without a report (the instances the reload builds read it
     * with {@link #state}).
     */
    void reconcile(List<VrrpConfig.TrackProcess> entries, long nowNs) {
        List<Tracked> next = new ArrayList<>();
        for (VrrpConfig.TrackProcess p : entries) {
            Tracked same = null;
            for (Tracked t : tracked) {
                if (SameConfig.same(t.config, p)) {
                    same = t;
                }
            }
            next.add(same != null ? same : new Tracked(p, false));
        }
        tracked.clear();
        tracked.addAll(next);
        generation++;
        look(nowNs);
    }

    void stop() {
        timer.cancel();
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }
}
