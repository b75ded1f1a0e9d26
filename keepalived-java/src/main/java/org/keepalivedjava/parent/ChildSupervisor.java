package org.keepalivedjava.parent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.keepalivedjava.config.lex.ConfigSnapshot;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.Severity;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.SignalFd;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.watchdog.ChildLink;
import org.keepalivedjava.watchdog.RuntimeDir;
import org.keepalivedjava.watchdog.WatchdogClient;

/**
 * Keeps the children alive, on the parent's {@link EventLoop}:
 * <ul>
 *   <li>spawns each child JVM ({@link ChildSpec}) with the watchdog socket path and our pid in its environment
 *       ({@link ChildLink}), writes its pid file, and watches it with a {@link WatchdogClient};</li>
 *   <li>sees an exit at once: {@link Process#onExit()} completes on the JDK's process-reaper thread, which only
 *       queues the exit and wakes the loop ({@link EventLoop#execute}); the decision is taken on the loop;</li>
 *   <li>logs the exit (status, or signal when the value is above 128: {@link ChildExit}), then: a permanent
 *       error (FATAL, CONFIG) stops the whole daemon; with -R any death stops it; otherwise it respawns after
 *       {@link RespawnBackoff}'s delay;</li>
 *   <li>a child the watchdog finds hung is SIGKILLed; its exit then takes the respawn path above;</li>
 *   <li>{@link #stop()}: SIGTERM (and watchdog end of stream) to every child, SIGKILL to those still alive
 *       after child_wait_time, then {@link Events#onStopped}.</li>
 * </ul>
 * Nothing blocks the loop: no waitFor, no sleep. {@link ProcessBuilder#start()} takes a few milliseconds (the
 * JDK waits for the exec to succeed); that is the only synchronous step.
 *
 * <h2>Why spawning happens on the loop thread</h2>
 * Children ask for PR_SET_PDEATHSIG(SIGTERM), and the kernel sends it when the THREAD that forked them exits,
 * not the process. Spawning from a short-lived thread would kill the children when that thread ends. The loop
 * thread lives as long as the supervision, so {@link #start()} and respawns run there (enforced).
 *
 * <p>Threading: loop thread only, except {@link #requestStop()}. Events are called on the loop thread.
 */
public final class ChildSupervisor {
    /** Why the supervision ended. */
    public enum StopCause {
        /** {@link #stop()} (SIGTERM/SIGINT to the parent). */
        REQUESTED,
        /** A child exited with FATAL or CONFIG ({@link ChildExit#isPermanent()}). */
        CHILD_PERMANENT_ERROR,
        /** A child died while respawning is off (-R/--dont-respawn). */
        CHILD_DIED_NO_RESPAWN,
        /** A child could not be started (java missing, runtime directory unusable). */
        SPAWN_FAILED
    }

    /**
     * How the supervision ended.
     *
     * @param childName the child that caused the stop, null when requested
     * @param childExit its exit, null when requested or when it never started
     */
    public record Outcome(StopCause cause, String childName, ChildExit childExit) {
        /**
         * The parent's exit status: 0 when stopped on request; 2 when a child could not run its configuration
         * (as keepalived's parent, see cli.ExitStatus.CONFIG_CANNOT_RUN); 1 otherwise.
         */
        public int exitStatus() {
            if (cause == StopCause.REQUESTED) {
                return 0;
            }
            if (cause == StopCause.CHILD_PERMANENT_ERROR && childExit != null && childExit.exitValue() == ChildExit.CONFIG) {
                return 2;
            }
            return 1;
        }
    }

    /** What happened, for tests, benchmarks and whoever wants to count. Loop thread; defaults do nothing. */
    public interface Events {
        default void onSpawned(String child, long pid, long nowNs) {
        }

        /** The child answered its first hello (or, with the watchdog off, accepted the connection). */
        default void onUp(String child, long pid, long nowNs) {
        }

        default void onHung(String child, long pid, String reason, long nowNs) {
        }

        default void onExited(String child, long pid, ChildExit exit, long ranNs, long nowNs) {
        }

        /** A respawn was decided: at once when {@code decision.delayNs() == 0}. */
        default void onRespawnScheduled(String child, RespawnBackoff.Decision decision, long nowNs) {
        }

