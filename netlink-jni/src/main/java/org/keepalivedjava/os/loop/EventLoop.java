package org.keepalivedjava.os.loop;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
import static org.keepalivedjava.os.libc.Consts.EPOLL_CTL_ADD;
import static org.keepalivedjava.os.libc.Consts.EPOLL_CTL_DEL;
import static org.keepalivedjava.os.libc.Consts.EPOLL_CTL_MOD;
import static org.keepalivedjava.os.libc.Consts.O_CLOEXEC;
import static org.keepalivedjava.os.libc.Consts.O_NONBLOCK;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.keepalivedjava.os.libc.EpollEvent;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.NativeException;

/**
 * The single-threaded event loop of a keepalived-java child: epoll over native fds, timers in a heap whose
 * earliest deadline is the epoll timeout, a task queue other threads feed through a wakeup eventfd, and
 * process signals delivered as calls on the loop thread.
 *
 * <h2>Threading contract</h2>
 * <ul>
 *   <li>The loop thread is the thread that calls {@link #run()} or {@link #runOnce(long)}; it is fixed by the
 *       first such call (and released when run() returns). Before that (setup) any one thread may register
 *       fds, create timers and claim signals.</li>
 *   <li>Loop thread only: {@code register}, {@code modify}, {@code unregister}, {@code newTimer},
 *       {@link Timer}'s methods, {@code onSignal}, {@code runOnce}, {@code run}, {@link #nowNs()}. A call from
 *       another thread once the loop thread is fixed throws IllegalStateException.</li>
 *   <li>Any thread: {@link #execute(Runnable)}, {@link #stop()}, {@link #isLoopThread()}.</li>
 *   <li>All handlers run on the loop thread, one at a time, and must not block.</li>
 * </ul>
 *
 * <h2>One iteration</h2>
 * Compute the wait from the earliest timer (no timer: wait for ever, or {@code maxWaitNs}); epoll_wait; read
 * the clock ONCE; dispatch fd events (the wakeup fd runs queued tasks and signal listeners); fire due timers.
 * There is no polling interval: an idle loop sleeps in the kernel until an fd is ready or the next deadline.
 *
 * <h2>No allocation in steady state</h2>
 * The event array, the epoll_ctl and timespec structs and the eventfd scratch are preallocated native
 * memory; fd registrations live in an array indexed by the 64-bit epoll data (slot | generation &lt;&lt; 32), so an
 * event finds its handler without a map or boxing; timers are reusable objects in an array heap; the task
 * queue is a preallocated ring. (The tests count bytes allocated on the loop thread over 100,000 events.)
 *
 * <h2>Failures</h2>
 * A handler that throws is reported to the {@link ErrorListener} and removed (fd unregistered, timer cancelled;
 * a task is simply dropped; a signal listener is kept because losing TERM handling is worse) and the loop goes
 * on. A failing system call in the loop itself throws {@link NativeException} out of {@code run}/{@code runOnce}.
 */
public final class EventLoop implements AutoCloseable {
    /** Default bound of the cross-thread task queue. */
    public static final int DEFAULT_TASK_QUEUE_CAPACITY = 1024;
    /** Default number of events one epoll_wait can return (more ready fds are taken by the next iteration). */
    public static final int DEFAULT_MAX_EVENTS = 256;

    /** epoll data of the wakeup eventfd; never a registration's (slot < 2^31). */
    private static final long WAKEUP_DATA = -1L;
    private static final int EVENTFD_VALUE_BYTES = 8;
    private static final EpollEvent EVENT = EpollEvent.NATIVE;

    private final Clock clock;
    private final ErrorListener errorListener;
    private final int epfd;
    private final int wakeupFd;
    private final int maxEvents;
    private final NativeBuffer events;
    private final NativeBuffer ctlEvent;
    private final NativeBuffer timespec;
    private final NativeBuffer eventfdScratch;
    /** The value 1 for eventfd writes; written once, then only read (by any thread). */
    private final NativeBuffer eventfdOne;

