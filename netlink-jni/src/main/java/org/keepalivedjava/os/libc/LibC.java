package org.keepalivedjava.os.libc;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The jnr-ffi binding of the C library: the ONLY place in keepalived-java that declares native functions.
 *
 * <p>Nothing outside {@link Native} calls this interface: {@code Native} reads errno right after each call,
 * retries EINTR and turns failures into {@link NativeException}. The interface is public only because jnr-ffi
 * generates its implementation in another class loader.
 *
 * <p>Pointer parameters take {@link Pointer}s over preallocated direct memory ({@link NativeBuffer}), so a
 * call passes an address and allocates nothing. Sizes are {@code long} (size_t / ssize_t on LP64).
 * Socket calls serve every socket family the daemon uses (raw IP, AF_PACKET, AF_NETLINK, TCP/UDP/ICMP):
 * addresses are caller-encoded sockaddr bytes in a {@link NativeBuffer}, so no family is special here.
 */
public interface LibC {

    // epoll(7)
    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMs);

    /** Linux 5.11+, glibc 2.35+: nanosecond timeout; {@link Native} falls back to epoll_wait when absent. */
    int epoll_pwait2(int epfd, Pointer events, int maxEvents, Pointer timeout, Pointer sigmask);

    // descriptors
    int eventfd(int initialValue, int flags);

    int signalfd(int fd, Pointer mask, int flags);

    int pipe2(@Out int[] fds, int flags);

    @ssize_t long read(int fd, Pointer buf, @size_t long count);

    @ssize_t long write(int fd, Pointer buf, @size_t long count);

    int close(int fd);

    /** Declared with one int argument: all the commands used here (F_GETFL, F_SETFL, F_GETFD, F_SETFD) take an int. */
    int fcntl(int fd, int cmd, int arg);

    // processes and signals
    int getpid();

    /** glibc 2.30+. */
    int gettid();

    /** glibc 2.30+: a thread-directed signal. */
    int tgkill(int tgid, int tid, int sig);

    int kill(int pid, int sig);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int pthread_sigmask(int how, Pointer set, Pointer oldSet);

    String strerror(int errnum);

    // sockets(7)
    int socket(int domain, int type, int protocol);

    int bind(int fd, Pointer addr, int addrLen);

    int connect(int fd, Pointer addr, int addrLen);

    int setsockopt(int fd, int level, int optName, Pointer optVal, int optLen);

    int getsockopt(int fd, int level, int optName, Pointer optVal, Pointer optLen);

    int getsockname(int fd, Pointer addr, Pointer addrLen);

    @ssize_t long sendto(int fd, Pointer buf, @size_t long len, int flags, Pointer addr, int addrLen);

    @ssize_t long recvfrom(int fd, Pointer buf, @size_t long len, int flags, Pointer addr, Pointer addrLen);

    @ssize_t long sendmsg(int fd, Pointer msghdr, int flags);

    @ssize_t long recvmsg(int fd, Pointer msghdr, int flags);

    int shutdown(int fd, int how);

    // namespaces(7)
    int setns(int fd, int nstype);

    int open(String path, int flags);

    // net/if.h
    int if_nametoindex(String name);

    // checker sockets and processes

    /** pwd.h, reentrant: returns an error number (not errno); *result is NULL when there is no such user. */
    int getpwnam_r(String name, Pointer pwd, Pointer buf, @size_t long bufLen, Pointer result);

    /** grp.h, reentrant: as getpwnam_r. */
    int getgrnam_r(String name, Pointer grp, Pointer buf, @size_t long bufLen, Pointer result);

    // watchdog (parent/child supervision): process identity for the peer-credential check
    int getppid();

    int getuid();
}
