package org.keepalivedjava.os.loop;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.keepalivedjava.os.libc.Consts;

/**
 * Brings process signals to an {@link EventLoop}: a {@code sun.misc.Signal} handler sets the signal's bit in
 * a pending mask and wakes the loop through its eventfd; the loop clears the mask and calls the listeners on
 * the loop thread. The JVM's own signal thread and the short-lived handler thread it starts never touch loop
 * state.
 *
 * <h2>Why not signalfd</h2>
 * signalfd only sees a signal that is blocked in every thread that could otherwise take it. The kernel hands a
 * process-directed signal ({@code kill PID}, what systemd and users send) to ANY thread that does not block
 * it, and a JVM has a dozen threads started before our code (GC, compiler, signal dispatcher) whose masks we
 * cannot change: pthread_sigmask acts on the calling thread only, and HotSpot unblocks HUP/INT/TERM in every
 * thread it starts unless -Xrs. Measured on JDK 17 / Linux 6.x ({@code SignalFdProbe} in the tests), with the
 * signals blocked on the reading thread and a signalfd over them:
 * <ul>
 *   <li>{@code kill(getpid(), SIGWINCH)} (default action ignore): signalfd got nothing, the kernel dropped it
 *       because the thread-group leader does not block it;</li>
 *   <li>{@code tgkill(getpid(), readerTid, SIGWINCH)}: signalfd got it (only thread-directed signals work);</li>
 *   <li>20 x {@code kill(getpid(), SIGUSR1)} with a JVM handler installed: the JVM handler ran 20 times,
 *       signalfd saw 0. Without a handler the default action (terminate) would have killed the JVM.</li>
 * </ul>
 * So signalfd would lose signals or, worse, let a default action kill the process. The sun.misc.Signal path
 * delivers every kind of signal kill(1) sends, at the cost of one JVM-started thread per delivery (not on the
 * loop thread, and signals are rare).
 *
 * <h2>Limits</h2>
 * Only the signals the JVM lets Java handle: HUP, INT, TERM, USR1, USR2, ALRM, PIPE, CHLD, WINCH (QUIT is the
 * JVM's thread dump; real-time signals have no name in sun.misc.Signal). Handling TERM/INT/HUP replaces the
 * JVM's shutdown-hook handlers, which is the point: the loop decides how to stop. Signals are process-wide, so
 * one signal belongs to at most one loop at a time; {@link #release} restores the previous handler.
 */
final class JvmSignals {
    private static final Map<Integer, String> NAMES = Map.of(
            Consts.SIGHUP, "HUP", Consts.SIGINT, "INT", Consts.SIGTERM, "TERM",
            Consts.SIGUSR1, "USR1", Consts.SIGUSR2, "USR2", Consts.SIGALRM, "ALRM",
            Consts.SIGPIPE, "PIPE", Consts.SIGCHLD, "CHLD", Consts.SIGWINCH, "WINCH");

    /** signo -> the handler that was installed before a loop claimed it. Guarded by the class. */
    private static final Map<Integer, sun.misc.SignalHandler> PREVIOUS = new HashMap<>();

    private final AtomicLong pendingMask = new AtomicLong();
    private final Runnable wakeup;
    /** One handler object for all signals: nothing is allocated when a signal arrives. */
    private final sun.misc.SignalHandler bridge;

    JvmSignals(Runnable wakeup) {
        this.wakeup = wakeup;
        this.bridge = signal -> {
            long bit = 1L << (signal.getNumber() - 1);
            long old;
            do {
                old = pendingMask.get();
            } while (!pendingMask.compareAndSet(old, old | bit));
            this.wakeup.run();
        };
    }

    static boolean isSupported(int signo) {
        return NAMES.containsKey(signo);
    }

    /** Installs the bridge for {@code signo}; throws if unsupported or another loop holds it. */
    void claim(int signo) {
        String name = NAMES.get(signo);
        if (name == null) {
            throw new IllegalArgumentException("signal " + signo + " cannot be handled in the JVM; supported: "
                    + NAMES.keySet());
        }
        synchronized (JvmSignals.class) {
            if (PREVIOUS.containsKey(signo)) {
                throw new IllegalStateException("SIG" + name + " is already handled by another event loop");
            }
            PREVIOUS.put(signo, sun.misc.Signal.handle(new sun.misc.Signal(name), bridge));
        }
    }

    /** Restores the handler that was there before {@link #claim}. */
    void release(int signo) {
        synchronized (JvmSignals.class) {
            sun.misc.SignalHandler previous = PREVIOUS.remove(signo);
            if (previous != null) {
                sun.misc.Signal.handle(new sun.misc.Signal(NAMES.get(signo)), previous);
            }
        }
    }

    /** Takes the signals delivered since the last call, bit {@code signo - 1} each. Loop thread. */
    long takePending() {
        return pendingMask.getAndSet(0);
    }
}
