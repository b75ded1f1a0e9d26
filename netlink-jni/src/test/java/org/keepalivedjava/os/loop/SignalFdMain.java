package org.keepalivedjava.os.loop;

import org.keepalivedjava.os.libc.Consts;

/**
 * A JVM that waits for keepalived's JSON signal through {@link SignalFd}: prints "ready", then "got N" for the
 * first signal and exits 0. Run by {@link SignalFdTest} under {@code env --block-signal=RTMIN+2}.
 */
public final class SignalFdMain {
    public static void main(String[] args) {
        int signo = Consts.SIGRTMIN + 2;
        try (EventLoop loop = new EventLoop(Clock.SYSTEM);
             SignalFd signals = SignalFd.open(loop, signo, (s, nowNs) -> {
                 System.out.println("got " + s);
                 System.out.flush();
             })) {
            loop.execute(() -> {
                System.out.println("ready");
                System.out.flush();
            });
            while (true) {
                loop.runOnce(1_000_000_000L);
            }
        }
    }
}
