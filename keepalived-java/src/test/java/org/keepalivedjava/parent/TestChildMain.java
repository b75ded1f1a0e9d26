package org.keepalivedjava.parent;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.watchdog.ChildLink;
import org.keepalivedjava.watchdog.WatchdogServer;

/**
 * A stand-in for the VRRP and checker children: what every real child must do with the watchdog, plus switches
 * that simulate failures. Runs one event loop with a {@link WatchdogServer} and a few periodic timers.
 *
 * <pre>
 * --exit-after-ms T   exit by itself T ms after start ...
 * --exit-code N       ... with status N (default 0)
 * --hang-on-usr1      SIGUSR1 blocks the loop thread for ever (a hung loop that is still a live process)
 * --ignore-term       SIGTERM is logged and ignored (a child stuck in its clean-up)
 * --ignore-eof        end of stream from the parent is logged and ignored
 * </pre>
 * Lines go to stderr prefixed "test-child PID:". Exits 0 after SIGTERM or parent end of stream. Status requests are
 * answered from the loop with a status whose counter "pid" is this process's pid.
 */
public final class TestChildMain {
    private static final long MS = 1_000_000L;

    private TestChildMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        boolean hangOnUsr1 = argv.contains("--hang-on-usr1");
        boolean ignoreTerm = argv.contains("--ignore-term");
        boolean ignoreEof = argv.contains("--ignore-eof");
        long exitAfterMs = longOption(argv, "--exit-after-ms", -1);
        int exitCode = (int) longOption(argv, "--exit-code", 0);
        int pid = Native.getpid();

        Optional<ChildLink> link = ChildLink.fromEnvironment(System::getenv);
        if (link.isEmpty()) {
            say(pid, "not started by a keepalived-java parent (no " + ChildLink.SOCKET_ENV + ")");
            System.exit(ChildExit.PROGRAM_ERROR);
        }
        // First thing: die with the parent. If it is already gone, no death signal will ever come.
        if (!link.get().dieWithParent(Consts.SIGTERM)) {
            say(pid, "parent " + link.get().parentPid() + " already gone");
            System.exit(0);
        }
        if (StartGate.requested(System::getenv)) {
            // Pre-started (PrespawnedChildren): as the real children, wait for the parent's word first.
            say(pid, "waiting at the start gate; snapshot file exists: " + org.keepalivedjava.config.lex.ConfigSnapshot
                    .fromEnvironment(System::getenv).map(java.nio.file.Files::exists).orElse(false));
            if (StartGate.await(System.in) == StartGate.Verdict.ABORT) {
                say(pid, "abandoned at the start gate; exiting");
                System.exit(0);
            }
            say(pid, "go from the start gate");
        }
        say(pid, "parent death signal " + Native.parentDeathSignal());
        say(pid, "started" + snapshotText());
        int[] status = {0};
        try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
            WatchdogServer server = WatchdogServer.open(loop, link.get().socketPath(), link.get().parentPid(),
                    Native.getuid(), new WatchdogServer.Listener() {
                        @Override
                        public void onParentGone(String reason, long nowNs) {
                            if (ignoreEof) {
                                say(pid, "ignoring: " + reason);
                                return;
                            }
                            say(pid, reason + "; exiting");
                            loop.stop();
                        }

                        @Override
                        public void onNotice(String message) {
                            say(pid, message);
                        }
                    }, nowNs -> org.keepalivedjava.status.StatusCodec.encode(new org.keepalivedjava.status.ChildStatus(
                            "test", System.currentTimeMillis(), List.of(), List.of(), java.util.Map.of("pid", (long) pid))));
            loop.onSignal(Consts.SIGTERM, (signo, nowNs) -> {
                if (ignoreTerm) {
                    say(pid, "ignoring SIGTERM");
                    return;
                }
                say(pid, "SIGTERM; exiting");
                loop.stop();
            });
            loop.onSignal(Consts.SIGHUP, (signo, nowNs) -> say(pid, "SIGHUP: reload" + snapshotText()));
            if (hangOnUsr1) {
                loop.onSignal(Consts.SIGUSR1, (signo, nowNs) -> {
                    say(pid, "SIGUSR1: hanging the loop");
                    while (true) {
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            // keep hanging
                        }
                    }
                });
            }
            // Some ordinary work, as a real child has: periodic timers of different periods.
            long[] ticks = new long[3];
            long[] periodsNs = {100 * MS, 250 * MS, 1000 * MS};
            for (int i = 0; i < periodsNs.length; i++) {
                int index = i;
                Timer timer = loop.newTimer((t, nowNs) -> {
                    ticks[index]++;
                    t.scheduleAt(nowNs + periodsNs[index]);
                });
                timer.scheduleAt(loop.nowNs() + periodsNs[i]);
            }
            if (exitAfterMs >= 0) {
                loop.newTimer((t, nowNs) -> {
                    say(pid, "exiting with status " + exitCode + " as asked");
                    status[0] = exitCode;
                    loop.stop();
                }).scheduleAt(loop.nowNs() + exitAfterMs * MS);
            }
            say(pid, "listening on " + server.socketPath());
            loop.run();
            server.close();
        }
        System.exit(status[0]);
    }

    private static long longOption(List<String> argv, String name, long absent) {
        int i = argv.indexOf(name);
        return i >= 0 && i + 1 < argv.size() ? Long.parseLong(argv.get(i + 1)) : absent;
    }

    /** The configuration handed by the parent, if any: "; snapshot FILE: word word | word ..." */
    private static String snapshotText() {
        Optional<java.nio.file.Path> file = org.keepalivedjava.config.lex.ConfigSnapshot.fromEnvironment(System::getenv);
        if (file.isEmpty()) {
            return "";
        }
        try {
            return "; snapshot " + file.get() + ": " + org.keepalivedjava.config.lex.ConfigSnapshot.read(file.get())
                    .lines().stream().map(l -> String.join(" ", l.words())).collect(java.util.stream.Collectors
                            .joining(" | "));
        } catch (java.io.IOException e) {
            return "; snapshot " + file.get() + " unreadable: " + e.getMessage();
        }
    }

    private static void say(int pid, String message) {
        System.err.println("test-child " + pid + ": " + message);
        System.err.flush();
    }
}
