package org.keepalivedjava.os.loop;

import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
import static org.keepalivedjava.os.libc.Consts.O_CLOEXEC;
import static org.keepalivedjava.os.libc.Consts.O_NONBLOCK;
import static org.keepalivedjava.os.libc.Consts.SIG_BLOCK;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.SigSet;

/**
 * A signal the JVM cannot handle (a real-time signal such as keepalived's JSON signal, SIGRTMIN + 2) read from a
 * signalfd registered on an {@link EventLoop}; the listener runs on the loop thread.
 *
 * <h2>Precondition: the signal is blocked in EVERY thread</h2>
 * The kernel gives a process-directed signal to any thread that does not block it, and a real-time signal's
 * default action terminates the process (see {@link JvmSignals} for the measurements). pthread_sigmask only
 * changes the calling thread, and the JVM starts its threads before our code runs. The one way to block a signal
 * in all of them is to start the JVM with it already blocked, since every thread inherits its creator's mask:
 * {@code env --block-signal=RTMIN+2 java ...} (coreutils >= 9.0; the launcher script and the parent's child command
 * line do this). {@link #open} therefore refuses a signal the calling thread does not block: blocking it here alone
 * would not protect the process, it would only hide the mistake.
 *
 * <p>Loop thread only. Several deliveries between two loop iterations may arrive as one or several calls (a
 * real-time signal is queued once per kill); callers treat them as idempotent requests.
 */
public final class SignalFd implements AutoCloseable {
    /** Records read per read(2); more wait for the next loop iteration (level-triggered). */
    private static final int RECORDS_PER_READ = 8;

    private final EventLoop loop;
    private final int signo;
    private final SignalListener listener;
    private final int fd;
    private final NativeBuffer records = NativeBuffer.allocate(RECORDS_PER_READ * SigSet.SIGNALFD_SIGINFO_BYTES);
    private final Registration registration;
    private boolean closed;

    private SignalFd(EventLoop loop, int signo, SignalListener listener) {
        this.loop = loop;
        this.signo = signo;
        this.listener = listener;
        NativeBuffer set = NativeBuffer.allocate(SigSet.SIZE_BYTES);
        SigSet.encode(set.buffer(), SigSet.bit(signo));
        this.fd = Native.signalfd(-1, set, O_NONBLOCK | O_CLOEXEC);
        Registration r;
        try {
            r = loop.register(fd, EPOLLIN, (registration, readyEvents, nowNs) -> drain(nowNs));
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
        this.registration = r;
    }

    /**
     * True when {@code signo} (1..64) is blocked in the calling thread's signal mask. Read from
     * /proc/thread-self/status when it can be, without a native call: the parent asks this before it pre-starts its
     * VRRP child, before anything else in the JVM has initialised JNR, whose first use costs ~60-100 ms that would
     * delay the child's start. Asks the kernel through JNR when /proc cannot answer.
     */
    public static boolean isBlocked(int signo) {
        try {
            Optional<Boolean> blocked = blockedIn(Files.readString(Path.of("/proc/thread-self/status"),
                    StandardCharsets.US_ASCII), signo);
            if (blocked.isPresent()) {
                return blocked.get();
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: ask the kernel
        }
        return isBlockedNative(signo);
    }

    /** {@link #isBlocked} as the kernel answers it (sigprocmask). */
    static boolean isBlockedNative(int signo) {
        NativeBuffer mask = NativeBuffer.allocate(SigSet.SIZE_BYTES);
        Native.threadSignalMask(SIG_BLOCK, null, mask);
        return (SigSet.decode(mask.buffer()) & SigSet.bit(signo)) != 0;
    }

    /**
     * Whether the "SigBlk:" line (a hex mask, bit signo - 1) of a /proc status text has {@code signo}; empty when
     * the text has no such line.
     */
    static Optional<Boolean> blockedIn(String procStatus, int signo) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("SigBlk:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigBlk:".length()).trim(), 16);
                return Optional.of((mask & (1L << (signo - 1))) != 0);
            }
        }
        return Optional.empty();
    }

    /**
     * Delivers {@code signo} to {@code listener} on {@code loop}'s thread. Call on the loop thread.
     *
     * @throws IllegalStateException when the calling thread does not block {@code signo} (see the class comment)
     */
    public static SignalFd open(EventLoop loop, int signo, SignalListener listener) {
        if (!isBlocked(signo)) {
            throw new IllegalStateException("signal " + signo + " is not blocked in this thread; start the JVM"
                    + " with it blocked in every thread (env --block-signal=" + signo + " java ...)");
        }
        return new SignalFd(loop, signo, listener);
    }

    public int signo() {
        return signo;
    }

    private void drain(long nowNs) {
        long n = Native.read(fd, records, records.sizeBytes());
        if (n <= 0) {
            return; // WOULD_BLOCK: another reader or a spurious wakeup
        }
        for (int offset = 0; offset + SigSet.SIGNALFD_SIGINFO_BYTES <= n; offset += SigSet.SIGNALFD_SIGINFO_BYTES) {
            listener.onSignal(SigSet.signalfdSigno(records.buffer(), offset), nowNs);
        }
    }

    /** Unregisters from the loop and closes the fd. The signal stays blocked. Loop thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registration.isActive()) {
            loop.unregister(registration);
        }
        Native.close(fd);
    }
}
