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
        JffiLibrary.useDistributionCopy(); // in case no main did (tests, embedders): see there
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

    /** {@link #afterFailedIo}'s answer for EINTR: call again. */
    private static final long RETRY = Long.MIN_VALUE;

    /**
     * The shared error discipline of the non-blocking IO calls, read right after one returned -1:
     * EAGAIN is {@link #WOULD_BLOCK}, EINTR is {@link #RETRY}, anything else throws naming the call and fd.
     * (A method, not a lambda-taking helper, so the success path stays allocation-free.)
     */
    private static long afterFailedIo(String syscall, int fd) {
        int errno = errno();
        if (errno == EAGAIN) {
            return WOULD_BLOCK;
        }
        if (errno == EINTR) {
            return RETRY;
        }
        throw failure(syscall + "(fd " + fd + ")", errno);
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
            n = afterFailedIo("read", fd);
            if (n != RETRY) {
                return n;
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
            n = afterFailedIo("write", fd);
            if (n != RETRY) {
                return n;
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

    // ---------------------------------------------------------------- sockets

    /**
     * socket(2); SOCK_CLOEXEC is always added. {@code what} names the socket in errors, e.g. "raw IPv4 proto 112".
     */
    public static int socket(int domain, int type, int protocol, String what) {
        while (true) {
            int fd = LIBC.socket(domain, type | Consts.SOCK_CLOEXEC, protocol);
            if (fd >= 0) {
                return fd;
            }
            int errno = errno();
            if (errno != EINTR) {
                throw failure("socket(" + what + ")", errno);
            }
        }
    }

    /** bind(2) to the sockaddr encoded in the first {@code addrLen} bytes of {@code addr}. */
    public static void bind(int fd, NativeBuffer addr, int addrLen) {
        checkLength(addr, addrLen);
        while (LIBC.bind(fd, addr.pointer(), addrLen) != 0) {
            int errno = errno();
            if (errno != EINTR) {
                throw failure("bind(fd " + fd + ")", errno);
            }
        }
    }

    /**
     * connect(2). On a non-blocking socket EINPROGRESS is not an error: returns false and the caller waits for
     * EPOLLOUT then reads SO_ERROR ({@link #socketError}). EINTR also means "in progress" (the connect goes on).
     * @return true when connected at once
     */
    public static boolean connect(int fd, NativeBuffer addr, int addrLen) {
        checkLength(addr, addrLen);
        if (LIBC.connect(fd, addr.pointer(), addrLen) == 0) {
            return true;
        }
        int errno = errno();
        if (errno == Errno.EINPROGRESS || errno == EINTR) {
            return false;
        }
        throw failure("connect(fd " + fd + ")", errno);
    }

    /** setsockopt(2) with an int value, the common case. {@code what} names the option in errors. */
    public static void setsockopt(int fd, int level, int option, int value, NativeBuffer scratch4, String what) {
        scratch4.buffer().putInt(0, value);
        setsockopt(fd, level, option, scratch4, 4, what);
    }

    /** setsockopt(2) with the first {@code length} bytes of {@code value}. */
    public static void setsockopt(int fd, int level, int option, NativeBuffer value, int length, String what) {
        checkLength(value, length);
        if (LIBC.setsockopt(fd, level, option, value.pointer(), length) != 0) {
            throw failure("setsockopt(fd " + fd + ", " + what + ")", errno());
        }
    }

    /** getsockopt(2) of an int option; {@code scratch8} holds the value and its length. */
    public static int getsockoptInt(int fd, int level, int option, NativeBuffer scratch8, String what) {
        scratch8.buffer().putInt(0, 0);
        scratch8.buffer().putInt(4, 4);
        Pointer p = scratch8.pointer();
        if (LIBC.getsockopt(fd, level, option, p, p.slice(4)) != 0) {
            throw failure("getsockopt(fd " + fd + ", " + what + ")", errno());
        }
        return scratch8.buffer().getInt(0);
    }

    /** The pending error of a socket (SO_ERROR), cleared by reading: 0 once a non-blocking connect succeeded. */
    public static int socketError(int fd, NativeBuffer scratch8) {
        return getsockoptInt(fd, Consts.SOL_SOCKET, Consts.SO_ERROR, scratch8, "SO_ERROR");
    }

    /**
     * getsockname(2) into {@code addr}; {@code scratch4} receives the length.
     * @return the address length the kernel wrote
     */
    public static int getsockname(int fd, NativeBuffer addr, NativeBuffer scratch4) {
        scratch4.buffer().putInt(0, addr.sizeBytes());
        if (LIBC.getsockname(fd, addr.pointer(), scratch4.pointer()) != 0) {
            throw failure("getsockname(fd " + fd + ")", errno());
        }
        return scratch4.buffer().getInt(0);
    }

    /**
     * sendto(2) of {@code length} bytes; {@code addr} may be null for a connected socket.
     * @return bytes sent; {@link #WOULD_BLOCK} when a non-blocking socket has no room
     */
    public static long sendto(int fd, NativeBuffer buf, int length, int flags, NativeBuffer addr, int addrLen) {
        checkLength(buf, length);
        while (true) {
            long n = LIBC.sendto(fd, buf.pointer(), length, flags, addr == null ? null : addr.pointer(), addrLen);
            if (n >= 0) {
                return n;
            }
            n = afterFailedIo("sendto", fd);
            if (n != RETRY) {
                return n;
            }
        }
    }

    /**
     * recvfrom(2) into the start of {@code buf}; the sender's address goes to {@code addr} (its length to
     * {@code addrLen4}) unless both are null.
     * @return bytes received (0 = EOF on a stream socket); {@link #WOULD_BLOCK} when nothing is pending
     */
    public static long recvfrom(int fd, NativeBuffer buf, int length, int flags, NativeBuffer addr, NativeBuffer addrLen4) {
        checkLength(buf, length);
        if (addr != null) {
            addrLen4.buffer().putInt(0, addr.sizeBytes());
        }
        while (true) {
            long n = LIBC.recvfrom(fd, buf.pointer(), length, flags,
                    addr == null ? null : addr.pointer(), addr == null ? null : addrLen4.pointer());
            if (n >= 0) {
                return n;
            }
            n = afterFailedIo("recvfrom", fd);
            if (n != RETRY) {
                return n;
            }
        }
    }

    /**
     * sendmsg(2) with a caller-built struct msghdr (its iovecs and control data point into native memory).
     * @return bytes sent; {@link #WOULD_BLOCK} when a non-blocking socket has no room
     */
    public static long sendmsg(int fd, NativeBuffer msghdr, int flags) {
        while (true) {
            long n = LIBC.sendmsg(fd, msghdr.pointer(), flags);
            if (n >= 0) {
                return n;
            }
            n = afterFailedIo("sendmsg", fd);
            if (n != RETRY) {
                return n;
            }
        }
    }

    /**
     * recvmsg(2) with a caller-built struct msghdr; the kernel updates its name/control lengths and flags.
     * @return bytes received; {@link #WOULD_BLOCK} when nothing is pending
     */
    public static long recvmsg(int fd, NativeBuffer msghdr, int flags) {
        while (true) {
            long n = LIBC.recvmsg(fd, msghdr.pointer(), flags);
            if (n >= 0) {
                return n;
            }
            n = afterFailedIo("recvmsg", fd);
            if (n != RETRY) {
                return n;
            }
        }
    }

    /** shutdown(2); how = 0 (RD), 1 (WR), 2 (RDWR). ENOTCONN is ignored (the peer already went away). */
    public static void shutdown(int fd, int how) {
        if (LIBC.shutdown(fd, how) != 0) {
            int errno = errno();
            if (errno != Errno.ENOTCONN) {
                throw failure("shutdown(fd " + fd + ")", errno);
            }
        }
    }

    /**
     * Moves the CALLING THREAD into the network namespace at {@code path} (e.g. /var/run/netns/NAME).
     * Only this thread moves: sockets it creates afterwards belong to that namespace for their whole life,
     * whichever thread later uses them (namespaces(7)). This is why a JVM cannot "enter" a namespace as a whole.
     */
    public static void enterNetworkNamespace(String path) {
        int fd = LIBC.open(path, Consts.O_RDONLY | Consts.O_CLOEXEC);
        if (fd < 0) {
            throw failure("open(" + path + ")", errno());
        }
        try {
            if (LIBC.setns(fd, Consts.CLONE_NEWNET) != 0) {
                throw failure("setns(" + path + ", CLONE_NEWNET)", errno());
            }
        } finally {
            LIBC.close(fd);
        }
    }

    /** if_nametoindex(3): the interface index in the current network namespace, 0 if there is none. */
    public static int interfaceIndex(String name) {
        return LIBC.if_nametoindex(name);
    }

    /** The address of a native buffer, for structs that point to other native memory (msghdr, iovec). */
    public static long address(NativeBuffer buf) {
        return buf.pointer().address();
    }

    /** strerror(3) text of {@code errno}. */
    public static String strerror(int errno) {
        return LIBC.strerror(errno);
    }

    // ---------------------------------------------------------------- checker sockets and processes

    /** sizeof(struct passwd) on LP64 glibc: name, passwd, uid, gid, gecos, dir, shell. */
    private static final int PASSWD_BYTES = 48;
    /** sizeof(struct group) on LP64 glibc: name, passwd, gid, mem. */
    private static final int GROUP_BYTES = 32;
    /** Largest getpw*_r/getgr*_r string buffer tried (a group with thousands of members needs a big one). */
    private static final int MAX_NSS_BUFFER_BYTES = 1 << 22;

    /**
     * getpwnam_r(3) (through NSS, so LDAP/sssd users are found too): the entry as {name, uid, gid, home, shell}
     * (uid and gid as unsigned decimal), or null when there is no such user.
     */
    public static String[] getpwnam(String name) {
        NativeBuffer pwd = NativeBuffer.allocate(PASSWD_BYTES);
        NativeBuffer result = NativeBuffer.allocate(8);
        for (int size = 1024; ; size *= 2) {
            NativeBuffer buf = NativeBuffer.allocate(size);
            int error = LIBC.getpwnam_r(name, pwd.pointer(), buf.pointer(), size, result.pointer());
            if ((error == Errno.ERANGE && size < MAX_NSS_BUFFER_BYTES) || error == EINTR) {
                continue;
            }
            if (result.buffer().getLong(0) == 0) {
                if (isNotFound(error)) {
                    return null;
                }
                throw failure("getpwnam_r(" + name + ")", error);
            }
            Pointer p = pwd.pointer();
            return new String[] {p.getPointer(0).getString(0), Integer.toUnsignedString(p.getInt(16)),
                Integer.toUnsignedString(p.getInt(20)), p.getPointer(32).getString(0), p.getPointer(40).getString(0)};
        }
    }

    /** getgrnam_r(3): the entry as {name, gid, member...}, or null when there is no such group. */
    public static String[] getgrnam(String name) {
        NativeBuffer grp = NativeBuffer.allocate(GROUP_BYTES);
        NativeBuffer result = NativeBuffer.allocate(8);
        for (int size = 1024; ; size *= 2) {
            NativeBuffer buf = NativeBuffer.allocate(size);
            int error = LIBC.getgrnam_r(name, grp.pointer(), buf.pointer(), size, result.pointer());
            if ((error == Errno.ERANGE && size < MAX_NSS_BUFFER_BYTES) || error == EINTR) {
                continue;
            }
            if (result.buffer().getLong(0) == 0) {
                if (isNotFound(error)) {
                    return null;
                }
                throw failure("getgrnam_r(" + name + ")", error);
            }
            Pointer g = grp.pointer();
            java.util.List<String> entry = new java.util.ArrayList<>();
            entry.add(g.getPointer(0).getString(0));
            entry.add(Integer.toUnsignedString(g.getInt(16)));
            Pointer members = g.getPointer(24);
            for (int i = 0; members != null; i++) {
                Pointer member = members.getPointer((long) i * 8);
                if (member == null) {
                    break;
                }
                entry.add(member.getString(0));
            }
            return entry.toArray(new String[0]);
        }
    }

    /** getpwnam_r(3) NOTES: "not found" may come back as 0, ENOENT, ESRCH, EBADF or EPERM depending on NSS. */
    private static boolean isNotFound(int error) {
        return error == 0 || error == Errno.ENOENT || error == Errno.ESRCH || error == Errno.EBADF || error == Errno.EPERM;
    }

    // ---------------------------------------------------------------- watchdog

    /** getppid(2): the parent's pid; 1 (or a subreaper's pid) once the parent has died. Never fails. */
    public static int getppid() {
        return LIBC.getppid();
    }

    /** getuid(2): the real user id. Never fails. */
    public static int getuid() {
        return LIBC.getuid();
    }
}
