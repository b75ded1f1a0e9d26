package org.keepalivedjava.os.libc;

/**
 * Linux constants for the calls in {@link LibC} (the values are the same on x86_64 and aarch64; the few that
 * differ on other architectures, e.g. O_NONBLOCK on alpha/sparc/mips, are not supported targets).
 */
public final class Consts {
    // epoll(7)
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLPRI = 0x002;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLET = 1 << 31;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLL_CLOEXEC = 0x80000;

    // open flags, shared by eventfd/signalfd/pipe2 (EFD_*, SFD_* are defined as these)
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int EFD_SEMAPHORE = 1;

    // fcntl(2)
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int FD_CLOEXEC = 1;

    // prctl(2)
    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_GET_PDEATHSIG = 2;

    // pthread_sigmask(3)
    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    public static final int SIG_SETMASK = 2;

    // signal(7) numbers
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGWINCH = 28;
    /**
     * glibc's SIGRTMIN: the kernel's first real-time signal is 32, glibc keeps 32 and 33 for itself (NPTL).
     * keepalived's JSON signal is SIGRTMIN + 2 = 36, its STATS_CLEAR SIGRTMAX - 1 = 63.
     */
    public static final int SIGRTMIN = 34;

    // open(2), namespaces(7)
    public static final int O_RDONLY = 0;
    public static final int CLONE_NEWNET = 0x40000000;

    // socket(2) domains, types and levels
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = O_NONBLOCK;
    public static final int SOCK_CLOEXEC = O_CLOEXEC;
    public static final int SOL_SOCKET = 1;
    public static final int SOL_IP = 0;
    public static final int SOL_IPV6 = 41;
    public static final int SOL_PACKET = 263;
    public static final int SOL_NETLINK = 270;

    // SOL_SOCKET options
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_PRIORITY = 12;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_MARK = 36;
    public static final int SO_RCVBUFFORCE = 33;

    // send/recv flags
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;

    private Consts() {
    }
}
