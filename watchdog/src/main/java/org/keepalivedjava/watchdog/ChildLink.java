package org.keepalivedjava.watchdog;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.keepalivedjava.os.libc.Native;

/**
 * What a child needs to know about its parent, handed over in two environment variables the parent sets when it
 * spawns the child (environment rather than arguments so the child's own command line stays its own):
 * the watchdog socket path the child must listen on and the parent's pid (the only pid allowed to connect).
 */
public record ChildLink(Path socketPath, int parentPid) {
    public static final String SOCKET_ENV = "KEEPALIVED_JAVA_WATCHDOG_SOCKET";
    public static final String PARENT_PID_ENV = "KEEPALIVED_JAVA_PARENT_PID";

    /** The link from the environment, empty when the process was not started by a keepalived-java parent. */
    public static Optional<ChildLink> fromEnvironment(Function<String, String> environment) {
        String socket = environment.apply(SOCKET_ENV);
        String pid = environment.apply(PARENT_PID_ENV);
        if (socket == null || socket.isEmpty() || pid == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChildLink(Path.of(socket), Integer.parseInt(pid.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The variables for the parent's ProcessBuilder environment. */
    public Map<String, String> environment() {
        return Map.of(SOCKET_ENV, socketPath.toString(), PARENT_PID_ENV, Integer.toString(parentPid));
    }

    /**
     * Asks the kernel to send {@code signo} (SIGTERM) to this process when its parent dies (PR_SET_PDEATHSIG),
     * then checks the parent is still the one that spawned us: if it died before the prctl, no signal will come.
     * Note the kernel ties the death signal to the parent THREAD that forked us, which is why the parent spawns
     * children from its long-lived loop thread.
     *
     * @return false when the parent is already gone: the caller should exit at once
     */
    public boolean dieWithParent(int signo) {
        Native.setParentDeathSignal(signo);
        return Native.getppid() == parentPid;
    }
}
