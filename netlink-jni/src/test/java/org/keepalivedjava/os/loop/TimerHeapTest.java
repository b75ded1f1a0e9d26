package org.keepalivedjava.os.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class TimerHeapTest {

    private static Timer timer() {
        return new Timer(null, (t, now) -> { });
    }

    /** Random schedule / reschedule / cancel / poll against a sorted-set reference. */
    @Test
    void matchesAReferenceUnderRandomOperations() {
        Random random = new Random(42);
        TimerHeap heap = new TimerHeap(1);
        Comparator<Timer> order = Comparator.<Timer>comparingLong(t -> t.deadlineNs).thenComparingLong(t -> t.sequence);
        TreeSet<Timer> reference = new TreeSet<>(order);
        List<Timer> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(timer());
        }
        for (int step = 0; step < 50_000; step++) {
            Timer t = all.get(random.nextInt(all.size()));
            int op = random.nextInt(4);
            if (op <= 1) {
                reference.remove(t);
                heap.schedule(t, random.nextInt(1000) - 500); // small range: many equal deadlines
                reference.add(t);
            } else if (op == 2) {
                reference.remove(t);
                heap.remove(t);
                assertFalse(t.heapIndex >= 0);
            } else {
                Timer expected = reference.pollFirst();
                assertSame(expected, heap.poll());
            }
            assertEquals(reference.size(), heap.size());
            assertSame(reference.isEmpty() ? null : reference.first(), heap.peek());
        }
    }

    @Test
    void equalDeadlinesComeOutInSchedulingOrderAndWrapAroundIsHandled() {
        TimerHeap heap = new TimerHeap(4);
        Timer a = timer();
        Timer b = timer();
        Timer c = timer();
        Timer wrapped = timer();
        heap.schedule(a, Long.MAX_VALUE);
        heap.schedule(b, Long.MAX_VALUE);
        heap.schedule(wrapped, Long.MAX_VALUE + 10); // 10 ns after the others, past the wrap
        heap.schedule(c, Long.MAX_VALUE);
        assertSame(a, heap.poll());
        assertSame(b, heap.poll());
        assertSame(c, heap.poll());
        assertSame(wrapped, heap.poll());
        assertNull(heap.poll());
    }

    @Test
    void rescheduleMovesBothWaysAndGoesBehindEqualDeadlines() {
        TimerHeap heap = new TimerHeap(4);
        Timer a = timer();
        Timer b = timer();
        Timer c = timer();
        heap.schedule(a, 10);
        heap.schedule(b, 20);
        heap.schedule(c, 30);
        heap.schedule(c, 5);
        assertSame(c, heap.peek());
        heap.schedule(c, 20); // same deadline as b, rescheduled later: after b
        heap.schedule(a, 40);
        assertSame(b, heap.poll());
        assertSame(c, heap.poll());
        assertSame(a, heap.poll());
        assertTrue(heap.size() == 0);
    }
}
