package org.keepalivedjava.os.libc;

import static org.keepalivedjava.os.libc.Consts.EPOLL_CLOEXEC;
import static org.keepalivedjava.os.libc.Consts.F_GETFL;
import static org.keepalivedjava.os.libc.Consts.F_SETFL;
import static org.keepalivedjava.os.libc.Consts.O_NONBLOCK;
import static org.keepalivedjava.os.libc.Consts.PR_GET_PDEATHSIG;
import static org.keepalivedjava.os.libc.Consts.PR_SET_PDEATHSIG;
import static org.keepalivedjava.os.libc.Errno.EAGAIN;
import static org.keepalivedjava.os.libc.Errno.EINTR;
import static org.keepalivedjava.os.libc.Errno.ENOSYS;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Thin wrappers over {@link LibC}, one per system call, with one error discipline:
 * <ul>
 *   <li>errno is read immediately after the call, on the calling thread (jnr-ffi saves it per thread);</li>
 *   <li>EINTR is retried (except close(2), where Linux has already released the fd, and epoll_wait, which
 *       returns 0 so the caller recomputes its timeout from the clock);</li>
 *   <li>EAGAIN is a return value ({@link #WOULD_BLOCK}) from the calls on non-blocking fds (read, write);</li>
 *   <li>anything else throws {@link NativeException} naming the call, errno and strerror(3)'s text.</li>
 * </ul>
 * The success path allocates nothing: buffers are caller-owned {@link NativeBuffer}s and error messages are
 * built only on failure. All methods are thread-safe (they touch only their arguments).
 */
public final class Native {
    /** read/write result: the fd is non-blocking and has nothing to give or no room to take. */
    public static final long WOULD_BLOCK = -1;

    /** sizeof(struct timespec) on LP64: tv_sec and tv_nsec, 8 bytes each. */
    public static final int TIMESPEC_BYTES = 16;

    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final long NS_PER_MS = 1_000_000L;

    private static final LibC LIBC;
    private static final Runtime RUNTIME;
    private static final boolean HAS_EPOLL_PWAIT2;

    static {
        LIBC = LibraryLoader.create(LibC.class)
                .option(LibraryOption.SaveError, Boolean.TRUE)
                .load(Platform.getNativePlatform().getStandardCLibraryName());
        RUNTIME = Runtime.getRuntime(LIBC);
        HAS_EPOLL_PWAIT2 = probeEpollPwait2();
    }

    private Native() {
    }

    /** The jnr runtime of the libc binding (for {@link Pointer} wrapping). */
    static Runtime runtime() {
        return RUNTIME;
    }

    private static int errno() {
        return RUNTIME.getLastError();
    }

    private static NativeException failure(String syscall, int errno) {
        return new NativeException(syscall, errno, LIBC.strerror(errno));
    }

    // ---------------------------------------------------------------- epoll

    /** epoll_create1(EPOLL_CLOEXEC). */
    public static int epollCreate() {
        while (true) {
            int fd = LIBC.epoll_create1(EPOLL_CLOEXEC);
            if (fd >= 0) {
                return fd;
            }
            int errno = errno();
            if (errno != EINTR) {
                throw failure("epoll_create1", errno);
            }
        }
    }

    /**
     * epoll_ctl with one {@link EpollEvent} already encoded at the start of {@code event} (ignored by DEL).
     * @param op {@link Consts#EPOLL_CTL_ADD}, {@link Consts#EPOLL_CTL_MOD} or {@link Consts#EPOLL_CTL_DEL}
     */
    public static void epollCtl(int epfd, int op, int fd, NativeBuffer event) {
        while (true) {
            if (LIBC.epoll_ctl(epfd, op, fd, event.pointer()) == 0) {
                return;
            }
            int errno = errno();
            if (errno != EINTR) {
                throw failure("epoll_ctl(" + ctlName(op) + " fd " + fd + ")", errno);
            }
        }
    }

    private static String ctlName(int op) {
        switch (op) {
            case Consts.EPOLL_CTL_ADD: return "ADD";
            case Consts.EPOLL_CTL_MOD: return "MOD";
            case Consts.EPOLL_CTL_DEL: return "DEL";
            default: return "op " + op;
        }
    }

    /** True when the C library and kernel have epoll_pwait2 (nanosecond timeouts). */
    public static boolean hasEpollPwait2() {
        return HAS_EPOLL_PWAIT2;
    }

    /**
     * Waits for events. With epoll_pwait2 the timeout is exact to the nanosecond; otherwise epoll_wait gets
     * the timeout rounded UP to a millisecond, so the caller never wakes before its deadline and spins.
     *
     * @param timeoutNs negative: wait forever; 0: poll
     * @param timespec  caller's scratch of {@link #TIMESPEC_BYTES}
     * @return the number of events written to {@code events}; 0 on timeout or EINTR
     */
    public static int epollWait(int epfd, NativeBuffer events, int maxEvents, long timeoutNs, NativeBuffer timespec) {
        int n;
        if (HAS_EPOLL_PWAIT2) {
            Pointer timeout = null;
            if (timeoutNs >= 0) {
                timespec.buffer().putLong(0, timeoutNs / NS_PER_SECOND);
                timespec.buffer().putLong(8, timeoutNs % NS_PER_SECOND);
                timeout = timespec.pointer();
            }
            n = LIBC.epoll_pwait2(epfd, events.pointer(), maxEvents, timeout, null);
        } else {
            n = LIBC.epoll_wait(epfd, events.pointer(), maxEvents, timeoutMsRoundedUp(timeoutNs));
        }
        if (n >= 0) {
            return n;
        }
        int errno = errno();
        if (errno == EINTR) {
            return 0;
        }
        throw failure(HAS_EPOLL_PWAIT2 ? "epoll_pwait2" : "epoll_wait", errno);
    }

    /** epoll_wait's int milliseconds: negative stays -1 (forever), else ceil(ns / 1 ms) capped at Integer.MAX_VALUE. */
    static int timeoutMsRoundedUp(long timeoutNs) {
        if (timeoutNs < 0) {
            return -1;
        }
        long ms = timeoutNs / NS_PER_MS + (timeoutNs % NS_PER_MS == 0 ? 0 : 1); // no overflow near Long.MAX_VALUE
        return ms > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ms;
    }

    private static boolean probeEpollPwait2() {
        int epfd = epollCreate();
        try {
            NativeBuffer events = NativeBuffer.allocate(EpollEvent.NATIVE.sizeBytes());
            NativeBuffer zero = NativeBuffer.allocate(TIMESPEC_BYTES);
            int n = LIBC.epoll_pwait2(epfd, events.pointer(), 1, zero.pointer(), null);
            return n >= 0 || errno() != ENOSYS;
        } catch (UnsatisfiedLinkError missingSymbol) {
            return false;
        } finally {
            LIBC.close(epfd);
        }
    }

    // ---------------------------------------------------------------- descriptors

    /** eventfd(2); flags from {@link Consts} (O_NONBLOCK, O_CLOEXEC, EFD_SEMAPHORE). */
    public static int eventfd(int initialValue, int flags) {
        while (true) {
            int fd = LIBC.eventfd(initialValue, flags);
            if (fd >= 0) {
                return fd;
            }
            int errno = errno();
            if (errno != EINTR) {
                throw failure("eventfd", errno);
            }
        }
    }

    /** signalfd(2) for the set encoded in {@code mask} ({@link SigSet}); fd -1 creates a new one. */
    public static int signalfd(int fd, NativeBuffer mask, int flags) {
        while (true) {
            int result = LIBC.signalfd(fd, mask.pointer(), flags);
            if (result >= 0) {
                return result;
            }
            int errno = errno();
            if (errno != EINTR) {
                throw failure("signalfd", errno);
            }
        }
    }

    /** pipe2(2): {read end, write end}. */
    public static int[] pipe2(int flags) {
        int[] fds = new int[2];
        while (true) {
            if (LIBC.pipe2(fds, flags) == 0) {
                return fds;
            }
            int errno = errno();
            if (errno != EINTR) {
                throw failure("pipe2", errno);
            }
        }
    }

    /**
     * read(2) of up to {@code lengthBytes} into the start of {@code buf}.
     * @return bytes read; 0 at end of file; {@link #WOULD_BLOCK} when a non-blocking fd has nothing
     */
    public static long read(int fd, NativeBuffer buf, int lengthBytes) {
        checkLength(buf, lengthBytes);
        while (true) {
            long n = LIBC.read(fd, buf.pointer(), lengthBytes);
            if (n >= 0) {
                return n;
            }
            int errno = errno();
            if (errno == EAGAIN) {
                return WOULD_BLOCK;
            }
            if (errno != EINTR) {
                throw failure("read(fd " + fd + ")", errno);
            }
        }
    }

    /**
     * write(2) of {@code lengthBytes} from the start of {@code buf}.
     * @return bytes written (may be short); {@link #WOULD_BLOCK} when a non-blocking fd has no room
     */
    public static long write(int fd, NativeBuffer buf, int lengthBytes) {
        checkLength(buf, lengthBytes);
        while (true) {
            long n = LIBC.write(fd, buf.pointer(), lengthBytes);
            if (n >= 0) {
                return n;
            }
            int errno = errno();
            if (errno == EAGAIN) {
                return WOULD_BLOCK;
            }
            if (errno != EINTR) {
                throw failure("write(fd " + fd + ")", errno);
            }
        }
    }

    private static void checkLength(NativeBuffer buf, int lengthBytes) {
        if (lengthBytes < 0 || lengthBytes > buf.sizeBytes()) {
            throw new IndexOutOfBoundsException("length " + lengthBytes + " of a " + buf.sizeBytes() + "-byte buffer");
        }
    }

    /**
     * close(2). EINTR is NOT retried: Linux releases the descriptor before it can be interrupted, so a retry
     * could close an fd another thread has just been given.
     */
    public static void close(int fd) {
        if (LIBC.close(fd) == 0) {
            return;
        }
        int errno = errno();
        if (errno != EINTR) {
            throw failure("close(fd " + fd + ")", errno);
        }
    }

    /** Sets or clears O_NONBLOCK (fcntl F_GETFL then F_SETFL). */
    public static void setNonBlocking(int fd, boolean nonBlocking) {
        int flags = fcntl(fd, F_GETFL, 0, "fcntl(F_GETFL fd ");
        int wanted = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
        if (wanted != flags) {
            fcntl(fd, F_SETFL, wanted, "fcntl(F_SETFL fd ");
        }
    }

    /** True when O_NONBLOCK is set on {@code fd}. */
    public static boolean isNonBlocking(int fd) {
        return (fcntl(fd, F_GETFL, 0, "fcntl(F_GETFL fd ") & O_NONBLOCK) != 0;
    }

    private static int fcntl(int fd, int cmd, int arg, String what) {
        while (true) {
            int result = LIBC.fcntl(fd, cmd, arg);
            if (result >= 0) {
                return result;
            }
            int errno = errno();
            if (errno != EINTR) {
                throw failure(what + fd + ")", errno);
            }
        }
    }

    // ---------------------------------------------------------------- processes and signals

    public static int getpid() {
        return LIBC.getpid();
    }

    /** The kernel thread id of the calling thread. */
    public static int gettid() {
        return LIBC.gettid();
    }

    /** kill(2): a process-directed signal. */
    public static void kill(int pid, int signo) {
        if (LIBC.kill(pid, signo) != 0) {
            throw failure("kill(pid " + pid + ", sig " + signo + ")", errno());
        }
    }

    /** tgkill(2): a signal directed at one thread of a process. */
    public static void tgkill(int pid, int tid, int signo) {
        if (LIBC.tgkill(pid, tid, signo) != 0) {
            throw failure("tgkill(pid " + pid + ", tid " + tid + ", sig " + signo + ")", errno());
        }
    }

    /**
     * prctl(PR_SET_PDEATHSIG): the kernel sends {@code signo} to this process when the thread that forked it
     * exits (0 clears it). Note: tied to the parent THREAD, so the parent should fork children from a
     * long-lived thread.
     */
    public static void setParentDeathSignal(int signo) {
        if (LIBC.prctl(PR_SET_PDEATHSIG, signo, 0, 0, 0) != 0) {
            throw failure("prctl(PR_SET_PDEATHSIG " + signo + ")", errno());
        }
    }

    /** prctl(PR_GET_PDEATHSIG), 0 when none is set. */
    public static int parentDeathSignal() {
        NativeBuffer out = NativeBuffer.allocate(4);
        if (LIBC.prctl(PR_GET_PDEATHSIG, out.pointer().address(), 0, 0, 0) != 0) {
            throw failure("prctl(PR_GET_PDEATHSIG)", errno());
        }
        return out.buffer().getInt(0);
    }

    /**
     * pthread_sigmask(3) on the CALLING thread only. Unlike most calls it returns the error number instead of
     * setting errno.
     * @param how {@link Consts#SIG_BLOCK}, {@link Consts#SIG_UNBLOCK} or {@link Consts#SIG_SETMASK}
     * @param set the set ({@link SigSet}), or null to only read the mask
     * @param oldSet receives the previous mask, or null
     */
    public static void threadSignalMask(int how, NativeBuffer set, NativeBuffer oldSet) {
        int error = LIBC.pthread_sigmask(how, set == null ? null : set.pointer(), oldSet == null ? null : oldSet.pointer());
        if (error != 0) {
            throw failure("pthread_sigmask", error);
        }
    }

    /** strerror(3) text of {@code errno}. */
    public static String strerror(int errno) {
        return LIBC.strerror(errno);
    }
}
