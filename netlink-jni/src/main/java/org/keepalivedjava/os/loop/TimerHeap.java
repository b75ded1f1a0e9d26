package org.keepalivedjava.os.loop;

/**
 * A binary min-heap of {@link Timer}s keyed by (deadline, scheduling sequence). Each timer stores its own
 * index, so reschedule and cancel are O(log n) without a search. Pure: no clock, no IO; grows by doubling
 * (the only allocation, at setup or when the timer population grows). Not thread-safe.
 */
final class TimerHeap {
    private Timer[] heap;
    private int size;
    private long nextSequence;

    TimerHeap(int initialCapacity) {
        heap = new Timer[Math.max(4, initialCapacity)];
    }

    int size() {
        return size;
    }

    /** The earliest timer, or null. */
    Timer peek() {
        return size == 0 ? null : heap[0];
    }

    /** The sequence the next scheduled timer will get; timers scheduled from now on have a sequence >= this. */
    long nextSequence() {
        return nextSequence;
    }

    /** Adds, or moves if present, {@code timer} to {@code deadlineNs}. */
    void schedule(Timer timer, long deadlineNs) {
        timer.deadlineNs = deadlineNs;
        timer.sequence = nextSequence++;
        int index = timer.heapIndex;
        if (index < 0) {
            if (size == heap.length) {
                Timer[] bigger = new Timer[heap.length * 2];
                System.arraycopy(heap, 0, bigger, 0, size);
                heap = bigger;
            }
            index = size++;
            heap[index] = timer;
            timer.heapIndex = index;
            siftUp(index);
        } else {
            // The new key may be earlier or later than the old one: restore order in whichever direction.
            siftUp(index);
            siftDown(timer.heapIndex);
        }
    }

    /** Removes {@code timer} if present. */
    void remove(Timer timer) {
        int index = timer.heapIndex;
        if (index < 0) {
            return;
        }
        timer.heapIndex = -1;
        int last = --size;
        if (index != last) {
            Timer moved = heap[last];
            heap[index] = moved;
            moved.heapIndex = index;
            heap[last] = null;
            siftUp(index);
            siftDown(moved.heapIndex);
        } else {
            heap[last] = null;
        }
    }

    /** Removes and returns the earliest timer, or null. */
    Timer poll() {
        Timer first = peek();
        if (first != null) {
            remove(first);
        }
        return first;
    }

    private static boolean before(Timer a, Timer b) {
        long byDeadline = a.deadlineNs - b.deadlineNs;
        if (byDeadline != 0) {
            return byDeadline < 0;
        }
        return a.sequence < b.sequence;
    }

    private void siftUp(int index) {
        Timer timer = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            Timer p = heap[parent];
            if (!before(timer, p)) {
                break;
            }
            heap[index] = p;
            p.heapIndex = index;
            index = parent;
        }
        heap[index] = timer;
        timer.heapIndex = index;
    }

    private void siftDown(int index) {
        Timer timer = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            Timer c = heap[child];
            if (!before(c, timer)) {
                break;
            }
            heap[index] = c;
            c.heapIndex = index;
            index = child;
        }
        heap[index] = timer;
        timer.heapIndex = index;
    }
}
