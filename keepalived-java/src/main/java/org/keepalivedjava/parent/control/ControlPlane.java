package org.keepalivedjava.parent.control;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.parent.ChildSupervisor;
import org.keepalivedjava.parent.ConfigReload;

/**
 * The parent's observability, wired to its loop: the {@link ControlServer} ({@code --status}, {@code --reload},
 * {@code --stop}) and, when configured, the {@link MetricsEndpoint}. Either failing to open is logged and the daemon
 * runs without it: observability must never stop a node from doing its job. Loop thread, except that the
 * metrics endpoint's thread enters only through {@link EventLoop#execute}.
 */
public final class ControlPlane implements AutoCloseable {
    /** What the commands do in the parent (the SIGHUP path, the SIGTERM path). Loop thread. */
    public interface Actions {
        /** Reload as SIGHUP does; the verdict with its messages. */
        ConfigReload.Checked reload(long nowNs);

        /** Orderly stop, as SIGTERM. */
        void stop();
    }

    /** How long children get to answer a status request. */
    static final long STATUS_TIMEOUT_NS = 3_000_000_000L;

    private final ControlServer control;
    private final MetricsEndpoint metrics;

    private ControlPlane(ControlServer control, MetricsEndpoint metrics) {
        this.control = control;
        this.metrics = metrics;
    }

    public static ControlPlane start(EventLoop loop, ChildSupervisor supervisor, Optional<Path> controlSocket,
                                     Optional<InetSocketAddress> metricsListen, Actions actions, Logger log) {
        long pid = Native.getpid();
        ControlServer control = null;
        if (controlSocket.isPresent()) {
            try {
                control = ControlServer.open(loop, controlSocket.get(), Native.getuid(),
                        (request, reply) -> handle(loop, supervisor, pid, actions, log, request, reply), log::warning);
                log.detail("Control socket " + control.path());
            } catch (IOException | RuntimeException e) {
                log.warning("Control socket " + controlSocket.get() + " not available: " + e.getMessage());
            }
        }
        MetricsEndpoint metrics = null;
        if (metricsListen.isPresent()) {
            try {
                metrics = MetricsEndpoint.start(metricsListen.get(), page -> loop.execute(() ->
                        StatusCollector.collect(loop, supervisor, pid, STATUS_TIMEOUT_NS, System::currentTimeMillis,
                                report -> page.accept(PrometheusText.write(report)))));
                log.info("Prometheus metrics on http://" + hostPort(metrics.address()) + "/metrics");
            } catch (IOException | RuntimeException e) {
                log.error("Prometheus endpoint " + hostPort(metricsListen.get()) + " not available: " + e.getMessage());
            }
        }
        return new ControlPlane(control, metrics);
    }

    private static void handle(EventLoop loop, ChildSupervisor supervisor, long pid, Actions actions, Logger log,
                               ControlProtocol.Request request, ControlServer.Reply reply) {
        switch (request) {
            case STATUS, STATUS_JSON -> StatusCollector.collect(loop, supervisor, pid, STATUS_TIMEOUT_NS,
                    System::currentTimeMillis, report -> reply.send(true, request == ControlProtocol.Request.STATUS_JSON
                            ? StatusJson.write(report) : StatusText.write(report, ZoneId.systemDefault())));
            case RELOAD -> {
                log.info("Reload requested on the control socket");
                ConfigReload.Checked verdict = actions.reload(loop.nowNs());
                StringBuilder body = new StringBuilder();
                if (verdict.accepted().isPresent()) {
                    body.append("Configuration reloaded: applied (the children apply the difference)\n");
                } else {
                    body.append("Reload refused: the new configuration has errors; still running the previous"
                            + " configuration\n");
                }
                verdict.messages().forEach(m -> body.append(m).append('\n'));
                reply.send(verdict.accepted().isPresent(), body.toString());
            }
            case STOP -> {
                log.info("Stop requested on the control socket");
                // The answer goes now; the connection stays open until the parent exits, so the client returns
                // when the stop is complete.
                reply.sendAndHold(true, "Stopping\n");
                actions.stop();
            }
            default -> reply.send(false, "unsupported request\n");
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public Optional<ControlServer> control() {
        return Optional.ofNullable(control);
    }

    public Optional<MetricsEndpoint> metrics() {
        return Optional.ofNullable(metrics);
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        if (control != null) {
            control.close();
        }
    }
}
