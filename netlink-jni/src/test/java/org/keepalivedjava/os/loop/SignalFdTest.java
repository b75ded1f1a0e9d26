package org.keepalivedjava.os.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.SigSet;

class SignalFdTest {
    /** A real-time signal nobody else in the test JVM uses. */
    private static final int TEST_SIGNO = Consts.SIGRTMIN + 9;

    @Test
    void openRefusesASignalThisThreadDoesNotBlock() {
        try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
            assertFalse(SignalFd.isBlocked(Consts.SIGRTMIN + 10));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SignalFd.open(loop, Consts.SIGRTMIN + 10, (s, n) -> { }));
            assertTrue(e.getMessage().contains("--block-signal"), e.getMessage());
        }
    }

    /** A thread-directed signal blocked on the loop thread reaches the listener through the signalfd. */
    @Test
    void aBlockedSignalSentToTheLoopThreadReachesTheListener() {
        NativeBuffer set = NativeBuffer.allocate(SigSet.SIZE_BYTES);
        SigSet.encode(set.buffer(), SigSet.bit(TEST_SIGNO));
        Native.threadSignalMask(Consts.SIG_BLOCK, set, null);
        List<Integer> got = new ArrayList<>();
        try (EventLoop loop = new EventLoop(Clock.SYSTEM);
             SignalFd signals = SignalFd.open(loop, TEST_SIGNO, (s, nowNs) -> got.add(s))) {
            assertTrue(SignalFd.isBlocked(TEST_SIGNO));
            Native.tgkill(Native.getpid(), Native.gettid(), TEST_SIGNO);
            Native.tgkill(Native.getpid(), Native.gettid(), TEST_SIGNO);
            for (int i = 0; i < 100 && got.size() < 2; i++) {
                loop.runOnce(100_000_000L);
            }
            assertEquals(List.of(TEST_SIGNO, TEST_SIGNO), got, "real-time signals queue: one call per kill");
            signals.close();
            assertEquals(0, loop.registrationCount());
        } finally {
            Native.threadSignalMask(Consts.SIG_UNBLOCK, set, null); // nothing pending: the signalfd read both
        }
    }

    /**
     * The real use: a JVM started under {@code env --block-signal=RTMIN+2} receives a PROCESS-directed
     * {@code kill -36} through its signalfd and survives it (without the blocked mask the default action would
     * terminate it).
     */
    @Test
    @Timeout(120)
    void aJvmStartedWithTheSignalBlockedReceivesKill36() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder("env", "--block-signal=RTMIN+2", java, "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", cp, SignalFdMain.class.getName())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine());
            Native.kill((int) p.pid(), Consts.SIGRTMIN + 2);
            assertEquals("got 36", out.readLine());
            Native.kill((int) p.pid(), Consts.SIGRTMIN + 2);
            assertEquals("got 36", out.readLine());
            assertTrue(p.isAlive(), "the signal's default action did not run");
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
