package org.keepalivedjava.jmh;

import java.util.concurrent.TimeUnit;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;
import org.keepalivedjava.os.loop.Timer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event loop's timer heap with as many armed timers as a large VRRP child has instances (adverts and
 * Master_Down timers are re-armed every interval): the cost of re-arming one timer, i.e. of moving it in a heap of
 * N. The loop is real (epoll, eventfd) but only its timer calls are measured, on a manual clock.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimerBenchmark {
    @Param({"1000", "10000"})
    public int timers;

    private EventLoop loop;
    private Timer[] armed;
    private int next;
    private long deadline;

    @Setup(Level.Trial)
    public void setUp() {
        loop = new EventLoop(new ManualClock(0));
        armed = new Timer[timers];
        for (int i = 0; i < timers; i++) {
            armed[i] = loop.newTimer((t, nowNs) -> { });
            armed[i].scheduleAt(1_000_000_000L + i * 1_000L);
        }
        deadline = 2_000_000_000L;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /** Re-arms the timers round robin one interval later, as each instance does after its advert. */
    @Benchmark
    public long rearm() {
        Timer t = armed[next];
        next = next + 1 == armed.length ? 0 : next + 1;
        deadline += 1_000L;
        t.scheduleAt(deadline);
        return deadline;
    }
}
