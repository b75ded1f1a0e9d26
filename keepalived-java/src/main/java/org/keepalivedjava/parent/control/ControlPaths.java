package org.keepalivedjava.parent.control;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

import org.keepalivedjava.watchdog.RuntimeDir;

/**
 * Where the control socket and the metrics endpoint are, from global_defs and the command line; the daemon and the
 * CLI use the same rules so that {@code keepalived-java -s NAME --status} finds the daemon started with
 * {@code -s NAME}. Pure.
 */
public final class ControlPaths {
    /** The default control socket, in the parent's private runtime directory. */
    public static final Path DEFAULT_SOCKET = Path.of(RuntimeDir.DEFAULT, "control.sock");

    private ControlPaths() {
    }

    /**
     * global_defs {@code control_socket} when set; otherwise {@link #DEFAULT_SOCKET}, or {@code control_NAME.sock}
     * beside it for a daemon started with {@code -s NAME}: Unix socket paths are not per network namespace, so
     * daemons in several namespaces of one host need one each (keepalived names its pid files the same way).
     */
    public static Path socket(String configured, Optional<String> namespace) {
        if (configured != null) {
            return Path.of(configured);
        }
        return namespace.map(ns -> DEFAULT_SOCKET.resolveSibling("control_" + ns + ".sock")).orElse(DEFAULT_SOCKET);
    }

    /**
     * global_defs {@code prometheus_listen} ({@code IP:PORT} or {@code [IPv6]:PORT}, already validated by the
     * config parser) as a socket address; empty when not set. An IP literal only: never a DNS lookup.
     */
    public static Optional<InetSocketAddress> metrics(String configured) {
        if (configured == null) {
            return Optional.empty();
        }
        int colon = configured.lastIndexOf(':');
        String host = configured.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            // getByName does not resolve a literal; the parser accepted only literals.
            return Optional.of(new InetSocketAddress(InetAddress.getByName(host),
                    Integer.parseInt(configured.substring(colon + 1))));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
