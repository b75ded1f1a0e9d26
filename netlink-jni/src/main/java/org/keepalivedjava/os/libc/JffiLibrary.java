package org.keepalivedjava.os.libc;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Points jffi (JNR's native stub) at the copy of its library that the distribution unpacked next to the jars
 * (lib/jni/ARCH-Linux/libjffi-1.2.so, see packaging's assembly), so that a JVM does not extract it again.
 *
 * <p>Why: without {@code jffi.boot.library.path} jffi copies libjffi-1.2.so from its native jar to a new file in
 * /tmp at every JVM start, loads it and deletes it: ~10-20 ms of each start (measured with a probe JVM, first
 * native call 92 ms instead of 108 ms, median of 5) for the parent and each child, plus a file written to /tmp
 * per start. jffi falls back to the extraction when the directory is missing or its library does not load
 * (checked: a bogus file there still starts), so this can never prevent a start.
 *
 * <p>Must run before the first JNR call of the JVM (jffi reads the property once, when it loads): the mains call
 * {@link #useDistributionCopy()} first, and so does {@link Native}'s initialisation. An operator's own
 * {@code -Djffi.boot.library.path} is left alone.
 */
public final class JffiLibrary {
    /** jffi's system property: directories searched for libjffi before extracting it. */
    public static final String PROPERTY = "jffi.boot.library.path";

    private JffiLibrary() {
    }

    /** Sets {@link #PROPERTY} to the distribution's copy for this CPU, when there is one and the property is unset. */
    public static void useDistributionCopy() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        // Plain code, no lambdas: this runs first in every JVM, where each lambda's first link costs milliseconds.
        Optional<Path> jar = jffiJar();
        if (jar.isEmpty()) {
            return;
        }
        Optional<Path> dir = directory(jar.get(), System.getProperty("os.arch", ""));
        if (dir.isPresent() && Files.isRegularFile(dir.get().resolve("libjffi-1.2.so"))) {
            System.setProperty(PROPERTY, dir.get().toString());
        }
    }

    /**
     * Where the distribution unpacked the library for {@code osArch} (the JVM's os.arch), given jffi's jar: the
     * jar's directory, then jni/ and jffi's own name for the CPU, as in its native jar; empty when the jar has no
     * directory.
     */
    static Optional<Path> directory(Path jffiJar, String osArch) {
        Path lib = jffiJar.toAbsolutePath().getParent();
        if (lib == null || osArch.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(lib.resolve("jni").resolve(jffiCpu(osArch) + "-Linux"));
    }

    /** jffi's CPU names for the os.arch values that differ from them. */
    static String jffiCpu(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i486", "i586", "i686" -> "i386";
            case "arm64" -> "aarch64";
            default -> arch;
        };
    }

    /** The jar jffi's classes come from (naming a class does not initialise it, so jffi is not started here). */
    private static Optional<Path> jffiJar() {
        try {
            var source = com.kenai.jffi.Version.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI());
            return path.toString().endsWith(".jar") ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
