package org.keepalivedjava.checkers.check;

import java.util.List;

/**
 * Runs a script for MISC_CHECK without blocking the loop; the result comes back on the loop thread.
 * The checker child adapts the shared script runner to this.
 */
public interface ScriptExecutor {

    /** The outcome of one run. {@code exitCode} is meaningful only when {@code timedOut} and {@code failed} are false. */
    record Outcome(int exitCode, boolean timedOut, boolean failed, String detail) {
    }

    /** A started script; {@link #terminate()} kills it (and its process group). */
    interface Running {
        void terminate();
    }

    /**
     * @param argv      program and arguments (no shell)
     * @param user      user to run as, null for the daemon's own
     * @param group     group to run as, null for the user's primary group
     * @param timeoutNs killed after this long; 0 = no timeout
     */
    Running run(List<String> argv, String user, String group, long timeoutNs, java.util.function.Consumer<Outcome> onDone);
}