        /** The stop begins ({@code why}: requested, or caused by a child); children are being told to go. */
        default void onStopping(Outcome why, long nowNs) {
        }

        /** All children are gone; the supervision is over. */
        default void onStopped(Outcome outcome) {
        }
    }

    private final EventLoop loop;
    private final SupervisorSettings settings;
    private final Logger log;
    private final Events events;
    private final List<Slot> slots = new ArrayList<>();
    private final int uid = Native.getuid();
    private final int ownPid = Native.getpid();
    private final Timer stopTimer;
    private final ConcurrentLinkedQueue<Exited> exits = new ConcurrentLinkedQueue<>();
    private final Runnable drainExits = this::drainExits;
    /** Where the validated configuration handed to the children is ({@link ConfigSnapshot}). */
    private final Path snapshotPath;
    private boolean started;
    private boolean stopping;
    private boolean stopped;
    private Outcome outcome;

    /** An exit reported by the reaper thread, handled on the loop. */
    private record Exited(Slot slot, Process process) {
    }

    /** One child kind and its current process. */
    private final class Slot {
        final ChildSpec spec;
        final Path socketPath;
        final Timer respawnTimer;
        Process process;
        long startedNs;
        WatchdogClient watchdog;
        long pendingDelayNs;
        int spawns;
        /** The current process answered its watchdog: its loop runs, so its SIGHUP handler is installed. */
        boolean up;
        /** A reload came while the current process was starting: SIGHUP it once it is up. */
        boolean reloadPending;
        /** Hangs the watchdog found, and hellos missed by processes of this slot that are gone (metrics). */
        long hangs;
        long missedHellosOfEarlierProcesses;

        Slot(ChildSpec spec) {
            this.spec = spec;
            this.socketPath = settings.runtimeDir().resolve(spec.socketFileName()).toAbsolutePath();
            this.respawnTimer = loop.newTimer((timer, nowNs) -> spawn(this, nowNs));
        }

        String label() {
            return spec.name() + " child process(" + (process == null ? "-" : Long.toString(process.pid())) + ")";
        }
    }

    /** Create on the loop thread (or before the loop runs, on the thread that will run it). */
    public ChildSupervisor(EventLoop loop, SupervisorSettings settings, List<ChildSpec> children, Logger log,
                           Events events) {
        this.loop = loop;
        this.settings = settings;
        this.log = log;
        this.events = events;
        this.stopTimer = loop.newTimer((timer, nowNs) -> onChildWaitTimeOver());
        this.snapshotPath = settings.runtimeDir().resolve(ConfigSnapshot.FILE_NAME).toAbsolutePath();
        List<String> names = new ArrayList<>();
        for (ChildSpec spec : children) {
            if (names.contains(spec.name())) {
                throw new IllegalArgumentException("two children named " + spec.name());
            }
            names.add(spec.name());
            slots.add(new Slot(spec));
        }
    }

    /** Creates the runtime directory and spawns every child. Loop thread (see the class comment: PDEATHSIG). */
    public void start() {
        checkLoopThread();
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        long nowNs = loop.nowNs();
        try {
            startChildren(nowNs);
        } finally {
            // Pre-started children this configuration does not need (or that were not taken because of a failure
            // above) leave now; they were never supervised.
            settings.prespawned().abandon();
        }
        // With no child (a config with nothing to run) the daemon stays up until told to stop, as keepalived does
        // ("Warning - keepalived has no configuration to run"), so a service manager sees it running.
    }

    private void startChildren(long nowNs) {
        try {
            RuntimeDir.ensurePrivate(settings.runtimeDir());
        } catch (IOException e) {
            log.error("Cannot use the watchdog runtime directory: " + e.getMessage());
            beginStop(new Outcome(StopCause.SPAWN_FAILED, null, null), nowNs);
            return;
        }
        if (settings.configSnapshot().isPresent() && !writeSnapshot(settings.configSnapshot().get())) {
            beginStop(new Outcome(StopCause.SPAWN_FAILED, null, null), nowNs);
            return;
        }
        for (Slot slot : slots) {
            if (!stopping) {
                spawn(slot, nowNs);
            }
        }
        // With no child (a config with nothing to run) the daemon stays up until told to stop, as keepalived does
        // ("Warning - keepalived has no configuration to run"), so a service manager sees it running.
    }