    private final TimerHeap timers = new TimerHeap(64);
    private final MpscArrayQueue<Runnable> tasks;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final AtomicInteger wakers = new AtomicInteger();
    private final JvmSignals signals;
    private final SignalListener[] signalListeners = new SignalListener[65];
    private final Runnable wakeupAction = this::wakeup;

    private Registration[] slots = new Registration[64];
    private int[] slotGenerations = new int[64];
    private int[] freeSlots = new int[64];
    private int freeSlotCount;
    private int slotsUsed;
    private int registrationCount;

    private volatile boolean stopRequested;
    private volatile boolean closing;
    private volatile Thread loopThread;
    private boolean closed;
    /** The clock as read at the start of the current (or last) iteration's dispatch. */
    private long nowNs;
    /** Iterations started so far (see {@link #iteration()}). */
    private long iterations;
    private long timerSlackNs;

    public EventLoop(Clock clock) {
        this(clock, ErrorListener.STDERR, DEFAULT_TASK_QUEUE_CAPACITY, DEFAULT_MAX_EVENTS);
    }

    public EventLoop(Clock clock, ErrorListener errorListener, int taskQueueCapacity, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1: " + maxEvents);
        }
        this.clock = clock;
        this.errorListener = errorListener;
        this.maxEvents = maxEvents;
        this.tasks = new MpscArrayQueue<>(taskQueueCapacity);
        this.events = NativeBuffer.allocate(maxEvents * EVENT.sizeBytes());
        this.ctlEvent = NativeBuffer.allocate(EVENT.sizeBytes());
        this.timespec = NativeBuffer.allocate(Native.TIMESPEC_BYTES);
        this.eventfdScratch = NativeBuffer.allocate(EVENTFD_VALUE_BYTES);
        this.eventfdOne = NativeBuffer.allocate(EVENTFD_VALUE_BYTES);
        eventfdOne.buffer().putLong(0, 1L);
        this.signals = new JvmSignals(wakeupAction);
        this.nowNs = clock.nanoTime();

