package org.keepalivedjava.os.loop;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded multi-producer single-consumer queue over a ring of slots, each with a sequence number (the
 * classic bounded-queue design of D. Vyukov): a producer claims a position with one CAS on the tail and
 * publishes the element by releasing the slot's sequence; the single consumer reads slots in order.
 * Neither side allocates, and neither side locks, so the loop thread never blocks on a producer.
 *
 * <p>{@link #offer} may be called from any thread; {@link #poll} from one consumer thread only.
 */
final class MpscArrayQueue<E> {
    private final Object[] elements;
    /** Per slot: == position when free for the producer of that position; == position + 1 once published. */
    private final AtomicLongArray sequences;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private long head;

    MpscArrayQueue(int requestedCapacity) {
        if (requestedCapacity < 1 || requestedCapacity > (1 << 30)) {
            throw new IllegalArgumentException("capacity out of range [1, 2^30]: " + requestedCapacity);
        }
        int capacity = Integer.highestOneBit(requestedCapacity);
        if (capacity < requestedCapacity) {
            capacity <<= 1;
        }
        elements = new Object[capacity];
        sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
        }
        mask = capacity - 1;
    }

    int capacity() {
        return mask + 1;
    }

    /** Adds {@code element}; false when the queue is full. Any thread. */
    boolean offer(E element) {
        if (element == null) {
            throw new NullPointerException("element");
        }
        long position = tail.get();
        while (true) {
            int index = (int) position & mask;
            long difference = sequences.get(index) - position;
            if (difference == 0) {
                if (tail.compareAndSet(position, position + 1)) {
                    elements[index] = element;
                    sequences.set(index, position + 1); // volatile write publishes the element
                    return true;
                }
                position = tail.get();
            } else if (difference < 0) {
                return false; // the slot still holds an element from one lap ago: full
            } else {
                position = tail.get(); // another producer took this position
            }
        }
    }

    /** The oldest published element, or null. Consumer thread only. */
    @SuppressWarnings("unchecked")
    E poll() {
        long position = head;
        int index = (int) position & mask;
        if (sequences.get(index) != position + 1) {
            return null; // empty, or the producer of this position has not published yet
        }
        E element = (E) elements[index];
        elements[index] = null;
        sequences.set(index, position + mask + 1); // free for the producer one lap ahead
        head = position + 1;
        return element;
    }

    /** True when nothing is published at the head (a racing offer may make it false right after). */
    boolean isEmpty() {
        return sequences.get((int) head & mask) != head + 1;
    }
}
