package org.keepalivedjava.os.loop;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
import static org.keepalivedjava.os.libc.Consts.O_CLOEXEC;
import static org.keepalivedjava.os.libc.Consts.O_NONBLOCK;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.keepalivedjava.os.libc.Native;

/**
 * Loop overhead at rest (issue 3 benchmark; a main, not a test): N periodic timers (1 s period, deadlines
 * spread evenly over the second) and M idle fds (eventfds never written), run on the real clock. Reports
 * process and loop-thread CPU per second over the measured window, loop iterations per second, and timer
 * lateness (nowNs - deadlineNs when the handler runs) p50 / p99 / max.
 *
 * <pre>
 * cd netlink-jni &amp;&amp; mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.keepalivedjava.os.loop.LoopBenchmark \
 *      [timers=10000] [idleFds=5000] [seconds=20] [warmupSeconds=5] [timerSlackUs=0]
 * </pre>
 */
public final class LoopBenchmark {
    private static final long PERIOD_NS = 1_000_000_000L;

    private final long[] latenessNs;
    private int samples;
    private boolean recording;
    private boolean finished;

    private LoopBenchmark(int capacity) {
        latenessNs = new long[capacity];
    }

    public static void main(String[] args) {
        int timerCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int idleFdCount = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long timerSlackNs = args.length > 4 ? Long.parseLong(args[4]) * 1_000 : 0;
        new LoopBenchmark(timerCount * (seconds + 2)).run(timerCount, idleFdCount, seconds, warmupSeconds, timerSlackNs);
    }

    private void run(int timerCount, int idleFdCount, int seconds, int warmupSeconds, long timerSlackNs) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int[] fds = new int[idleFdCount];
        try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
            loop.timerSlackNs(timerSlackNs);
            for (int i = 0; i < idleFdCount; i++) {
                fds[i] = Native.eventfd(0, O_NONBLOCK | O_CLOEXEC);
                loop.register(fds[i], EPOLLIN, (registration, events, nowNs) -> {
                    throw new IllegalStateException("idle fd became ready");
                });
            }
            TimerHandler periodic = (timer, nowNs) -> {
                if (recording && samples < latenessNs.length) {
                    latenessNs[samples++] = nowNs - timer.deadlineNs();
                }
                timer.scheduleAt(timer.deadlineNs() + PERIOD_NS);
            };
            long start = System.nanoTime() + 100_000_000L;
            for (int i = 0; i < timerCount; i++) {
                loop.newTimer(periodic).scheduleAt(start + i * (PERIOD_NS / timerCount));
            }
            Timer phase = loop.newTimer((timer, nowNs) -> {
                if (!recording) {
                    recording = true;
                    timer.scheduleAt(nowNs + seconds * PERIOD_NS);
                } else {
                    finished = true;
                }
            });
            phase.scheduleAt(start + warmupSeconds * PERIOD_NS);

            long iterations = 0;
            long cpuProcessStart = 0;
            long cpuLoopStart = 0;
            long wallStart = 0;
            long iterationsStart = 0;
            while (!finished) {
                loop.runOnce(-1);
                iterations++;
                if (recording && wallStart == 0) {
                    wallStart = System.nanoTime();
                    cpuProcessStart = os.getProcessCpuTime();
                    cpuLoopStart = threads.getCurrentThreadCpuTime();
                    iterationsStart = iterations;
                }
            }
            double wallS = (System.nanoTime() - wallStart) / 1e9;
            double processCpuMsPerS = (os.getProcessCpuTime() - cpuProcessStart) / 1e6 / wallS;
            double loopCpuMsPerS = (threads.getCurrentThreadCpuTime() - cpuLoopStart) / 1e6 / wallS;

            long[] sorted = Arrays.copyOf(latenessNs, samples);
            Arrays.sort(sorted);
            System.out.printf("timers=%d idleFds=%d timerSlack=%dus measured=%.1fs (after %ds warm-up) "
                    + "epoll_pwait2=%s cpus=%d load=%.1f%n", timerCount, idleFdCount, timerSlackNs / 1_000, wallS,
                    warmupSeconds, Native.hasEpollPwait2(), Runtime.getRuntime().availableProcessors(),
                    os.getSystemLoadAverage());
            System.out.printf("cpu: process %.1f ms/s (%.2f%% of a core), loop thread %.1f ms/s (%.2f%%)%n",
                    processCpuMsPerS, processCpuMsPerS / 10, loopCpuMsPerS, loopCpuMsPerS / 10);
            System.out.printf("loop iterations: %.0f/s%n", (iterations - iterationsStart) / wallS);
            if (samples > 0) {
                System.out.printf("timer lateness over %d firings: p50 %.1f us, p99 %.1f us, max %.1f us, min %.1f us%n",
                        samples, micros(sorted, 0.50), micros(sorted, 0.99), sorted[samples - 1] / 1e3, sorted[0] / 1e3);
            }
        } finally {
            for (int fd : fds) {
                if (fd > 0) {
                    Native.close(fd);
                }
            }
        }
    }

    private static double micros(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e3;
    }
}