    /** Orderly stop: SIGTERM now, SIGKILL after child_wait_time. Loop thread; harmless twice. */
    public void stop() {
        checkLoopThread();
        beginStop(new Outcome(StopCause.REQUESTED, null, null), loop.nowNs());
    }

    /** {@link #stop()} from any thread. @return false if the loop refused the task (already stopping) */
    public boolean requestStop() {
        return loop.execute(this::stop);
    }

    /** True once every child is gone after a stop. */
    public boolean isStopped() {
        return stopped;
    }

    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** The current pid of the named child, empty while it is not running. */
    public OptionalLong pid(String child) {
        for (Slot slot : slots) {
            if (slot.spec.name().equals(child) && slot.process != null) {
                return OptionalLong.of(slot.process.pid());
            }
        }
        return OptionalLong.empty();
    }

    /** Sends {@code signo} to every running child (forwarding USR1, USR2, HUP...). Loop thread. */
    public void signalChildren(int signo) {
        checkLoopThread();
        for (Slot slot : slots) {
            if (slot.process != null) {
                try {
                    Native.kill((int) slot.process.pid(), signo);
                } catch (NativeException e) {
                    // ESRCH: it has just exited; its exit is on its way to the loop.
                }
            }
        }
    }

    // ------------------------------------------------------------------ reload

    /**
     * SIGHUP, after the parent validated the new configuration ({@link ConfigReload}). Loop thread.
     * <ul>
     *   <li>every running child gets SIGHUP and applies the difference itself. A child still starting (not yet
     *       {@link Events#onUp up}) gets it once up: before its loop runs, a SIGHUP would meet the JVM's default
     *       action (exit). A child waiting for its respawn needs nothing: it reads the file when it starts;</li>
     *   <li>a child in {@code needed} that this supervisor does not have yet (the first vrrp_instance or
     *       virtual_server added) is started, as keepalived's parent does on reload;</li>
     *   <li>a child the new configuration no longer needs is NOT stopped (keepalived does not stop it either): it
     *       reloads to an empty configuration (no instance, no virtual server) and idles until the next restart.</li>
     * </ul>
     * Changes to watchdog_interval and child_wait_time take effect at the next start of the daemon.
     */
    public void reload(List<ChildSpec> needed) {
        reload(needed, Optional.empty());
    }

    /**
     * {@link #reload(List)} with the configuration the parent has just validated: written over the children's
     * snapshot first, so the SIGHUPed children, a child respawned later and a child started now all run it. When it
     * cannot be written nothing is signalled (the children keep the previous configuration) and false is returned.
     */
    public boolean reload(List<ChildSpec> needed, Optional<ConfigSnapshot> snapshot) {
        checkLoopThread();
        if (!started || stopping) {
            return false;
        }
        if (snapshot.isPresent() && !writeSnapshot(snapshot.get())) {
            return false;
        }
        for (Slot slot : slots) {
            if (slot.process == null) {
                continue;
            }
            if (slot.up) {
                sendReload(slot);
            } else {
                log.info(slot.label() + " is still starting; it reloads once up");
                slot.reloadPending = true;
            }
        }
        long nowNs = loop.nowNs();
        for (ChildSpec spec : needed) {
            if (slots.stream().noneMatch(s -> s.spec.name().equals(spec.name()))) {
                Slot slot = new Slot(spec);
                slots.add(slot);
                log.info("The new configuration needs the " + spec.name() + " child process");
                spawn(slot, nowNs);
            }
        }
        return true;
    }

    private boolean writeSnapshot(ConfigSnapshot snapshot) {
        try {
            snapshot.write(snapshotPath);
            return true;
        } catch (IOException | RuntimeException e) {
            log.error("Cannot write the configuration for the children to " + snapshotPath + ": " + e.getMessage());
            return false;
        }
    }

    private void sendReload(Slot slot) {
        log.info("Reloading " + slot.label());
        try {
            Native.kill((int) slot.process.pid(), org.keepalivedjava.os.libc.Consts.SIGHUP);
        } catch (NativeException e) {
            // ESRCH: it has just exited; its respawn reads the new configuration.
        }
    }