        epfd = Native.epollCreate();
        int fd;
        try {
            fd = Native.eventfd(0, O_NONBLOCK | O_CLOEXEC);
        } catch (NativeException e) {
            Native.close(epfd);
            throw e;
        }
        wakeupFd = fd;
        EVENT.put(ctlEvent.buffer(), 0, EPOLLIN, WAKEUP_DATA);
        Native.epollCtl(epfd, EPOLL_CTL_ADD, wakeupFd, ctlEvent);
    }

    // ------------------------------------------------------------------ fds

    /**
     * Adds {@code fd} to the epoll set. The fd should be non-blocking ({@link Native#setNonBlocking}); the
     * loop never reads or writes it, the handler does. Level-triggered unless {@code interest} has EPOLLET.
     *
     * @param interest EPOLLIN / EPOLLOUT / EPOLLPRI / EPOLLRDHUP / EPOLLET bits
     */
    public Registration register(int fd, int interest, FdHandler handler) {
        checkLoopThread();
        int slot = takeSlot();
        Registration registration = new Registration(fd, interest, handler, slot, slotGenerations[slot]);
        EVENT.put(ctlEvent.buffer(), 0, interest, data(registration));
        try {
            Native.epollCtl(epfd, EPOLL_CTL_ADD, fd, ctlEvent);
        } catch (NativeException e) {
            releaseSlot(slot);
            throw e;
        }
        slots[slot] = registration;
        registrationCount++;
        return registration;
    }

    /** Replaces the interest set of an active registration. */
    public void modify(Registration registration, int interest) {
        checkLoopThread();
        checkActive(registration);
        if (registration.interest == interest) {
            return;
        }
        EVENT.put(ctlEvent.buffer(), 0, interest, data(registration));
        Native.epollCtl(epfd, EPOLL_CTL_MOD, registration.fd, ctlEvent);
        registration.interest = interest;
    }

    /**
     * Removes the fd from the epoll set; harmless if already unregistered. Events already returned for it in
     * this iteration are not delivered. Does not close the fd.
     */
    public void unregister(Registration registration) {
        checkLoopThread();
        if (!registration.active || slots[registration.slot] != registration) {
            return;
        }
        registration.active = false;
        slots[registration.slot] = null;
        releaseSlot(registration.slot);
        registrationCount--;
        Native.epollCtl(epfd, EPOLL_CTL_DEL, registration.fd, ctlEvent);
    }

    /** Number of active fd registrations (the wakeup fd not counted). */
    public int registrationCount() {
        return registrationCount;
    }

    private static long data(Registration registration) {
        return ((long) registration.generation << 32) | registration.slot;
    }

    private int takeSlot() {
        if (freeSlotCount > 0) {
            return freeSlots[--freeSlotCount];
        }
        if (slotsUsed == slots.length) {
            int bigger = slots.length * 2;
            slots = Arrays.copyOf(slots, bigger);
            slotGenerations = Arrays.copyOf(slotGenerations, bigger);
            freeSlots = Arrays.copyOf(freeSlots, bigger);
        }
        return slotsUsed++;
    }

    private void releaseSlot(int slot) {
        // A new generation makes events still in flight for the old registration unrecognisable.
        slotGenerations[slot] = (slotGenerations[slot] + 1) & Integer.MAX_VALUE;
        freeSlots[freeSlotCount++] = slot;
    }

    private static void checkActive(Registration registration) {
        if (!registration.active) {
            throw new IllegalStateException(registration + " is not registered");
        }
    }

    // ------------------------------------------------------------------ timers

    /** A new, unscheduled timer calling {@code handler}. Create at setup and reuse. */
    public Timer newTimer(TimerHandler handler) {
        checkLoopThread();
        return new Timer(this, handler);
    }

    /**
     * Lets timers fire up to {@code slackNs} late so that timers close together share one wakeup (as the
     * kernel's own timer slack does). A blocked loop waits until the earliest deadline plus the slack, then
     * fires every timer due by then; timers never fire early. 0 (the default) wakes at each deadline. With
     * 10,000 periodic timers spread over a second, 0 means 10,000 wakeups a second; 1 ms caps lateness at
     * about 1 ms and wakeups at about 1,000 a second (see LoopBenchmark).
     */
    public void timerSlackNs(long slackNs) {
        checkLoopThread();
        if (slackNs < 0) {
            throw new IllegalArgumentException("timer slack must be >= 0: " + slackNs);
        }
        timerSlackNs = slackNs;
    }

    /** Number of scheduled timers. */
    public int scheduledTimerCount() {
        return timers.size();
    }

    void scheduleTimer(Timer timer, long deadlineNs) {
        checkLoopThread();
        checkOwnTimer(timer);
        timers.schedule(timer, deadlineNs);
    }

    void cancelTimer(Timer timer) {
        checkLoopThread();
        checkOwnTimer(timer);
        timers.remove(timer);
    }

    private void checkOwnTimer(Timer timer) {
        if (timer.loop != this) {
            throw new IllegalArgumentException("timer of another event loop");
        }
    }

    // ------------------------------------------------------------------ cross-thread tasks and signals

    /**
     * Hands {@code task} to the loop thread; any thread. Tasks run in the order they were accepted.
     * @return false when the queue is full or the loop is stopping: the caller decides (retry later, drop, log)
     */
    public boolean execute(Runnable task) {
        if (stopRequested) {
            return false;
        }
        if (!tasks.offer(task)) {
            return false;
        }
        wakeup();
        return true;
    }

    /**
     * Makes the loop's next (or current) epoll_wait return. Any thread; at most one eventfd write per wakeup.
     * The {@code wakers} count lets {@link #close()} wait until no thread is between its check of
     * {@code closing} and its write, so a late producer never writes into a closed (or reused) fd number.
     */
    private void wakeup() {
        wakers.incrementAndGet();
        try {
            if (!closing && !wakeupPending.getAndSet(true)) {
                Native.write(wakeupFd, eventfdOne, EVENTFD_VALUE_BYTES);
            }
        } finally {
            wakers.decrementAndGet();
        }
    }

    /**
     * Delivers signal {@code signo} (e.g. {@code Consts.SIGHUP}) to {@code listener} on the loop thread. See
     * {@link JvmSignals} for how, why not signalfd, and which signals the JVM allows. A real-time signal (keepalived's
     * JSON signal) goes through {@link SignalFd} instead, which needs the JVM started with it blocked.
     */
    public void onSignal(int signo, SignalListener listener) {
        checkLoopThread();
        if (!JvmSignals.isSupported(signo) || signalListeners[signo] == null) {
            signals.claim(signo); // throws for a signal the JVM does not let Java handle
        }
        signalListeners[signo] = listener;
    }

    // ------------------------------------------------------------------ running

    /** True when called on the loop thread (or, before the loop thread is fixed, always). */
    public boolean isLoopThread() {
        Thread owner = loopThread;
        return owner == null || owner == Thread.currentThread();
    }

    /** The clock as read at the start of the current iteration's dispatch. Loop thread. */
    public long nowNs() {
        return nowNs;
    }

    /**
     * The number of the current iteration (1 in the first runOnce, then counting up): lets a handler ration work
     * per loop turn (e.g. at most N frames a turn) even when the clock did not move between turns. Loop thread.
     */
    public long iteration() {
        return iterations;
    }

    /**
     * Runs iterations until {@link #stop()}, then runs the tasks already accepted and returns. The calling
     * thread is the loop thread until run() returns; then the loop belongs to no thread, so the thread that
     * joined it may {@link #close()} it.
     */
    public void run() {
        bindLoopThread();
        try {
            while (!stopRequested) {
                runOnce(-1);
            }
            runOnce(0);
        } finally {
            loopThread = null;
        }
    }

    /**
     * One iteration: wait for fd events up to the earliest timer deadline (capped at {@code maxWaitNs}),
     * dispatch them, fire due timers. Tests drive a {@link ManualClock} with {@code runOnce(0)}.
     *
     * @param maxWaitNs the longest wait; negative = no cap (until an event or the next timer), 0 = do not block
     * @return the number of handlers called (fd events, tasks, signals, timers)
     */
    public int runOnce(long maxWaitNs) {
        bindLoopThread();
        if (closed) {
            throw new IllegalStateException("event loop is closed");
        }
        long waitNs = waitNs(maxWaitNs, clock.nanoTime());
        int ready = Native.epollWait(epfd, events, maxEvents, waitNs, timespec);
        long now = clock.nanoTime();
        nowNs = now;
        iterations++;
        int work = 0;
        for (int i = 0; i < ready; i++) {
            long data = EVENT.data(events.buffer(), i);
            if (data == WAKEUP_DATA) {
                work += onWakeup(now);
            } else {
                work += dispatch(data, EVENT.events(events.buffer(), i), now);
            }
        }
        work += fireTimers(now);
        return work;
    }

    /** How long the next epoll_wait may block: until the earliest deadline (+ slack), capped by maxWaitNs. */
    long waitNs(long maxWaitNs, long now) {
        if (stopRequested) {
            return 0;
        }
        Timer earliest = timers.peek();
        if (earliest == null) {
            return maxWaitNs;
        }
        long untilDeadlineNs = earliest.deadlineNs - now;
        untilDeadlineNs = untilDeadlineNs <= 0 ? 0 : untilDeadlineNs + timerSlackNs;
        return maxWaitNs < 0 ? untilDeadlineNs : Math.min(maxWaitNs, untilDeadlineNs);
    }

    private int dispatch(long data, int readyEvents, long now) {
        int slot = (int) data;
        Registration registration = slot < slotsUsed ? slots[slot] : null;
        if (registration == null || registration.generation != (int) (data >>> 32)) {
            return 0; // unregistered earlier in this batch
        }
        try {
            registration.handler.onReady(registration, readyEvents, now);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable error) {
            unregisterAfterFailure(registration);
            errorListener.onHandlerError(registration, error);
        }
        return 1;
    }

    private void unregisterAfterFailure(Registration registration) {
        try {
            unregister(registration);
        } catch (NativeException fdAlreadyClosed) {
            // The handler closed the fd before throwing: the kernel already dropped it from the epoll set.
        }
    }

    private int onWakeup(long now) {
        // Clear the flag BEFORE draining: a producer that enqueues after this point writes the eventfd again,
        // so its task is either drained below or wakes the next iteration. Never lost.
        Native.read(wakeupFd, eventfdScratch, EVENTFD_VALUE_BYTES);
        wakeupPending.set(false);
        int work = deliverSignals(now);
        // At most one queue's worth per iteration, so producers cannot starve fds and timers.
        int budget = tasks.capacity();
        Runnable task;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            work++;
            try {
                task.run();
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable error) {
                errorListener.onHandlerError(task, error);
            }
        }
        if (!tasks.isEmpty()) {
            wakeup(); // the rest in the next iteration
        }
        return work;
    }

    private int deliverSignals(long now) {
        long pending = signals.takePending();
        int work = 0;
        while (pending != 0) {
            int signo = Long.numberOfTrailingZeros(pending) + 1;
            pending &= pending - 1;
            SignalListener listener = signalListeners[signo];
            if (listener == null) {
                continue;
            }
            work++;
            try {
                listener.onSignal(signo, now);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable error) {
                errorListener.onHandlerError(listener, error);
            }
        }
        return work;
    }

    private int fireTimers(long now) {
        // Only timers scheduled before this pass: one that a handler re-arms for "now" waits for the next
        // iteration (whose wait is then 0), so a handler cannot keep the loop in this pass for ever.
        long sequenceLimit = timers.nextSequence();
        int work = 0;
        Timer timer;
        while ((timer = timers.peek()) != null && timer.deadlineNs - now <= 0 && timer.sequence < sequenceLimit) {
            timers.remove(timer);
            work++;
            try {
                timer.handler.onTimer(timer, now);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable error) {
                timers.remove(timer);
                errorListener.onHandlerError(timer, error);
            }
        }
        return work;
    }

    /**
     * Asks {@link #run()} to return after its current iteration; any thread. From then on {@link #execute}
     * refuses new tasks; tasks already accepted still run.
     */
    public void stop() {
        stopRequested = true;
        wakeup();
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    /**
     * Releases the loop's own fds (epoll, eventfd) and restores the signal handlers it replaced. Registered
     * fds are NOT closed: their owners close them. On the loop thread, or on any thread once {@link #run()}
     * has returned (join the loop thread first).
     */
    @Override
    public void close() {
        checkLoopThread();
        if (closed) {
            return;
        }
        stopRequested = true;
        closing = true;
        while (wakers.get() != 0) {
            Thread.onSpinWait(); // a producer is inside wakeup(): a write of a few microseconds at most
        }
        closed = true;
        for (int signo = 1; signo <= 64; signo++) {
            if (signalListeners[signo] != null) {
                signals.release(signo);
                signalListeners[signo] = null;
            }
        }
        Native.close(wakeupFd);
        Native.close(epfd);
    }

    private void bindLoopThread() {
        Thread current = Thread.currentThread();
        Thread owner = loopThread;
        if (owner == null) {
            loopThread = current;
        } else if (owner != current) {
            throw new IllegalStateException("event loop runs on " + owner.getName() + ", called from " + current.getName());
        }
    }

    private void checkLoopThread() {
        Thread owner = loopThread;
        if (owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException("loop thread only (" + owner.getName() + "), called from "
                    + Thread.currentThread().getName());
        }
    }
}
