package org.keepalivedjava.os.libc;

import static org.keepalivedjava.os.libc.Consts.O_CLOEXEC;
import static org.keepalivedjava.os.libc.Consts.O_NONBLOCK;
import static org.keepalivedjava.os.libc.Consts.SIGUSR1;
import static org.keepalivedjava.os.libc.Consts.SIGWINCH;
import static org.keepalivedjava.os.libc.Consts.SIG_BLOCK;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A probe (a main, not a test) that measures whether signalfd can receive signals in a JVM when only the
 * reading thread blocks them. Run:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.keepalivedjava.os.libc.SignalFdProbe}.
 * The results are recorded in {@code org.keepalivedjava.os.loop.JvmSignals}.
 */
public final class SignalFdProbe {
    public static void main(String[] args) throws Exception {
        int pid = Native.getpid();
        NativeBuffer set = NativeBuffer.allocate(SigSet.SIZE_BYTES);
        SigSet.encode(set.buffer(), SigSet.bit(SIGWINCH) | SigSet.bit(SIGUSR1));
        Native.threadSignalMask(SIG_BLOCK, set, null);
        int sfd = Native.signalfd(-1, set, O_NONBLOCK | O_CLOEXEC);

        Native.kill(pid, SIGWINCH);
        Thread.sleep(200);
        System.out.println("kill(getpid, SIGWINCH), default disposition (ignore): signalfd got " + drain(sfd));

        Native.tgkill(pid, Native.gettid(), SIGWINCH);
        System.out.println("tgkill(getpid, own tid, SIGWINCH): signalfd got " + drain(sfd));

        AtomicReference<String> jvmHandlerThread = new AtomicReference<>("none");
        CountDownLatch handled = new CountDownLatch(1);
        sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> {
            jvmHandlerThread.set(Thread.currentThread().getName());
            handled.countDown();
        });
        int viaSignalFd = 0;
        int viaJvm = 0;
        for (int i = 0; i < 20; i++) {
            CountDownLatch one = new CountDownLatch(1);
            sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> one.countDown());
            Native.kill(pid, SIGUSR1);
            if (one.await(200, TimeUnit.MILLISECONDS)) {
                viaJvm++;
            }
            viaSignalFd += drain(sfd).isEmpty() ? 0 : 1;
        }
        System.out.println("20 x kill(getpid, SIGUSR1) with a sun.misc.Signal handler: JVM handler " + viaJvm
                + ", signalfd " + viaSignalFd);
        Native.close(sfd);
    }

    private static String drain(int sfd) {
        NativeBuffer info = NativeBuffer.allocate(SigSet.SIGNALFD_SIGINFO_BYTES);
        StringBuilder got = new StringBuilder();
        while (Native.read(sfd, info, SigSet.SIGNALFD_SIGINFO_BYTES) > 0) {
            got.append(" signo=").append(SigSet.signalfdSigno(info.buffer(), 0));
        }
        return got.toString();
    }
}