    /** The names of the children this supervisor keeps (started, or started on reload). */
    public List<String> childNames() {
        return slots.stream().map(s -> s.spec.name()).toList();
    }

    // ------------------------------------------------------------------ status (control socket, metrics)

    /**
     * What the parent knows of one child, for the control socket and the metrics.
     *
     * @param pid          the running process, -1 while none runs
     * @param up           it answered its watchdog
     * @param restarts     processes started after the first one (respawns)
     * @param hangs        times the watchdog found it hung
     * @param missedHellos hellos unanswered past their interval, all processes of this child together
     */
    public record ChildView(String name, long pid, boolean up, int restarts, long hangs, long missedHellos) {
    }

    /** Every child this supervisor keeps, in start order. Loop thread. */
    public List<ChildView> childViews() {
        checkLoopThread();
        List<ChildView> views = new ArrayList<>();
        for (Slot slot : slots) {
            long missed = slot.missedHellosOfEarlierProcesses + (slot.watchdog == null ? 0 : slot.watchdog.missedHellos());
            views.add(new ChildView(slot.spec.name(), slot.process == null ? -1 : slot.process.pid(), slot.up,
                    Math.max(0, slot.spawns - 1), slot.hangs, missed));
        }
        return views;
    }

    /**
     * Asks the named child for its status over its watchdog connection ({@link WatchdogClient#requestStatus}).
     *
     * @return false (no callback) when the child is not running or not connected
     */
    public boolean requestStatus(String child, WatchdogClient.StatusCallback callback) {
        checkLoopThread();
        for (Slot slot : slots) {
            if (slot.spec.name().equals(child) && slot.watchdog != null && !stopping) {
                return slot.watchdog.requestStatus(callback);
            }
        }
        return false;
    }

    /** Abandons a request whose deadline passed. */
    public void cancelStatus(String child, WatchdogClient.StatusCallback callback) {
        checkLoopThread();
        for (Slot slot : slots) {
            if (slot.spec.name().equals(child) && slot.watchdog != null) {
                slot.watchdog.cancelStatus(callback);
            }
        }
    }

    /** True once a stop has begun. */
    public boolean isStopping() {
        return stopping;
    }

    // ------------------------------------------------------------------ spawning

    /** The environment entries the parent sets for a child (beyond what it inherits). */
    static final List<String> CHILD_ENVIRONMENT = List.of(ChildLink.SOCKET_ENV, ChildLink.PARENT_PID_ENV,
            ConfigSnapshot.ENV);

