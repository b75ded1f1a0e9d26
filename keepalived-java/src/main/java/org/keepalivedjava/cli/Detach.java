package org.keepalivedjava.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The JVM's half of daemonizing (the other half is bin/keepalived-java). A JVM cannot fork, so the launcher script
 * starts the parent in a new session ({@code setsid}, in the background) with stdin on /dev/null and stdout/stderr
 * on a pipe it reads, and sets {@link #ENV}. Once the parent holds its pid file and has a configuration it can
 * run, and BEFORE it spawns the children (they inherit stdout/stderr: they must get /dev/null, not the script's
 * pipe, whose end of stream would otherwise never come), it prints {@link #DETACHED_LINE} and points
 * stdout/stderr at /dev/null: the script
 * sees the line and end of stream and returns 0. If the parent exits first, the script sees end of stream without
 * the line, prints what the parent said and returns its exit status. So a failed start is reported to whoever
 * ran the command, as keepalived reports bad options and missing files before it forks.
 *
 * <p>Why closing the JDK's standard streams detaches: for file descriptors 0-2 the JDK does not close(2) them
 * but dup2(2)s /dev/null over them (so that a later open cannot reuse 1 or 2 by accident). Children spawned later
 * with inherited output get /dev/null too. Later writes to System.out/err are dropped (PrintStream keeps an error
 * flag, never throws), as console logging in a daemonized keepalived goes nowhere.
 */
final class Detach {
    /** Set to "1" by the launcher script when it waits for the parent to detach. */
    static final String ENV = "KEEPALIVED_JAVA_DETACH";
    /** What the script looks for (followed by the pid). */
    static final String DETACHED_LINE = "keepalived-java: running in the background, pid ";

    private Detach() {
    }

    static boolean requested(Platform platform) {
        return "1".equals(platform.environment().apply(ENV));
    }

    /** Tells the script we run, then gives up stdout/stderr. Never call this in a test JVM: it loses its output. */
    static void detachStdio(PrintStream out, long pid) {
        out.println(DETACHED_LINE + pid);
        out.flush();
        System.out.flush();
        System.err.flush();
        closeStandard(FileDescriptor.out);
        closeStandard(FileDescriptor.err);
    }

    private static void closeStandard(FileDescriptor fd) {
        try {
            new FileOutputStream(fd).close();
        } catch (IOException e) {
            // Nothing to report it to any more; the stream stays as it was.
        }
    }
}
