package org.keepalivedjava.os.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class MpscArrayQueueTest {

    @Test
    void boundedFifoWithCapacityRoundedUpToAPowerOfTwo() {
        MpscArrayQueue<Integer> queue = new MpscArrayQueue<>(3);
        assertEquals(4, queue.capacity());
        assertTrue(queue.isEmpty());
        for (int i = 0; i < 4; i++) {
            assertTrue(queue.offer(i));
        }
        assertFalse(queue.offer(99), "full");
        assertEquals(0, queue.poll());
        assertTrue(queue.offer(4), "a slot was freed");
        for (int i = 1; i <= 4; i++) {
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new MpscArrayQueue<>(0));
    }

    /** Three producers, one consumer: every element arrives once, each producer's in its own order. */
    @Test
    void concurrentProducersLoseNothingAndKeepTheirOrder() throws Exception {
        int producers = 3;
        int perProducer = 50_000;
        MpscArrayQueue<long[]> queue = new MpscArrayQueue<>(64);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long producer = p;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long i = 0; i < perProducer; i++) {
                    long[] element = {producer, i};
                    while (!queue.offer(element)) {
                        Thread.yield(); // full: let the consumer run (2-CPU machines)
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        long[] next = new long[producers];
        long received = 0;
        while (received < (long) producers * perProducer) {
            long[] element = queue.poll();
            if (element == null) {
                Thread.yield();
                continue;
            }
            assertEquals(next[(int) element[0]], element[1], "order of producer " + element[0]);
            next[(int) element[0]]++;
            received++;
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertNull(queue.poll());
    }
}