    /**
     * The process a child is started as, with its environment; stdin and output are the caller's. Shared by
     * {@link #spawn} and {@link PrespawnedChildren#start}, so a pre-spawned child is the same process.
     */
    static ProcessBuilder processBuilder(SupervisorSettings settings, ChildSpec spec, int parentPid) {
        List<String> command = new ArrayList<>(ChildSpec.launchPrefix(SignalFd.isBlocked(ChildSpec.JSON_SIGNAL)));
        command.add(settings.javaCommand());
        command.addAll(spec.jvmFlags());
        command.add("-cp");
        command.add(settings.classPath());
        command.add(spec.mainClass());
        command.addAll(spec.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        Path socketPath = settings.runtimeDir().resolve(spec.socketFileName()).toAbsolutePath();
        builder.environment().putAll(new ChildLink(socketPath, parentPid).environment());
        builder.environment().remove(ConfigSnapshot.ENV);
        if (settings.configSnapshot().isPresent()) {
            builder.environment().put(ConfigSnapshot.ENV,
                    settings.runtimeDir().resolve(ConfigSnapshot.FILE_NAME).toAbsolutePath().toString());
        }
        // The parent alone speaks to systemd; a child inheriting the socket could send states in its name.
        builder.environment().remove(SystemdNotifier.ENV);
        builder.environment().remove(StartGate.ENV);
        return builder;
    }

    private void spawn(Slot slot, long nowNs) {
        if (stopping) {
            return;
        }
        ChildSpec spec = slot.spec;
        ProcessBuilder builder = processBuilder(settings, spec, ownPid)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(settings.output())
                .redirectError(settings.output());
        Process process;
        Optional<Process> waiting = slot.spawns == 0 ? settings.prespawned().take(spec.name(), builder)
                : Optional.empty();
        if (waiting.isPresent()) {
            // Pre-started while the parent validated the configuration; the snapshot is written now.
            process = waiting.get();
            try {
                StartGate.go(process.getOutputStream());
            } catch (IOException e) {
                // It died while waiting: its exit, queued below, takes the ordinary respawn path.
                log.warning(spec.name() + " child process(" + process.pid() + ") gone before its start: "
                        + e.getMessage());
            }
        } else {
            try {
                process = builder.start();
            } catch (IOException e) {
                log.error("Cannot start the " + spec.name() + " child process: " + e.getMessage());
                beginStop(new Outcome(StopCause.SPAWN_FAILED, spec.name(), null), nowNs);
                return;
            }
        }
        slot.process = process;
        slot.startedNs = nowNs;
        slot.spawns++;
        slot.up = false;
        slot.reloadPending = false;
        long pid = process.pid();
        // For a pre-started child, "spawn" times (startedNs, "N ms after spawn") count from this hand-over.
        log.info("Starting " + spec.name() + " child process, pid=" + pid
                + (waiting.isPresent() ? " (pre-started; configuration handed over now)" : ""));
        spec.pidFile().ifPresent(path -> writePidFile(path, pid));
        slot.watchdog = new WatchdogClient(loop, slot.socketPath, pid, uid, settings.watchdogIntervalNs(),
                settings.startupTimeoutNs(), new WatchdogEvents(slot, process));
        slot.watchdog.start();
        events.onSpawned(spec.name(), pid, nowNs);
        process.onExit().thenRun(() -> {
            exits.add(new Exited(slot, process));
            if (!loop.execute(drainExits)) {
                // Only when the task queue is full (the next drain picks this exit up) or the loop has been
                // stopped, which happens after every child has exited.
                System.err.println("keepalived-java: child exit of pid " + process.pid() + " queued late");
            }
        });
    }

    /** Watchdog news about one process of a slot; stale news about an earlier process is ignored. */
    private final class WatchdogEvents implements WatchdogClient.Listener {
        private final Slot slot;
        private final Process process;

        WatchdogEvents(Slot slot, Process process) {
            this.slot = slot;
            this.process = process;
        }

        private boolean current() {
            return slot.process == process && !stopping;
        }

        @Override
        public void onConnected(long nowNs) {
            if (current() && settings.watchdogIntervalNs() == 0) {
                up(nowNs, "watchdog connected; hellos off");
            }
        }

        @Override
        public void onFirstAnswer(long roundTripNs, long nowNs) {
            if (current()) {
                up(nowNs, "first watchdog answer in " + roundTripNs / 1000 + " us");
            }
        }

        private void up(long nowNs, String how) {
            log.detail(slot.label() + " is up (" + how + ", " + (nowNs - slot.startedNs) / 1_000_000
                    + " ms after spawn)");
            slot.up = true;
            events.onUp(slot.spec.name(), process.pid(), nowNs);
            if (slot.reloadPending) {
                slot.reloadPending = false;
                sendReload(slot);
            }
        }

        @Override
        public void onHung(String reason, long nowNs) {
            if (!current()) {
                return;
            }
            log.log(Severity.ALERT, slot.label() + " is hung: " + reason + "; sending SIGKILL");
            slot.hangs++;
            events.onHung(slot.spec.name(), process.pid(), reason, nowNs);
            process.destroyForcibly(); // SIGKILL; also ends a SIGSTOPped process. The exit takes the respawn path.
        }

        @Override
        public void onNotice(String message) {
            log.warning(message);
        }
    }

    // ------------------------------------------------------------------ exits

    private void drainExits() {
        Exited exited;
        while ((exited = exits.poll()) != null) {
            onChildExit(exited.slot(), exited.process(), loop.nowNs());
        }
    }

    private void onChildExit(Slot slot, Process process, long nowNs) {
        if (slot.process != process) {
            return;
        }
        ChildExit exit = new ChildExit(process.exitValue());
        long ranNs = nowNs - slot.startedNs;
        String label = slot.label();
        if (slot.watchdog != null) {
            slot.missedHellosOfEarlierProcesses += slot.watchdog.missedHellos();
            slot.watchdog.close();
            slot.watchdog = null;
        }
        slot.spec.pidFile().ifPresent(path -> removePidFile(path, process.pid()));
        slot.process = null;
        try {
            slot.spec.afterExit().afterExit(exit, stopping);
        } catch (RuntimeException e) {
            log.error(label + ": clean-up after its exit failed: " + e);
        }
        events.onExited(slot.spec.name(), process.pid(), exit, ranNs, nowNs);

        if (stopping) {
            log.info(label + " " + exit.describe() + " (stopping)");
            finishIfAllGone();
            return;
        }
        if (exit.isPermanent()) {
            log.error(label + " " + exit.describe() + ". Terminating");
            beginStop(new Outcome(StopCause.CHILD_PERMANENT_ERROR, slot.spec.name(), exit), nowNs);
            return;
        }
        log.info(label + " " + exit.describe());
        if (!settings.respawn()) {
            log.log(Severity.ALERT, label + " died: Exiting");
            beginStop(new Outcome(StopCause.CHILD_DIED_NO_RESPAWN, slot.spec.name(), exit), nowNs);
            return;
        }
        log.log(Severity.ALERT, label + " died: Respawning");
        RespawnBackoff.Decision decision = RespawnBackoff.decide(ranNs, slot.pendingDelayNs);
        slot.pendingDelayNs = decision.nextDelayNs();
        events.onRespawnScheduled(slot.spec.name(), decision, nowNs);
        if (decision.delayNs() == 0) {
            spawn(slot, nowNs);
        } else {
            log.info("Restart of " + slot.spec.name() + " process delayed " + decision.delayNs() / RespawnBackoff.SECOND_NS
                    + " seconds to limit respawn rate");
            slot.respawnTimer.scheduleAt(nowNs + decision.delayNs());
        }
    }

    // ------------------------------------------------------------------ stopping

    private void beginStop(Outcome why, long nowNs) {
        if (stopping) {
            return;
        }
        stopping = true;
        outcome = why;
        events.onStopping(why, nowNs);
        for (Slot slot : slots) {
            slot.respawnTimer.cancel();
            if (slot.watchdog != null) {
                slot.watchdog.close(); // no hang verdicts while children clean up; they also see end of stream
                slot.watchdog = null;
            }
            if (slot.process != null) {
                log.info("Stopping " + slot.label());
                slot.process.destroy(); // SIGTERM
            }
        }
        if (!finishIfAllGone()) {
            stopTimer.scheduleAt(nowNs + settings.childWaitTimeNs());
        }
    }

    private void onChildWaitTimeOver() {
        for (Slot slot : slots) {
            if (slot.process != null) {
                log.warning(slot.label() + " did not stop within child_wait_time ("
                        + settings.childWaitTimeNs() / 1_000_000 + " ms); sending SIGKILL");
                slot.process.destroyForcibly();
            }
        }
    }

    private boolean finishIfAllGone() {
        for (Slot slot : slots) {
            if (slot.process != null) {
                return false;
            }
        }
        if (!stopped) {
            stopped = true;
            stopTimer.cancel();
            if (settings.configSnapshot().isPresent()) {
                try {
                    Files.deleteIfExists(snapshotPath);
                } catch (IOException e) {
                    log.warning("Cannot remove " + snapshotPath + ": " + e.getMessage());
                }
            }
            events.onStopped(outcome);
        }
        return true;
    }

    // ------------------------------------------------------------------ pid files

    /** keepalived's format, "PID\n", written atomically (a reader never sees a half-written file). */
    private void writePidFile(Path path, long pid) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("Unable to write pid file " + path + ": " + e.getMessage());
        }
    }

    /** Removes the file only if it still names this child (never a newer writer's). */
    private void removePidFile(Path path, long pid) {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
            if (text.equals(Long.toString(pid))) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Already gone, or unreadable: nothing to remove that is ours.
        }
    }

    private void checkLoopThread() {
        if (!loop.isLoopThread()) {
            throw new IllegalStateException("loop thread only");
        }
    }
}
