package org.keepalivedjava.parent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.keepalivedjava.log.Logger;

/**
 * Child JVMs started before the parent has validated its configuration, each waiting at its {@link StartGate}.
 * {@link ChildSupervisor#start()} takes the ones it needs ({@link #take}) instead of spawning them, and says go
 * once the snapshot is written; whatever is not taken is {@link #abandon abandoned}: told to leave and SIGTERMed.
 * An abandoned child was never supervised, so its end is no crash, no respawn, no log line.
 *
 * <p>A waiting child is only taken when the supervisor would have started exactly the same process: same command
 * line and the same watchdog socket, parent pid and snapshot path in its environment. Otherwise (e.g. options a
 * configuration changes) the supervisor spawns a fresh one and the waiting one is abandoned: never a child
 * running something other than what the validated configuration asks for.
 *
 * <p>Respawns after the start always take the ordinary path (exec, then read the snapshot at once).
 * Threading: the parent's main thread, which is also the supervisor's loop thread (see ChildSupervisor: the
 * children's PR_SET_PDEATHSIG follows the thread that forked them, so pre-spawning must happen on that thread).
 */
public final class PrespawnedChildren {
    /** How long {@link #awaitGone} waits for abandoned children (they exit within milliseconds of SIGTERM). */
    private static final long GONE_TIMEOUT_MS = 5_000;

    private record Waiting(String name, List<String> command, Map<String, String> environment, Process process) {
    }

    private final List<Waiting> waiting = new ArrayList<>();
    private final List<Process> abandoned = new ArrayList<>();

    private PrespawnedChildren() {
    }

    /** Nothing pre-spawned: the supervisor spawns every child itself. */
    public static PrespawnedChildren none() {
        return new PrespawnedChildren();
    }

    /**
     * Starts each child of {@code specs} with {@code settings} (runtime directory, java, class path, snapshot:
     * those the supervisor will use), its output on {@code output}, waiting at its gate. A child that cannot be
     * started is left out (the supervisor tries again, and reports it, at its start).
     */
    public static PrespawnedChildren start(SupervisorSettings settings, List<ChildSpec> specs, int parentPid,
                                           ProcessBuilder.Redirect output, Logger log) {
        PrespawnedChildren children = new PrespawnedChildren();
        for (ChildSpec spec : specs) {
            ProcessBuilder builder = ChildSupervisor.processBuilder(settings, spec, parentPid)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(output)
                    .redirectError(output);
            builder.environment().put(StartGate.ENV, StartGate.STDIN);
            try {
                Process process = builder.start();
                children.waiting.add(new Waiting(spec.name(), builder.command(), key(builder), process));
                log.detail("Pre-started " + spec.name() + " child process(" + process.pid()
                        + "); it waits for the validated configuration");
            } catch (IOException e) {
                log.detail("Cannot pre-start the " + spec.name() + " child process: " + e.getMessage());
            }
        }
        return children;
    }

    /**
     * The waiting child that is exactly what {@code builder} would start, removed from this set; empty when there
     * is none. The caller says go ({@link StartGate#go}) once the child's configuration is in place.
     */
    synchronized Optional<Process> take(String name, ProcessBuilder builder) {
        Map<String, String> wanted = key(builder);
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.name().equals(name) && w.command().equals(builder.command()) && w.environment().equals(wanted)) {
                it.remove();
                return Optional.of(w.process());
            }
        }
        return Optional.empty();
    }

    /** Tells every child not taken to leave (end of file at its gate) and SIGTERMs it. Does not wait. */
    public synchronized void abandon() {
        for (Waiting w : waiting) {
            StartGate.abort(w.process().getOutputStream());
            w.process().destroy();
            abandoned.add(w.process());
        }
        waiting.clear();
    }

    /**
     * {@link #abandon()}, then waits until those children are gone (SIGKILL after a few seconds), so a parent that
     * exits leaves none behind.
     */
    public synchronized void abandonAndWait() {
        abandon();
        for (Process p : abandoned) {
            try {
                if (!p.waitFor(GONE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(GONE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        abandoned.clear();
    }

    /** The names of the children still waiting (tests, log). */
    public synchronized List<String> waitingNames() {
        return waiting.stream().map(Waiting::name).toList();
    }

    /** The pids of the children still waiting, by child name (tests, log). */
    public synchronized Map<String, Long> waitingPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Waiting w : waiting) {
            pids.put(w.name(), w.process().pid());
        }
        return pids;
    }

    /** The environment entries that make two starts the same child (link to this parent, snapshot path). */
    private static Map<String, String> key(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        Map<String, String> key = new TreeMap<>();
        for (String name : ChildSupervisor.CHILD_ENVIRONMENT) {
            String value = env.get(name);
            if (value != null) {
                key.put(name, value);
            }
        }
        return key;
    }
}
