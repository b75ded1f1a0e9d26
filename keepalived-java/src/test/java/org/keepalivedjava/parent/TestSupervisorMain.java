package org.keepalivedjava.parent;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.keepalivedjava.log.Facility;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.os.libc.Native;

/**
 * A parent in its own JVM, for tests that must kill the parent or connect to a child as a stranger: runs
 * {@link SupervisorRunner#run} (the launcher's call) with one {@link TestChildMain} child and prints
 * "SPAWNED pid name", "UP pid", "EXITED pid description" and "STOPPED cause" lines on stdout.
 *
 * <p>SIGHUP: with the system property {@value #RELOAD_FILE} set, the "configuration" is that file: a first line
 * "bad" refuses the reload (as a config with errors), anything else accepts it; a line "second" makes the new
 * configuration need a second child, named "VRRP". Without the property every reload is accepted.
 *
 * <pre>
 * TestSupervisorMain RUNTIME_DIR WATCHDOG_INTERVAL_MS [child args...]
 * </pre>
 */
public final class TestSupervisorMain {
    static final String RELOAD_FILE = "test.reload.file";

    private TestSupervisorMain() {
    }

    private static ConfigReload reload(Logger log, List<String> childArgs) {
        String file = System.getProperty(RELOAD_FILE);
        if (file == null) {
            return ConfigReload.ACCEPT;
        }
        return () -> {
            List<String> lines;
            try {
                lines = java.nio.file.Files.readAllLines(Path.of(file));
            } catch (java.io.IOException e) {
                log.error("cannot read " + file + ": " + e.getMessage());
                return Optional.empty();
            }
            if (!lines.isEmpty() && lines.get(0).equals("bad")) {
                log.error("(" + file + ": Line 1) test configuration error");
                return Optional.empty();
            }
            if (lines.contains("second")) {
                return Optional.of(new ConfigReload.Accepted(List.of(new ChildSpec("VRRP",
                        TestChildMain.class.getName(), ChildSpec.DEFAULT_JVM_FLAGS, childArgs, Optional.empty(),
                        Ident.VRRP)), Optional.empty()));
            }
            return Optional.of(new ConfigReload.Accepted(List.of(), Optional.empty()));
        };
    }

    public static void main(String[] args) {
        Path runtimeDir = Path.of(args[0]);
        long intervalMs = Long.parseLong(args[1]);
        List<String> childArgs = Arrays.asList(args).subList(2, args.length);
        SupervisorSettings settings = SupervisorSettings.defaults()
                .withRuntimeDir(runtimeDir)
                .withWatchdogIntervalNs(intervalMs * 1_000_000L)
                .withNotifySocket(Optional.ofNullable(System.getenv(SystemdNotifier.ENV)));
        ChildSpec spec = new ChildSpec("Checker", TestChildMain.class.getName(), ChildSpec.DEFAULT_JVM_FLAGS,
                childArgs, Optional.empty(), Ident.CHECKERS);
        Logger log = new Logger(new Logger.Settings(Ident.PARENT, Native.getpid(), true, false, Facility.DAEMON,
                true), java.time.Clock.systemDefaultZone(), System.err, SyslogTransport.NONE);
        ChildSupervisor.Outcome outcome = SupervisorRunner.run(settings, List.of(spec), log,
                new ChildSupervisor.Events() {
            @Override
            public void onSpawned(String child, long pid, long nowNs) {
                say("SPAWNED " + pid + " " + child);
            }

            @Override
            public void onUp(String child, long pid, long nowNs) {
                say("UP " + pid);
            }

            @Override
            public void onExited(String child, long pid, ChildExit exit, long ranNs, long nowNs) {
                say("EXITED " + pid + " " + exit.describe());
            }

            @Override
            public void onStopped(ChildSupervisor.Outcome result) {
                say("STOPPED " + result.cause());
            }
        }, () -> { }, new StopSwitch(), reload(log, childArgs));
        System.exit(outcome.exitStatus());
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
