package org.keepalivedjava.os.caps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which of the needed {@link Capability capabilities} the calling thread lacks, and what that breaks.
 *
 * <p>Reads {@code /proc/thread-self/status} (capabilities are per thread in Linux; in a JVM all threads normally
 * share the set they started with). The parsing and judging are pure functions tested on captured text.
 */
public final class CapabilityProbe {
    /** What the VRRP child needs. */
    public static final Set<Capability> VRRP = EnumSet.of(Capability.CAP_NET_ADMIN, Capability.CAP_NET_RAW);
    /** What the health-check child needs (fwmark and IPVS: NET_ADMIN; SO_BINDTODEVICE on old kernels: NET_RAW). */
    public static final Set<Capability> CHECKER = EnumSet.of(Capability.CAP_NET_ADMIN, Capability.CAP_NET_RAW);

    private static final Path STATUS = Path.of("/proc/thread-self/status");
    private static final String CAP_EFF = "CapEff:";

    private CapabilityProbe() {
    }

    /** The effective set of the calling thread, from /proc. */
    public static long effective() throws IOException {
        return parseEffective(Files.readString(STATUS, StandardCharsets.US_ASCII));
    }

    /** The CapEff bit mask from the text of a /proc/PID/status file. */
    public static long parseEffective(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith(CAP_EFF)) {
                return Long.parseUnsignedLong(line.substring(CAP_EFF.length()).trim(), 16);
            }
        }
        throw new IllegalArgumentException("no " + CAP_EFF + " line in the status text");
    }

    /** The members of {@code needed} not in {@code effective}, in enum order. */
    public static Set<Capability> missing(long effective, Set<Capability> needed) {
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        for (Capability c : needed) {
            if (!c.isIn(effective)) {
                missing.add(c);
            }
        }
        return missing;
    }

    /**
     * One line per missing capability, e.g. {@code missing CAP_NET_RAW: VRRP adverts (...) will not work};
     * empty when nothing is missing.
     */
    public static List<String> report(long effective, Set<Capability> needed) {
        List<String> lines = new ArrayList<>();
        for (Capability c : missing(effective, needed)) {
            lines.add("missing " + c + ": " + c.neededFor() + " will not work");
        }
        return lines;
    }

    /** {@link #report} for this thread; an unreadable /proc is itself reported. */
    public static List<String> probe(Set<Capability> needed) {
        try {
            return report(effective(), needed);
        } catch (IOException | RuntimeException e) {
            return List.of("cannot read capabilities from " + STATUS + ": " + e.getMessage());
        }
    }
}
