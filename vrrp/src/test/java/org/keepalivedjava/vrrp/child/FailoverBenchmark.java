package org.keepalivedjava.vrrp.child;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Failover benchmark (a main, not a test; root): graceful failover (SIGTERM to the 150 node's daemon until the VIP
 * is on the 100 node), preempt back (restart of the 150 daemon until the VIP is back on it) and crash failover
 * (SIGKILL of the 150 node's VRRP child until the VIP is on the 100 node), VRRPv2 multicast, advert_int 1,
 * for every pairing of keepalived 2.2.7 (K) and keepalived-java (J) in the same run, ROUNDS rounds each.
 * Run from the repository root after {@code mvn -B -q test-compile -pl vrrp -am}:
 * <pre>
 * mvn -B -q dependency:build-classpath -pl vrrp -Dmdep.outputFile=/tmp/cp.txt
 * java -cp vrrp/target/test-classes:vrrp/target/classes:$(cat /tmp/cp.txt) \
 *     -Dsurefire.test.class.path=vrrp/target/test-classes:vrrp/target/classes:$(cat /tmp/cp.txt) \
 *     org.keepalivedjava.vrrp.child.FailoverBenchmark 5
 * </pre>
 */
public final class FailoverBenchmark {
    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean[][] pairings = {{true, true}, {false, true}, {true, false}, {false, false}};
        Path dir = Files.createTempDirectory("kj-failover");
        List<String> lines = new ArrayList<>();
        for (boolean[] p : pairings) {
            String name = (p[0] ? "K" : "J") + "150/" + (p[1] ? "K" : "J") + "100";
            List<KeepalivedInteropTest.Times> times = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                try (VrrpLab lab = new VrrpLab(dir.resolve(name.replace('/', '-') + "-" + r), "192.0.2.100")) {
                    Files.createDirectories(lab.dir);
                    KeepalivedInteropTest.Times t = KeepalivedInteropTest.scenario(lab,
                            KeepalivedInteropTest.V2_MULTICAST, p[0], p[1]);
                    System.out.printf(Locale.ROOT, "%s round %d: graceful %.1f ms, preempt-back %.1f ms, crash %.1f ms,"
                            + " overlap %.1f ms%n", name, r, t.gracefulMs(), t.preemptBackMs(), t.crashMs(),
                            t.overlapMs());
                    times.add(t);
                }
            }
            lines.add(String.format(Locale.ROOT, "%-10s graceful %s | preempt-back %s | crash %s | max overlap %.1f ms",
                    name, range(times, KeepalivedInteropTest.Times::gracefulMs),
                    range(times, KeepalivedInteropTest.Times::preemptBackMs),
                    range(times, KeepalivedInteropTest.Times::crashMs),
                    times.stream().mapToDouble(KeepalivedInteropTest.Times::overlapMs).max().orElse(0)));
        }
        System.out.println("--- " + rounds + " rounds each (min-max ms):");
        lines.forEach(System.out::println);
    }

    private static String range(List<KeepalivedInteropTest.Times> times,
                                java.util.function.ToDoubleFunction<KeepalivedInteropTest.Times> f) {
        double min = times.stream().mapToDouble(f).min().orElse(0);
        double max = times.stream().mapToDouble(f).max().orElse(0);
        return String.format(Locale.ROOT, "%.0f-%.0f", min, max);
    }
}
