package org.keepalivedjava.parent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

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
     * The system property naming the AppCDS archive the children map (set by bin/keepalived-java when the archive
     * made by bin/keepalived-java-cds exists); absent or empty: no archive flags.
     */
    public static final String CDS_ARCHIVE_PROPERTY = "keepalived.java.cds";

    /**
     * Small, fast-starting JVMs, for this JVM and the archive named by {@link #CDS_ARCHIVE_PROPERTY}: see
     * {@link #defaultJvmFlags}. No -Xmx here: the heap a child needs grows with the configuration, the caller
     * adds it. Never -XX:+ExitOnOutOfMemoryError (exit 3 reads as FATAL, see {@link ChildExit}). The daemon's
     * children use {@link #defaultJvmFlagsFor}, which picks each child's own archive and heap flags (these are the
     * checker child's).
     */
    public static final List<String> DEFAULT_JVM_FLAGS = defaultJvmFlags(Runtime.version(),
            System.getProperty(CDS_ARCHIVE_PROPERTY, ""), "");

    /** The VRRP child's name in {@link #defaultJvmFlagsFor} and in its archive's file name. */
    public static final String VRRP = "vrrp";
    /** The checker child's name in {@link #defaultJvmFlagsFor} and in its archive's file name. */
    public static final String CHECKER = "checker";

    /**
     * The flags of the child {@code child} ({@link #VRRP} or {@link #CHECKER}): its heap flags, and its own AppCDS
     * archive when bin/keepalived-java-cds made one ({@link #childArchive}), else the parent's.
     */
    public static List<String> defaultJvmFlagsFor(String child) {
        return defaultJvmFlags(Runtime.version(),
                childArchive(System.getProperty(CDS_ARCHIVE_PROPERTY, ""), child, Files::isRegularFile), child);
    }

    /**
     * The archive a child maps: bin/keepalived-java-cds writes one archive per JVM, the parent's {@code NAME.jsa}
     * and each child's {@code NAME-CHILD.jsa} next to it, because every page of an archive is resident in each JVM
     * that maps it (the JVM maps it at a random address and patches all its pointers): one archive with the
     * classes of all three JVMs cost each of them 1.5-2 MB more RSS than its own (BENCHMARKS.md, "Footprint").
     * A child without its own archive (made without root, an older installation) maps the parent's.
     *
     * @param parentArchive the parent's archive, or "" for none
     * @param child         "vrrp" or "checker"
     * @param exists        whether a file exists (Files::isRegularFile; a stub in tests)
     * @return the child's archive, the parent's, or "" for none
     */
    static String childArchive(String parentArchive, String child, Predicate<Path> exists) {
        if (parentArchive.isEmpty()) {
            return "";
        }
        String base = parentArchive.endsWith(".jsa")
                ? parentArchive.substring(0, parentArchive.length() - ".jsa".length()) : parentArchive;
        String own = base + "-" + child + ".jsa";
        return exists.test(Path.of(own)) ? own : parentArchive;
    }

    /**
     * The children's JVM flags (the children run with the parent's java, so its version decides what it accepts).
     * Each one measured with bench/footprint.sh (numbers in BENCHMARKS.md, "Footprint"):
     * <ul>
     * <li>-XX:+UseSerialGC: no GC threads, the smallest GC structures; with heaps of a few MB its pauses are
     *     about a millisecond.</li>
     * <li>-XX:TieredStopAtLevel=1: C1 only, less code cache; the children are I/O bound.</li>
     * <li>-XX:CICompilerCount=1: one compiler thread; with C1 only the JVM would start a second one during start-up,
     *     which on 2 cores competes with the other JVMs starting: 0.3-0.4 MB less RSS per child, the same or less
     *     CPU to start (small configuration: 37-40 vs 39-42 ticks; 1,000 VRRP instances: the same).</li>
     * <li>-Xss256k: small thread stacks (the children have one event loop thread and a few JVM threads).</li>
     * <li>Heap, by child ({@link #heapFlags}):
     *   <ul>
     *   <li>the VRRP child, -Xms32m -Xmn1344k: the serial collector touches its whole young generation between two
     *       collections, so the young generation is resident: 1.3 MB of it cost 0.9 MB less RSS than the 2.6 MB
     *       -Xms8m gave (small configuration), and a young collection copies at most that much. The old generation
     *       starts at 31 MB, committed but not resident until used, so a big configuration loads without the Full
     *       GCs that grew it from -Xms8m's 5.5 MB (1,000 VRRP instances: 3 Full GCs of 6-13 ms, max pause 11.6
     *       ms; now none, max 1.9-4.1 ms). -Xmn, not just NewSize: the serial collector resizes the young
     *       generation to old/NewRatio (here ~15 MB, resident once used) after any collection that leaves the
     *       survivor spaces empty (seen in a busy checker child after 6.7 s; nothing keeps an idle child from
     *       it).</li>
     *   <li>the checker child, -Xms8m as before: a fixed small young generation made a busy checker child (10,000
     *       TCP_CHECK + 1,000 HTTP_GET) collect 13 times a second and use 41 % of a core instead of 31 %; with a
     *       31 MB old generation and only NewSize its young generation grew to ~15 MB (RSS +11 MB). Without -Xms the
     *       initial heap is 1/64 of the machine's memory (up to -Xmx): ~15 MB more RSS.</li>
     *   </ul></li>
     * <li>-XX:TrimNativeHeapInterval=2000 (JDK 17.0.9 and later only): glibc keeps the memory the JVM freed after
     *     start-up (class parsing, C1's arenas) in its arenas; trimming every 2 s returns it: ~14 MB per child.</li>
     * <li>-XX:-UsePerfData: no /tmp/hsperfdata file mapped per JVM (and no trace of the daemon there).</li>
     * <li>-Djnr.ffi.asm.enabled=false: JNR binds the native functions by reflection instead of generating classes
     *     with ASM: ~8% less CPU to start (530 -> 490 ms), ~1.4 MB less RSS, no measurable cost per call (1,000
     *     instances at advert_int 0.1: 3.9 vs 4.0% of a core). The parent has always run this way.</li>
     * <li>-XX:SharedArchiveFile=ARCHIVE -Xshare:auto, when an archive is given: the classes come parsed and
     *     verified from the AppCDS archive (faster start); auto, so a stale archive is ignored, never fatal.</li>
     * </ul>
     *
     * @param version    the JVM that runs the children
     * @param cdsArchive the AppCDS archive's path, or "" for none
     * @param child      {@link #VRRP} or {@link #CHECKER} (any other name: the checker's heap flags)
     */
    public static List<String> defaultJvmFlags(Runtime.Version version, String cdsArchive, String child) {
        List<String> flags = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1", "-Xss256k"));
        flags.addAll(heapFlags(child));
        flags.addAll(List.of("-XX:-UsePerfData", "-Djnr.ffi.asm.enabled=false"));
        if (supportsNativeHeapTrim(version)) {
            flags.add("-XX:TrimNativeHeapInterval=2000");
        }
        if (!cdsArchive.isEmpty()) {
            flags.add("-XX:SharedArchiveFile=" + cdsArchive);
            flags.add("-Xshare:auto");
        }
        return List.copyOf(flags);
    }

    /** The heap flags of a child (why: {@link #defaultJvmFlags}); -Xmx is the caller's. */
    static List<String> heapFlags(String child) {
        return VRRP.equals(child) ? List.of("-Xms32m", "-Xmn1344k") : List.of("-Xms8m");
    }

    /** -XX:TrimNativeHeapInterval exists from JDK 17.0.9 (backport), 21.0.1 and 22 on; older JVMs refuse it. */
    static boolean supportsNativeHeapTrim(Runtime.Version version) {
        int feature = version.feature();
        int update = version.update();
        if (feature == 17) {
            return update >= 9;
        }
        if (feature >= 18 && feature <= 20) {
            return false;
        }
        if (feature == 21) {
            return update >= 1;
        }
        return feature >= 22;
    }

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
