package org.keepalivedjava.parent;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.keepalivedjava.config.lex.ConfigSnapshot;
import org.keepalivedjava.watchdog.RuntimeDir;

/**
 * How the parent supervises its children.
 *
 * @param watchdogIntervalNs global_defs watchdog_interval (default 5 s; 0 = no hellos, no hang detection)
 * @param childWaitTimeNs    global_defs child_wait_time: on stop, how long children get after SIGTERM before
 *                           SIGKILL (keepalived's default 5 s)
 * @param respawn            false with -R/--dont-respawn: a child's death stops the daemon
 * @param runtimeDir         the private directory of the watchdog sockets
 * @param javaCommand        the java launcher for children (default: this JVM's)
 * @param classPath          the children's class path (default: this JVM's)
 * @param startupTimeoutNs   how long a child may take to open its watchdog socket before it counts as hung
 * @param output             where the children's stdout/stderr go (INHERIT: the parent's)
 * @param notifySocket       systemd's NOTIFY_SOCKET when the parent runs under systemd ({@link SystemdNotifier})
 * @param handleStopSignals  SIGTERM/SIGINT stop the daemon (true); false when the host owns those signals and
 *                           stops the daemon through a {@link StopSwitch} (jsvc calls Daemon.stop on SIGTERM)
 * @param controlSocket      where the control socket listens (global_defs control_socket), empty = none
 * @param metricsListen      where the Prometheus endpoint listens (global_defs prometheus_listen), empty = off
 * @param configSnapshot     the configuration the parent validated, handed to every child ({@link ConfigSnapshot});
 *                           empty: children read the configuration file themselves (tests with stand-in children)
 * @param prespawned         children started before the configuration was validated, waiting for it
 *                           ({@link PrespawnedChildren}); taken by {@link ChildSupervisor#start()} instead of spawning
 */
