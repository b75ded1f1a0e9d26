package org.keepalivedjava.parent;

import java.util.List;
import java.util.Optional;

import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;

/**
 * The parent's main loop in one call, for cli.Launcher: builds the event loop, handles SIGTERM/SIGINT (orderly
 * stop), forwards SIGUSR1/SIGUSR2 to the children, starts the {@link ChildSupervisor} and runs until every
 * child is gone.
 *
 * <p>SIGHUP (reload) is NOT handled yet: it needs the config re-read and validated first (issue 5, lead). It is
 * claimed and logged so that the JVM's default action (run shutdown hooks and exit, which would also take the
 * children down through PR_SET_PDEATHSIG) cannot happen.
 */
public final class SupervisorRunner {
    private SupervisorRunner() {
    }

    /**
     * Blocks the CALLING thread, which becomes the loop thread and spawns the children: it must be a thread that
     * lives as long as the daemon (main is right), because the children's PR_SET_PDEATHSIG fires when the thread
     * that forked them exits.
     *
     * @return how the supervision ended; {@link ChildSupervisor.Outcome#exitStatus()} is the process status
     */
    public static ChildSupervisor.Outcome run(SupervisorSettings settings, List<ChildSpec> children, Logger log) {
        return run(settings, children, log, () -> { });
    }

    /**
     * As {@link #run(SupervisorSettings, List, Logger)}; {@code onRunning} runs on the loop once the signal handlers
     * are installed and the children spawned, i.e. from when a SIGTERM is an orderly stop.
     */
    public static ChildSupervisor.Outcome run(SupervisorSettings settings, List<ChildSpec> children, Logger log,
                                             Runnable onRunning) {
        return run(settings, children, log, new ChildSupervisor.Events() {
        }, onRunning, new StopSwitch());
    }

    /** {@link #run(SupervisorSettings, List, Logger)} that also reports to {@code events} (tests, benchmarks). */
    public static ChildSupervisor.Outcome run(SupervisorSettings settings, List<ChildSpec> children, Logger log,
                                             ChildSupervisor.Events events) {
        return run(settings, children, log, events, () -> { }, new StopSwitch());
    }

    /**
     * The full form: as {@link #run(SupervisorSettings, List, Logger, Runnable)}, reporting to {@code events}, and
     * stoppable from another thread through {@code stopSwitch} (Commons Daemon).
     */
    public static ChildSupervisor.Outcome run(SupervisorSettings settings, List<ChildSpec> children, Logger log,
                                             ChildSupervisor.Events events, Runnable onRunning,
                                             StopSwitch stopSwitch) {
        Optional<SystemdNotifier> systemd = SystemdNotifier.of(settings.notifySocket());
        systemd.ifPresent(n -> log.detail("Service manager notifications to " + n.socketName()));
        ServiceNotifications service = new ServiceNotifications(
                systemd.<ServiceNotifications.Sink>map(n -> n::send).orElse(ServiceNotifications.NONE),
                children.stream().map(ChildSpec::name).toList(), Native.getpid(), log);
        try {
            return run(settings, children, log, events, onRunning, stopSwitch, service);
        } finally {
            systemd.ifPresent(SystemdNotifier::close);
        }
    }

    private static ChildSupervisor.Outcome run(SupervisorSettings settings, List<ChildSpec> children, Logger log,
                                              ChildSupervisor.Events events, Runnable onRunning,
                                              StopSwitch stopSwitch, ServiceNotifications service) {
        try (EventLoop loop = new EventLoop(Clock.SYSTEM,
                (source, error) -> log.error("event loop: " + source + " failed: " + error),
                EventLoop.DEFAULT_TASK_QUEUE_CAPACITY, EventLoop.DEFAULT_MAX_EVENTS)) {
            ChildSupervisor supervisor = new ChildSupervisor(loop, settings, children, log,
                    new ChildSupervisor.Events() {
                        @Override
                        public void onSpawned(String child, long pid, long nowNs) {
                            events.onSpawned(child, pid, nowNs);
                        }

                        @Override
                        public void onUp(String child, long pid, long nowNs) {
                            events.onUp(child, pid, nowNs);
                            service.onChildUp(child);
                        }

                        @Override
                        public void onHung(String child, long pid, String reason, long nowNs) {
                            events.onHung(child, pid, reason, nowNs);
                        }

                        @Override
                        public void onExited(String child, long pid, ChildExit exit, long ranNs, long nowNs) {
                            events.onExited(child, pid, exit, ranNs, nowNs);
                        }

                        @Override
                        public void onRespawnScheduled(String child, RespawnBackoff.Decision decision, long nowNs) {
                            events.onRespawnScheduled(child, decision, nowNs);
                        }

                        @Override
                        public void onStopping(ChildSupervisor.Outcome why, long nowNs) {
                            events.onStopping(why, nowNs);
                            service.onStopping();
                        }

                        @Override
                        public void onStopped(ChildSupervisor.Outcome outcome) {
                            events.onStopped(outcome);
                            loop.stop();
                        }
                    });
            if (settings.handleStopSignals()) {
                handleStopSignals(loop, supervisor, log);
            }
            loop.onSignal(Consts.SIGUSR1, (signo, nowNs) -> supervisor.signalChildren(signo));
            loop.onSignal(Consts.SIGUSR2, (signo, nowNs) -> supervisor.signalChildren(signo));
            loop.onSignal(Consts.SIGHUP, (signo, nowNs) -> log.warning("Received SIGHUP: reload is not implemented yet; ignored"));
            supervisor.start();
            service.onStarted();
            stopSwitch.bind(supervisor::requestStop);
            onRunning.run();
            try {
                loop.run();
            } finally {
                stopSwitch.unbind();
            }
            return supervisor.outcome().orElseThrow();
        }
    }

    /** SIGTERM and SIGINT: orderly stop. Not claimed when the host owns them (jsvc turns SIGTERM into stop()). */
    private static void handleStopSignals(EventLoop loop, ChildSupervisor supervisor, Logger log) {
        loop.onSignal(Consts.SIGTERM, (signo, nowNs) -> {
            log.info("Received SIGTERM: stopping");
            supervisor.stop();
        });
        loop.onSignal(Consts.SIGINT, (signo, nowNs) -> {
            log.info("Received SIGINT: stopping");
            supervisor.stop();
        });
    }
}
