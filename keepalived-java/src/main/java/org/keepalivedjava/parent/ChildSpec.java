package org.keepalivedjava.parent;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One kind of child the parent keeps alive: started as {@code java <jvmFlags> -cp <the parent's classpath>
 * <mainClass> <args>}.
 *
 * @param name      "VRRP" or "Checker": log lines ("VRRP child process(123) ...") and the socket file name
 * @param mainClass the child's main class
 * @param jvmFlags  flags before the class path, e.g. {@link #DEFAULT_JVM_FLAGS}
 * @param args      the child's own arguments
 * @param pidFile   written with the child's pid when spawned, removed when it exits (-r / -c)
 * @param ident     the child's syslog ident ({@code org.keepalivedjava.log.Ident})
 * @param afterExit what the parent cleans up when this child has gone, before a respawn ({@link OrphanVipRelease})
 */
public record ChildSpec(String name, String mainClass, List<String> jvmFlags, List<String> args,
                        Optional<Path> pidFile, String ident, AfterChildExit afterExit) {
    /**
     * Small, fast-starting JVMs (DESIGN.md, measured: ~60 MiB RSS, ~680 ms to ready). No -Xmx here: the heap a
     * child needs grows with the configuration, the caller adds it. Never -XX:+ExitOnOutOfMemoryError (exit 3
     * reads as FATAL, see {@link ChildExit}).
     */
    public static final List<String> DEFAULT_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss256k");

    /**
     * keepalived's JSON signal, SIGRTMIN + 2 under glibc ({@code keepalived --signum=JSON}): the parent forwards it
     * to the VRRP child, which writes /tmp/keepalived.json. The JVM cannot handle a real-time signal; the processes
     * read it from a signalfd (os.loop.SignalFd), which needs it blocked in every thread from the JVM's start.
     */
    public static final int JSON_SIGNAL = 34 + 2;

    /** Starts a child with the JSON signal blocked in all its threads (coreutils env >= 9.0). */
    public static final List<String> BLOCK_JSON_SIGNAL = List.of("env", "--block-signal=RTMIN+2");

    /**
     * What goes before the java command of a child: {@link #BLOCK_JSON_SIGNAL} when the parent itself runs with the
     * JSON signal blocked (the launcher script found an env that can do it), else nothing, so a parent started
     * without it (older coreutils, plain java) starts its children as before.
     */
    public static List<String> launchPrefix(boolean parentBlocksJsonSignal) {
        return parentBlocksJsonSignal ? BLOCK_JSON_SIGNAL : List.of();
    }

    public ChildSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(mainClass);
        jvmFlags = List.copyOf(jvmFlags);
        args = List.copyOf(args);
        Objects.requireNonNull(pidFile);
        Objects.requireNonNull(ident);
        Objects.requireNonNull(afterExit);
        if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            throw new IllegalArgumentException("child name must be letters, digits, - or _: '" + name + "'");
        }
    }

    /** A child with nothing to clean up after it. */
    public ChildSpec(String name, String mainClass, List<String> jvmFlags, List<String> args, Optional<Path> pidFile,
                     String ident) {
        this(name, mainClass, jvmFlags, args, pidFile, ident, AfterChildExit.NOTHING);
    }

    /** The watchdog socket's file name in the runtime directory, e.g. "vrrp.sock". */
    public String socketFileName() {
        return name.toLowerCase(Locale.ROOT) + ".sock";
    }
}
