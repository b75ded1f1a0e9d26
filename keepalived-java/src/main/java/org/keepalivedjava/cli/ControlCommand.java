package org.keepalivedjava.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.parent.control.ControlClient;
import org.keepalivedjava.parent.control.ControlPaths;
import org.keepalivedjava.parent.control.ControlProtocol;

/**
 * {@code --status [--json]}, {@code --reload}, {@code --stop}: keepalived-java's own options, a client of the running
 * daemon's control socket. The socket is found as the daemon finds it ({@link ControlPaths}): global_defs
 * {@code control_socket} of the same configuration file ({@code -f}), else the default for {@code -s NAME}.
 *
 * <p>Exit status: 0 when the daemon answered OK (status shown, reload applied, stop complete); 1 when it answered
 * with an error (a refused reload: its errors, with file and line, are printed on stderr) or the exchange failed;
 * 3 when no daemon could be reached (LSB's "not running", so init scripts can use {@code --status}); 4 when the
 * socket may not be used by this user (LSB's "insufficient privilege"). A daemon refusing the caller's uid
 * (SO_PEERCRED) answers ERROR: 1.
 */
final class ControlCommand {
    static final int NOT_RUNNING = 3;
    static final int NO_PRIVILEGE = 4;
    static final long STATUS_TIMEOUT_MS = 15_000;
    static final long RELOAD_TIMEOUT_MS = 60_000;
    /** A stop waits for the children (child_wait_time, then SIGKILL) and the parent's exit. */
    static final long STOP_TIMEOUT_MS = 120_000;

    private ControlCommand() {
    }

    static int run(Options options, ControlProtocol.Request request, Platform platform) {
        Path socket = socketPath(options, platform);
        long timeoutMs = switch (request) {
            case RELOAD -> RELOAD_TIMEOUT_MS;
            case STOP -> STOP_TIMEOUT_MS;
            default -> STATUS_TIMEOUT_MS;
        };
        try {
            ControlClient.Response response = ControlClient.send(socket, request, timeoutMs);
            if (response.ok()) {
                platform.out().print(response.body());
                platform.out().flush();
                return ExitStatus.OK;
            }
            platform.err().print(response.body());
            return ExitStatus.FAILURE;
        } catch (ControlClient.UnreachableException e) {
            platform.err().println("keepalived-java: " + e.getMessage());
            return e.permissionDenied() ? NO_PRIVILEGE : NOT_RUNNING;
        } catch (IOException e) {
            platform.err().println("keepalived-java: " + e.getMessage());
            return ExitStatus.FAILURE;
        }
    }

    /**
     * The daemon's control socket: read the configuration quietly (its diagnostics are the daemon's business;
     * an unreadable file simply means the default path).
     */
    static Path socketPath(Options options, Platform platform) {
        String configured = null;
        try {
            ConfigLoader.Result result = ConfigLoader.load(options.configFile(), Launcher.loadOptions(options, platform),
                    platform.host(), new Diagnostics(d -> { }));
            GlobalDefs global = result.config() == null ? null : result.config().global();
            if (global != null && global.extensions() != null) {
                configured = global.extensions().controlSocket();
            }
        } catch (RuntimeException e) {
            // Best effort: the default path.
        }
        return ControlPaths.socket(configured, options.namespace());
    }
}