public record SupervisorSettings(long watchdogIntervalNs, long childWaitTimeNs, boolean respawn, Path runtimeDir,
                                 String javaCommand, String classPath, long startupTimeoutNs,
                                 ProcessBuilder.Redirect output, Optional<String> notifySocket,
                                 boolean handleStopSignals, Optional<Path> controlSocket,
                                 Optional<java.net.InetSocketAddress> metricsListen,
                                 Optional<ConfigSnapshot> configSnapshot, PrespawnedChildren prespawned) {
    public static final long DEFAULT_WATCHDOG_INTERVAL_NS = 5 * RespawnBackoff.SECOND_NS;
    public static final long DEFAULT_CHILD_WAIT_TIME_NS = 5 * RespawnBackoff.SECOND_NS;
    /** JVM start-up is ~0.5-1 s on the project's machines; 30 s leaves room for a loaded host. */
    public static final long DEFAULT_STARTUP_TIMEOUT_NS = 30 * RespawnBackoff.SECOND_NS;

    public SupervisorSettings {
        if (watchdogIntervalNs < 0 || childWaitTimeNs < 0 || startupTimeoutNs <= 0) {
            throw new IllegalArgumentException("negative time in supervisor settings");
        }
        Objects.requireNonNull(runtimeDir);
        Objects.requireNonNull(javaCommand);
        Objects.requireNonNull(classPath);
        Objects.requireNonNull(output);
        Objects.requireNonNull(notifySocket);
        Objects.requireNonNull(controlSocket);
        Objects.requireNonNull(metricsListen);
        Objects.requireNonNull(configSnapshot);
        Objects.requireNonNull(prespawned);
    }

    /** Defaults: watchdog 5 s, child_wait_time 5 s, respawn on, /run/keepalived-java, this JVM, inherited output. */
    public static SupervisorSettings defaults() {
        return new SupervisorSettings(DEFAULT_WATCHDOG_INTERVAL_NS, DEFAULT_CHILD_WAIT_TIME_NS, true,
                Path.of(RuntimeDir.DEFAULT), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"), DEFAULT_STARTUP_TIMEOUT_NS, ProcessBuilder.Redirect.INHERIT,
                Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty(),
                PrespawnedChildren.none());
    }

    public SupervisorSettings withWatchdogIntervalNs(long ns) {
        return new SupervisorSettings(ns, childWaitTimeNs, respawn, runtimeDir, javaCommand, classPath,
                startupTimeoutNs, output, notifySocket, handleStopSignals, controlSocket, metricsListen, configSnapshot,
                prespawned);
    }

    public SupervisorSettings withChildWaitTimeNs(long ns) {
        return new SupervisorSettings(watchdogIntervalNs, ns, respawn, runtimeDir, javaCommand, classPath,
                startupTimeoutNs, output, notifySocket, handleStopSignals, controlSocket, metricsListen, configSnapshot,
                prespawned);
    }

    public SupervisorSettings withRespawn(boolean on) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, on, runtimeDir, javaCommand, classPath,
                startupTimeoutNs, output, notifySocket, handleStopSignals, controlSocket, metricsListen, configSnapshot,
                prespawned);
    }

    public SupervisorSettings withRuntimeDir(Path dir) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, respawn, dir, javaCommand, classPath,
                startupTimeoutNs, output, notifySocket, handleStopSignals, controlSocket, metricsListen, configSnapshot,
                prespawned);
    }

    public SupervisorSettings withStartupTimeoutNs(long ns) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, respawn, runtimeDir, javaCommand,
                classPath, ns, output, notifySocket, handleStopSignals, controlSocket, metricsListen, configSnapshot,
                prespawned);
    }

    public SupervisorSettings withOutput(ProcessBuilder.Redirect redirect) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, respawn, runtimeDir, javaCommand,
                classPath, startupTimeoutNs, redirect, notifySocket, handleStopSignals, controlSocket, metricsListen, configSnapshot,
                prespawned);
    }

    /** NOTIFY_SOCKET's value (empty or absent: not under systemd). */
    public SupervisorSettings withNotifySocket(Optional<String> socket) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, respawn, runtimeDir, javaCommand,
                classPath, startupTimeoutNs, output, socket, handleStopSignals, controlSocket, metricsListen, configSnapshot,
                prespawned);
    }

    public SupervisorSettings withHandleStopSignals(boolean on) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, respawn, runtimeDir, javaCommand,
                classPath, startupTimeoutNs, output, notifySocket, on, controlSocket, metricsListen, configSnapshot,
                prespawned);
    }

    public SupervisorSettings withControlSocket(Optional<Path> socket) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, respawn, runtimeDir, javaCommand,
                classPath, startupTimeoutNs, output, notifySocket, handleStopSignals, socket, metricsListen,
                configSnapshot, prespawned);
    }

    public SupervisorSettings withMetricsListen(Optional<java.net.InetSocketAddress> listen) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, respawn, runtimeDir, javaCommand,
                classPath, startupTimeoutNs, output, notifySocket, handleStopSignals, controlSocket, listen,
                configSnapshot, prespawned);
    }

    /** The validated configuration the children run (written to the runtime directory at start). */
    public SupervisorSettings withConfigSnapshot(Optional<ConfigSnapshot> snapshot) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, respawn, runtimeDir, javaCommand,
                classPath, startupTimeoutNs, output, notifySocket, handleStopSignals, controlSocket, metricsListen,
                snapshot, prespawned);
    }

    /** Children already started and waiting at their {@link StartGate} (see {@link PrespawnedChildren}). */
    public SupervisorSettings withPrespawned(PrespawnedChildren children) {
        return new SupervisorSettings(watchdogIntervalNs, childWaitTimeNs, respawn, runtimeDir, javaCommand,
                classPath, startupTimeoutNs, output, notifySocket, handleStopSignals, controlSocket, metricsListen,
                configSnapshot, children);
    }
}
