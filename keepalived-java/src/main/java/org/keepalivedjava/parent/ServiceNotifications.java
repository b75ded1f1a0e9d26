package org.keepalivedjava.parent;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.keepalivedjava.log.Logger;

/**
 * What the parent tells its service manager (systemd, through {@link SystemdNotifier}) and when:
 * <ul>
 *   <li>{@code READY=1} + {@code MAINPID=} once, when every child started has answered its first watchdog hello
 *       ({@link ChildSupervisor.Events#onUp}: the child has loaded the configuration and its loop turns); at once
 *       when there is no child to start (a configuration with nothing to run still counts as running);</li>
 *   <li>{@code STOPPING=1} once, when the stop begins (requested or caused by a child);</li>
 *   <li>{@link #reloading(long)} / {@link #reloaded()} around a reload: for the SIGHUP path (see below).</li>
 * </ul>
 *
 * <h2>For the reload (SIGHUP) path</h2>
 * {@link SupervisorRunner} creates one instance per run, before the signal handlers, so the SIGHUP handler can
 * use it: call {@link #reloading(long)} with the loop's {@code nowNs} when a reload starts, and {@link #reloaded()}
 * when it is over (applied, or refused because the new configuration is invalid: the old one is still served,
 * so the service is ready either way). Both are no-ops without NOTIFY_SOCKET, before the first READY and once
 * stopping.
 *
 * <p>Pure bookkeeping: the datagrams go to a {@link Sink}, so tests record them without a socket.
 * Threading: loop thread only.
 */
public final class ServiceNotifications {
    /** Where the messages go; returns null when sent, else why not. */
    @FunctionalInterface
    public interface Sink {
        String send(String state);
    }

    /** No service manager: nothing is sent. */
    public static final Sink NONE = state -> null;

    private final Sink sink;
    private final long mainPid;
    private final Logger log;
    private final Set<String> waitingFor;
    private boolean started;
    private boolean ready;
    private boolean stopping;
    private boolean reloading;

    /**
     * @param children the names of the children that will be started (each must come up before READY)
     * @param mainPid  the parent's pid (MAINPID=), which systemd then follows
     */
    public ServiceNotifications(Sink sink, List<String> children, long mainPid, Logger log) {
        this.sink = sink;
        this.mainPid = mainPid;
        this.log = log;
        this.waitingFor = new LinkedHashSet<>(children);
    }

    /** The children have been spawned (or none was needed): with none to wait for, ready now. */
    public void onStarted() {
        started = true;
        readyIfAllUp();
    }

    /** A child answered its first watchdog hello (a respawned child counts again; harmless). */
    public void onChildUp(String child) {
        waitingFor.remove(child);
        readyIfAllUp();
    }

    /** The daemon begins to stop. */
    public void onStopping() {
        if (!stopping) {
            stopping = true;
            send(SystemdNotifier.STOPPING);
        }
    }

    /** A reload begins ({@code nowNs}: the loop's monotonic clock). See the class comment. */
    public void reloading(long nowNs) {
        if (ready && !stopping && !reloading) {
            reloading = true;
            send(SystemdNotifier.reloadingMessage(nowNs));
        }
    }

    /** The reload is over, whatever its result. See the class comment. */
    public void reloaded() {
        if (reloading && !stopping) {
            reloading = false;
            send(SystemdNotifier.READY_AGAIN);
        }
    }

    /** True once READY=1 has been sent (or would have been, without a service manager). */
    public boolean isReady() {
        return ready;
    }

    private void readyIfAllUp() {
        if (started && !ready && !stopping && waitingFor.isEmpty()) {
            ready = true;
            send(SystemdNotifier.readyMessage(mainPid));
        }
    }

    private void send(String state) {
        String error = sink.send(state);
        if (error != null) {
            log.warning("Cannot notify the service manager (" + state.replace('\n', ' ') + "): " + error);
        }
    }
}
