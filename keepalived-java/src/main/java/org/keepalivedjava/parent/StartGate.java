package org.keepalivedjava.parent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The go/abort handshake of a child started before the parent has validated the configuration
 * ({@link PrespawnedChildren}).
 *
 * <p>Why: starting a JVM takes a few hundred milliseconds, most of it class loading, and the parent's own start
 * (parsing and validating the configuration, writing the snapshot) takes about as long. Done one after the other,
 * both delay RFC 5798's Master_Down_Interval, which only begins when the VRRP child runs. So the parent starts the
 * child JVM as soon as it knows its command line, and the child boots while the parent validates; the child then
 * waits here, before it reads the configuration, until the parent says "go" (the snapshot is written and the
 * runtime directory exists) or tells it to leave (the configuration is invalid, or does not need this child).
 *
 * <p>The channel is the child's stdin, a pipe from the parent (children otherwise read /dev/null): one line,
 * {@value #GO}, means go; anything else, or end of file, means abort. End of file also covers a parent that died
 * before deciding, so a waiting child never outlives it. Chosen over a file or the watchdog socket because the
 * pipe exists from the exec on, needs no directory, and its end of file is reliable.
 */
public final class StartGate {
    /** Set in a pre-spawned child's environment (to {@value #STDIN}): wait for the parent's word on stdin. */
    public static final String ENV = "KEEPALIVED_JAVA_START_GATE";
    static final String STDIN = "stdin";
    static final String GO = "go";
    /** A line longer than this is not "go"; stops reading a runaway input. */
    private static final int MAX_LINE = 16;

    /** What the parent decided. */
    public enum Verdict {
        GO,
        ABORT
    }

    private StartGate() {
    }

    /** True when this child was pre-spawned and must wait ({@link #await}) before reading its configuration. */
    public static boolean requested(Function<String, String> environment) {
        return STDIN.equals(environment.apply(ENV));
    }

    /**
     * Child side: blocks until the parent's line (or end of file) and returns its verdict. A read error is an
     * abort: the child cannot know the configuration is ready.
     */
    public static Verdict await(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.length() >= MAX_LINE) {
                    return Verdict.ABORT;
                }
                line.append((char) b);
            }
            if (b == -1) {
                return Verdict.ABORT;
            }
        } catch (IOException e) {
            return Verdict.ABORT;
        }
        return GO.contentEquals(line) ? Verdict.GO : Verdict.ABORT;
    }

    /**
     * Parent side: go, then close (the child never reads its stdin again).
     *
     * @throws IOException when the child has already gone (broken pipe); its exit is reported as for any child
     */
    public static void go(OutputStream childStdin) throws IOException {
        try (OutputStream out = childStdin) {
            out.write((GO + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** Parent side: abort, by closing the pipe (end of file). Never fails: a child already gone is fine. */
    public static void abort(OutputStream childStdin) {
        try {
            childStdin.close();
        } catch (IOException e) {
            // The child has gone already, which is what abort wants.
        }
    }
}
