package org.keepalivedjava.os.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;

/**
 * Real process-directed signals (kill(getpid())) reach the listener on the loop thread. The listener is
 * installed BEFORE the kill, so the test JVM never meets a default action.
 */
class EventLoopSignalTest {

    @Test
    void sigusr2AndSigusr1AreDeliveredOnTheLoopThread() throws Exception {
        EventLoop loop = new EventLoop(Clock.SYSTEM);
        List<String> deliveries = new CopyOnWriteArrayList<>();
        CountDownLatch usr2 = new CountDownLatch(1);
        CountDownLatch usr1 = new CountDownLatch(1);
        loop.onSignal(Consts.SIGUSR2, (signo, nowNs) -> {
            deliveries.add(signo + " on " + Thread.currentThread().getName());
            usr2.countDown();
        });
        loop.onSignal(Consts.SIGUSR1, (signo, nowNs) -> {
            deliveries.add(signo + " on " + Thread.currentThread().getName());
            usr1.countDown();
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loopThread = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "signal-loop");
        loopThread.start();
        try {
            Native.kill(Native.getpid(), Consts.SIGUSR2);
            assertTrue(usr2.await(30, TimeUnit.SECONDS), "SIGUSR2 delivered");
            Native.kill(Native.getpid(), Consts.SIGUSR1);
            assertTrue(usr1.await(30, TimeUnit.SECONDS), "SIGUSR1 delivered");
        } finally {
            loop.stop();
            loopThread.join(30_000);
        }
        assertFalse(loopThread.isAlive());
        assertNull(failure.get());
        assertEquals(List.of(Consts.SIGUSR2 + " on signal-loop", Consts.SIGUSR1 + " on signal-loop"), deliveries);
        loop.close(); // restores the previous handlers
    }

    @Test
    void aSignalBelongsToOneLoopAtATimeAndIsReleasedOnClose() {
        try (EventLoop first = new EventLoop(new ManualClock(0))) {
            first.onSignal(Consts.SIGWINCH, (s, n) -> { });
            try (EventLoop second = new EventLoop(new ManualClock(0))) {
                assertThrows(IllegalStateException.class, () -> second.onSignal(Consts.SIGWINCH, (s, n) -> { }));
            }
        }
        try (EventLoop third = new EventLoop(new ManualClock(0))) {
            third.onSignal(Consts.SIGWINCH, (s, n) -> { }); // released by the first loop's close
        }
    }

    @Test
    void signalsTheJvmKeepsAreRefusedClearly() {
        try (EventLoop loop = new EventLoop(new ManualClock(0))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.onSignal(Consts.SIGQUIT, (s, n) -> { }));
            assertTrue(e.getMessage().startsWith("signal 3 cannot be handled in the JVM"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> loop.onSignal(0, (s, n) -> { }));
            assertThrows(IllegalArgumentException.class, () -> loop.onSignal(99, (s, n) -> { }));
        }
    }
}
