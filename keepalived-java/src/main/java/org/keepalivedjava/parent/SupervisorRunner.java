package org.keepalivedjava.parent;

import java.util.List;
import java.util.Optional;

import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.SignalFd;
import org.keepalivedjava.parent.control.ControlPlane;

/**
 * The parent's main loop in one call, for cli.Launcher: builds the event loop, handles SIGTERM/SIGINT (orderly
 * stop), forwards SIGUSR1/SIGUSR2 to the children, handles SIGHUP ({@link #onSighup}: validate, then reload the
 * children), starts the {@link ChildSupervisor} and runs until every child is gone.
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
        return run(settings, children, log, new ChildSupervisor.Events() {
        });
    }

    /** {@link #run(SupervisorSettings, List, Logger)} that also reports to {@code events} (tests, benchmarks). */
    public static ChildSupervisor.Outcome run(SupervisorSettings settings, List<ChildSpec> children, Logger log,
                                             ChildSupervisor.Events events) {
        return run(settings, children, log, events, () -> { }, new StopSwitch(), ConfigReload.ACCEPT);
    }

    /**
     * The full form.
     *
     * @param events     told of every child event (tests, benchmarks)
     * @param onRunning  runs on the loop once the signal handlers are installed and the children spawned, i.e. from
     *                   when a SIGTERM is an orderly stop
     * @param stopSwitch lets another thread request the orderly stop (Commons Daemon)
     * @param reload     SIGHUP's re-read and validation ({@link #onSighup})
     */
    public static ChildSupervisor.Outcome run(SupervisorSettings settings, List<ChildSpec> children, Logger log,
                                             ChildSupervisor.Events events, Runnable onRunning,
                                             StopSwitch stopSwitch, ConfigReload reload) {
        Optional<SystemdNotifier> systemd = SystemdNotifier.of(settings.notifySocket());
        systemd.ifPresent(n -> log.detail("Service manager notifications to " + n.socketName()));
        ServiceNotifications service = new ServiceNotifications(
                systemd.<ServiceNotifications.Sink>map(n -> n::send).orElse(ServiceNotifications.NONE),
                children.stream().map(ChildSpec::name).toList(), Native.getpid(), log);
        try {
            return run(settings, children, log, events, onRunning, stopSwitch, reload, service);
        } finally {
            systemd.ifPresent(SystemdNotifier::close);
        }
    }

    private static ChildSupervisor.Outcome run(SupervisorSettings settings, List<ChildSpec> children, Logger log,
                                              ChildSupervisor.Events events, Runnable onRunning,
                                              StopSwitch stopSwitch, ConfigReload reload,
                                              ServiceNotifications service) {
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
            SignalFd jsonSignal = forwardJsonSignal(loop, supervisor, log);
            loop.onSignal(Consts.SIGHUP, (signo, nowNs) -> onSighup(supervisor, reload, service, log, nowNs));
            supervisor.start();
            service.onStarted();
            stopSwitch.bind(supervisor::requestStop);
            ControlPlane control = ControlPlane.start(loop, supervisor, settings.controlSocket(),
                    settings.metricsListen(), new ControlPlane.Actions() {
                        @Override
                        public ConfigReload.Checked reload(long nowNs) {
                            return SupervisorRunner.reload(supervisor, reload, service, log, nowNs);
                        }

                        @Override
                        public void stop() {
                            supervisor.stop();
                        }
                    }, log);
            onRunning.run();
            try {
                loop.run();
            } finally {
                stopSwitch.unbind();
                control.close();
                if (jsonSignal != null) {
                    jsonSignal.close();
                }
            }
            return supervisor.outcome().orElseThrow();
        }
    }

    /**
     * SIGHUP: re-read and validate the configuration; if it must not be applied (its errors are logged by
     * {@code reload}), the running configuration stays untouched and no child is signalled; otherwise the children
     * reload ({@link ChildSupervisor#reload}). keepalived's parent re-reads too but signals the children whatever the
     * file holds; refusing an erroneous file here is this daemon's choice (issue 5: a broken edit followed by
     * "systemctl reload" must not take a working node down).
     */
    static ConfigReload.Checked onSighup(ChildSupervisor supervisor, ConfigReload reload,
                                         ServiceNotifications service, Logger log, long nowNs) {
        log.info("Received SIGHUP: reloading the configuration");
        return reload(supervisor, reload, service, log, nowNs);
    }

    /**
     * The reload itself, shared by SIGHUP and the control socket's --reload (which logs its own first line):
     * validate, then apply or refuse. Returns the verdict with its messages.
     */
    static ConfigReload.Checked reload(ChildSupervisor supervisor, ConfigReload reload, ServiceNotifications service,
                                       Logger log, long nowNs) {
        service.reloading(nowNs);
        try {
            ConfigReload.Checked checked = reload.rereadChecked();
            Optional<ConfigReload.Accepted> accepted = checked.accepted();
            if (accepted.isEmpty()) {
                log.error("Reload refused: the new configuration has errors (logged above); still running the"
                        + " previous configuration");
                return checked;
            }
            supervisor.reload(accepted.get().children(), accepted.get().snapshot());
            return checked;
        } finally {
            service.reloaded(); // READY=1 again, whether the new configuration was applied or refused
        }
    }

    /** SIGTERM and SIGINT: orderly stop. Not claimed when the host owns them (jsvc turns SIGTERM into stop()). */
    /**
     * keepalived's parent forwards the JSON signal to its VRRP child; so does this one, when the launcher started
     * the JVM with the signal blocked ({@link ChildSpec#JSON_SIGNAL}). Otherwise the signal cannot be handled and
     * null is returned.
     */
    private static SignalFd forwardJsonSignal(EventLoop loop, ChildSupervisor supervisor, Logger log) {
        if (!SignalFd.isBlocked(ChildSpec.JSON_SIGNAL)) {
            log.detail("JSON signal " + ChildSpec.JSON_SIGNAL + " not blocked at start (env --block-signal):"
                    + " /tmp/keepalived.json is not available");
            return null;
        }
        return SignalFd.open(loop, ChildSpec.JSON_SIGNAL, (signo, nowNs) -> supervisor.signalChildren(signo));
    }

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
