package org.keepalivedjava.parent;

import java.util.Map;

/**
 * How a child process ended, from {@link Process#exitValue()}: Java reports a death by signal N as 128 + N
 * (the shell's convention), so a value above 128 is read as a signal. A child never exits with more than 128 on
 * purpose (its codes are the small ones below), so the reading is unambiguous for our children.
 *
 * <h2>Exit codes of keepalived-java children (keepalived 2.2.7's values)</h2>
 * <table>
 *   <caption>child exit codes and what the parent does</caption>
 *   <tr><th>code</th><th>meaning</th><th>parent</th></tr>
 *   <tr><td>0 {@link #OK}</td><td>clean exit (normally only when told to stop)</td><td>respawn if unexpected</td></tr>
 *   <tr><td>1 {@link #NO_MEMORY}</td><td>keepalived: out of memory. Also what the JVM itself returns when
 *       main throws or the launcher fails</td><td>respawn with back-off</td></tr>
 *   <tr><td>2 {@link #PROGRAM_ERROR}</td><td>a bug detected by the child</td><td>respawn with back-off</td></tr>
 *   <tr><td>3 {@link #FATAL}</td><td>cannot run on this host: missing permission or capability
 *       (CAP_NET_ADMIN, CAP_NET_RAW), missing kernel feature (IPVS), cannot bind/open what it must</td>
 *       <td><b>stop the whole daemon</b></td></tr>
 *   <tr><td>4 {@link #CONFIG}</td><td>the configuration handed over cannot be run (the parent validated it,
 *       so this is e.g. an interface that vanished)</td><td><b>stop the whole daemon</b></td></tr>
 *   <tr><td>&gt;128</td><td>killed by signal (code - 128)</td><td>respawn with back-off</td></tr>
 * </table>
 * Respawning on 3 or 4 would only loop: the next child would fail the same way. Caution: the JVM flag
 * {@code -XX:+ExitOnOutOfMemoryError} exits with 3, which would read as FATAL; children must not use it (an
 * out-of-memory error ends the loop thread's run() and main exits 1, which is respawned).
 */
public record ChildExit(int exitValue) {
    public static final int OK = 0;
    public static final int NO_MEMORY = 1;
    public static final int PROGRAM_ERROR = 2;
    public static final int FATAL = 3;
    public static final int CONFIG = 4;

    private static final int SIGNAL_BASE = 128;
    private static final Map<Integer, String> SIGNAL_NAMES = Map.of(1, "HUP", 2, "INT", 3, "QUIT", 6, "ABRT",
            9, "KILL", 11, "SEGV", 13, "PIPE", 15, "TERM");

    public boolean bySignal() {
        return exitValue > SIGNAL_BASE;
    }

    /** The signal that killed the child, 0 if it exited by itself. */
    public int signal() {
        return bySignal() ? exitValue - SIGNAL_BASE : 0;
    }

    /** True for the codes that stop the whole daemon instead of a respawn. */
    public boolean isPermanent() {
        return !bySignal() && (exitValue == FATAL || exitValue == CONFIG);
    }

    /** The end of a log line after the child's name, e.g. "exited due to signal 9 (SIGKILL)". */
    public String describe() {
        if (bySignal()) {
            String name = SIGNAL_NAMES.get(signal());
            return "exited due to signal " + signal() + (name == null ? "" : " (SIG" + name + ")");
        }
        if (exitValue == CONFIG) {
            return "exited with permanent error CONFIG";
        }
        if (exitValue == FATAL) {
            return "exited with permanent error FATAL";
        }
        return "exited with status " + exitValue;
    }
}
