package org.keepalivedjava.parent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.keepalivedjava.log.Ident;

/**
 * Issue 5 benchmark (a main, not a test): time from {@code kill -STOP} of a child to its replacement answering
 * its first watchdog hello, watchdog_interval 1 s, with {@link TestChildMain} as the child. Each round uses a
 * fresh supervisor so every replacement is a first failure (respawn at once, no back-off), and stops the child
 * at a random point of its hello cycle. Reports per phase: STOP -> hung verdict, hung -> exit seen (SIGKILL),
 * exit -> spawned, spawned -> first answer (JVM start-up of the replacement), and the total.
 *
 * <pre>
 * mvn -q -pl keepalived-java -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp keepalived-java/target/classes:keepalived-java/target/test-classes:$(cat keepalived-java/cp.txt) \
 *      org.keepalivedjava.parent.WatchdogBenchmark [rounds=10]
 * </pre>
 *
 * <p>Measured (branch watchdog, nproc=2 KVM Xeon, kernel 6.18, OpenJDK 17.0.15, 10 rounds): STOP -> hung median
 * 2325 ms (2107-2944: between 2 and 3 intervals, as {@code HelloTracker} predicts), hung -> exit 7 ms,
 * exit -> spawn 0 ms (same loop iteration), spawn -> first answer 418 ms (280-743), total median 2760 ms
 * (2560-3329).
 */
public final class WatchdogBenchmark {
    private static final long MS = 1_000_000L;
    private static final long INTERVAL_NS = 1000 * MS;

    private WatchdogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path tmp = Files.createTempDirectory("kj-wd-bench");
        String[] phases = {"STOP->hung", "hung->exit", "exit->spawn", "spawn->up", "STOP->up (total)"};
        long[][] samples = new long[phases.length][rounds];
        for (int round = 0; round < rounds; round++) {
            SupervisorSettings settings = SupervisorSettings.defaults()
                    .withWatchdogIntervalNs(INTERVAL_NS)
                    .withRuntimeDir(tmp.resolve("run"))
                    .withOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("children.log").toFile()));
            ChildSpec spec = new ChildSpec("VRRP", TestChildMain.class.getName(), ChildSpec.DEFAULT_JVM_FLAGS,
                    List.of(), Optional.empty(), Ident.VRRP);
            try (SupervisorHarness h = new SupervisorHarness(settings, List.of(spec)).start()) {
                long first = h.await("up", 1).pid();
                Thread.sleep(500 + ThreadLocalRandom.current().nextLong(INTERVAL_NS / MS)); // random phase
                long stopNs = System.nanoTime(); // the loop's Clock.SYSTEM is System.nanoTime: comparable
                SupervisorHarness.kill(first, 19); // SIGSTOP
                long hungNs = h.await("hung", 1).nowNs();
                long exitNs = h.await("exited", 1).nowNs();
                long spawnNs = h.await("spawned", 2).nowNs();
                long upNs = h.await("up", 2).nowNs();
                long[] t = {hungNs - stopNs, exitNs - hungNs, spawnNs - exitNs, upNs - spawnNs, upNs - stopNs};
                for (int p = 0; p < phases.length; p++) {
                    samples[p][round] = t[p];
                }
                System.out.printf("round %2d: hung after %5d ms, replacement up after %5d ms%n", round + 1,
                        t[0] / MS, t[4] / MS);
            }
        }
        System.out.printf("%nwatchdog_interval 1000 ms, %d rounds, nproc=%d, %s %s%n", rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.printf("%-18s %9s %9s %9s%n", "phase", "median", "min", "max");
        for (int p = 0; p < phases.length; p++) {
            long[] s = samples[p].clone();
            Arrays.sort(s);
            System.out.printf("%-18s %7.1f ms %7.1f ms %7.1f ms%n", phases[p], median(s) / 1e6, s[0] / 1e6,
                    s[s.length - 1] / 1e6);
        }
    }

    private static double median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
