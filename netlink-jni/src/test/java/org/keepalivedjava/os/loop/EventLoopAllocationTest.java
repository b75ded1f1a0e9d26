package org.keepalivedjava.os.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
import static org.keepalivedjava.os.libc.Consts.O_CLOEXEC;
import static org.keepalivedjava.os.libc.Consts.O_NONBLOCK;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;

/**
 * Steady state allocates nothing per event: 100,000 iterations, each with an fd event (eventfd written and
 * read), a timer tick (a periodic timer rescheduling itself) and, every tenth, a cross-thread-style task
 * through the wakeup eventfd, measured with the loop thread's allocated-bytes counter.
 */
class EventLoopAllocationTest {
    private static final int ITERATIONS = 100_000;
    private static final long BOUND_BYTES = 64 * 1024; // total over all iterations, i.e. < 1 byte per event

    private final NativeBuffer one = NativeBuffer.allocate(8);
    private final NativeBuffer scratch = NativeBuffer.allocate(8);
    private long fdEvents;
    private long timerTicks;
    private long tasksRun;

    @Test
    void steadyStateAllocatesNothingPerEventOrTick() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        one.buffer().putLong(0, 1);
        ManualClock clock = new ManualClock(0);
        int fd = Native.eventfd(0, O_NONBLOCK | O_CLOEXEC);
        try (EventLoop loop = new EventLoop(clock, ErrorListener.STDERR, 64, 64)) {
            loop.register(fd, EPOLLIN, (registration, events, nowNs) -> {
                Native.read(registration.fd(), scratch, 8);
                fdEvents++;
            });
            Timer periodic = loop.newTimer((timer, nowNs) -> {
                timerTicks++;
                timer.scheduleAt(timer.deadlineNs() + 1_000);
            });
            periodic.scheduleAt(1_000);
            Runnable task = () -> tasksRun++;

            drive(loop, clock, fd, task, ITERATIONS / 2); // warm up: class loading, JIT
            long fdBefore = fdEvents;
            long ticksBefore = timerTicks;
            long tasksBefore = tasksRun;

            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            drive(loop, clock, fd, task, ITERATIONS);
            long allocatedBytes = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

            System.out.println("allocated bytes over " + ITERATIONS + " iterations: " + allocatedBytes);
            assertEquals(ITERATIONS, fdEvents - fdBefore);
            assertEquals(ITERATIONS, timerTicks - ticksBefore);
            assertEquals(ITERATIONS / 10, tasksRun - tasksBefore);
            assertTrue(allocatedBytes < BOUND_BYTES, "allocated " + allocatedBytes + " bytes over " + ITERATIONS
                    + " iterations (bound " + BOUND_BYTES + ")");
        } finally {
            Native.close(fd);
        }
    }

    private void drive(EventLoop loop, ManualClock clock, int fd, Runnable task, int iterations) {
        for (int i = 0; i < iterations; i++) {
            Native.write(fd, one, 8);
            if (i % 10 == 0) {
                loop.execute(task);
            }
            clock.advanceNs(1_000);
            loop.runOnce(0);
        }
    }
}
