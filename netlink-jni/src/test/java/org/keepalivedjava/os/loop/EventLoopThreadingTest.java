package org.keepalivedjava.os.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.os.libc.Consts.EPOLLIN;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;

/**
 * Cross-thread tasks, wakeup, stop and signals, with the loop in run() on a thread of its own. Waits are on
 * latches with a generous timeout that only turns a hang into a failure; nothing asserts elapsed time.
 */
class EventLoopThreadingTest {
    private static final long HANG_S = 30;

    /** Starts {@code loop.run()} on a new thread; returns the thread. */
    private static Thread runOnThread(EventLoop loop, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-loop");
        thread.start();
        return thread;
    }

    @Test
    void tasksFromOtherThreadsRunOnTheLoopThreadInOrderPerProducer() throws Exception {
        EventLoop loop = new EventLoop(Clock.SYSTEM, ErrorListener.STDERR, 4096, 64);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loopThread = runOnThread(loop, failure);
        int producers = 3;
        int perProducer = 1_000;
        List<String> runOn = Collections.synchronizedList(new ArrayList<>());
        int[][] order = new int[producers][1];
        List<Integer> outOfOrder = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(producers * perProducer);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    int sequence = i;
                    Runnable task = () -> {
                        if (Thread.currentThread() != loopThread) {
                            runOn.add(Thread.currentThread().getName());
                        }
                        if (order[producer][0]++ != sequence) {
                            outOfOrder.add(sequence);
                        }
                        done.countDown();
                    };
                    while (!loop.execute(task)) {
                        Thread.yield(); // full: the loop is draining
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(done.await(HANG_S, TimeUnit.SECONDS), "tasks ran: " + (producers * perProducer - done.getCount()));
        loop.stop();
        loopThread.join(TimeUnit.SECONDS.toMillis(HANG_S));
        assertFalse(loopThread.isAlive(), "run() returned after stop()");
        assertNull(failure.get());
        assertEquals(List.of(), runOn, "threads other than the loop that ran tasks");
        assertEquals(List.of(), outOfOrder);
        assertFalse(loop.execute(() -> { }), "no new tasks after stop");
        loop.close();
    }

    /** The loop blocks with no timer and no ready fd (infinite wait); only the wakeup eventfd can end it. */
    @Test
    void executeWakesALoopBlockedForEver() throws Exception {
        EventLoop loop = new EventLoop(Clock.SYSTEM);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        assertTrue(loop.execute(started::countDown));
        Thread loopThread = runOnThread(loop, failure);
        assertTrue(started.await(HANG_S, TimeUnit.SECONDS));
        for (int round = 0; round < 50; round++) {
            CountDownLatch ran = new CountDownLatch(1);
            assertTrue(loop.execute(ran::countDown));
            assertTrue(ran.await(HANG_S, TimeUnit.SECONDS), "round " + round);
        }
        loop.stop();
        loopThread.join(TimeUnit.SECONDS.toMillis(HANG_S));
        assertFalse(loopThread.isAlive());
        assertNull(failure.get());
        loop.close();
    }

    @Test
    void executeReturnsFalseWhenTheQueueIsFull() {
        try (EventLoop loop = new EventLoop(new ManualClock(0), ErrorListener.STDERR, 4, 8)) {
            int[] ran = {0};
            for (int i = 0; i < 4; i++) {
                assertTrue(loop.execute(() -> ran[0]++));
            }
            assertFalse(loop.execute(() -> ran[0]++));
            assertEquals(4, loop.runOnce(0));
            assertEquals(4, ran[0]);
            assertTrue(loop.execute(() -> ran[0]++), "room again");
        }
    }

    @Test
    void throwingTaskIsReportedAndTheNextTaskRuns() {
        List<Object> sources = new ArrayList<>();
        try (EventLoop loop = new EventLoop(new ManualClock(0), (source, error) -> sources.add(source), 8, 8)) {
            Runnable bad = () -> {
                throw new IllegalStateException("task failed");
            };
            int[] ran = {0};
            loop.execute(bad);
            loop.execute(() -> ran[0]++);
            assertEquals(2, loop.runOnce(0));
            assertEquals(1, ran[0]);
            assertEquals(1, sources.size());
            assertSame(bad, sources.get(0));
        }
    }

    @Test
    void loopStateIsLoopThreadOnlyOnceRunning() throws Exception {
        try (EventLoop loop = new EventLoop(new ManualClock(0))) {
            Timer timer = loop.newTimer((t, now) -> { }); // setup before the loop thread is fixed: allowed
            loop.runOnce(0); // fixes this thread as the loop thread
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    timer.scheduleAt(5);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            other.start();
            other.join();
            assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
            assertFalse(timer.isScheduled());
            int fd = Native.eventfd(0, Consts.O_NONBLOCK);
            try {
                Thread registrar = new Thread(() -> {
                    try {
                        loop.register(fd, EPOLLIN, (r, e, n) -> { });
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                });
                thrown.set(null);
                registrar.start();
                registrar.join();
                assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
                assertEquals(0, loop.registrationCount());
            } finally {
                Native.close(fd);
            }
        }
    }

    @Test
    void stopMakesRunReturnAndRunsAlreadyAcceptedTasks() throws Exception {
        EventLoop loop = new EventLoop(Clock.SYSTEM);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch blockLoop = new CountDownLatch(1);
        CountDownLatch inTask = new CountDownLatch(1);
        int[] lateTaskRan = {0};
        loop.execute(() -> {
            inTask.countDown();
            try {
                blockLoop.await(HANG_S, TimeUnit.SECONDS); // hold the loop so the next task is queued, not run
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread loopThread = runOnThread(loop, failure);
        assertTrue(inTask.await(HANG_S, TimeUnit.SECONDS));
        assertTrue(loop.execute(() -> lateTaskRan[0]++));
        loop.stop();
        blockLoop.countDown();
        loopThread.join(TimeUnit.SECONDS.toMillis(HANG_S));
        assertFalse(loopThread.isAlive());
        assertNull(failure.get());
        assertEquals(1, lateTaskRan[0], "accepted before stop: still ran");
        loop.close();
        assertFalse(loop.execute(() -> { }));
    }
}
