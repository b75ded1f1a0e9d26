package org.keepalivedjava.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.log.DevLogTransport;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.parent.ChildSpec;
import org.keepalivedjava.parent.ConfigReload;
import org.keepalivedjava.parent.ChildSupervisor;
import org.keepalivedjava.parent.StopSwitch;
import org.keepalivedjava.parent.PrespawnedChildren;
import org.keepalivedjava.parent.SupervisorRunner;
import org.keepalivedjava.parent.SupervisorSettings;

/**
 * Everything the CLI takes from the process and the host, in one place so tests substitute each part: streams,
 * wall clock (log time stamps only), own pid, liveness of other pids, the host view of -t, the syslog transport,
 * the environment, and the supervisor that runs the children (which blocks until the daemon stops).
 */
public record Platform(PrintStream out, PrintStream err, Clock clock, long pid, LongPredicate alive,
                      HostView host, Supplier<SyslogTransport> syslog, Function<String, String> environment,
                      Supervisor supervisor) {

    /**
     * Runs the children until the daemon stops; returns the parent's exit status. {@code onRunning} is called once
     * the daemon handles its signals (SIGTERM is then an orderly stop); {@code stopSwitch} stops it from another
     * thread (Commons Daemon); {@code reload} re-reads and validates the configuration on SIGHUP.
     */
    @FunctionalInterface
    public interface Supervisor {
        int run(SupervisorSettings settings, List<ChildSpec> children, Logger log, Runnable onRunning,
                StopSwitch stopSwitch, ConfigReload reload);

        /**
         * Starts {@code children} before the configuration is validated, waiting for it ({@link PrespawnedChildren});
         * the result goes into the settings given to {@link #run}. By default nothing: stand-in supervisors of
         * tests start no process.
         */
        default PrespawnedChildren prespawn(SupervisorSettings settings, List<ChildSpec> children,
                                            ProcessBuilder.Redirect output, Logger log) {
            return PrespawnedChildren.none();
        }
    }

    /** The production supervisor: {@link SupervisorRunner}, on the calling thread. */
    public static final Supervisor CHILD_PROCESSES = new Supervisor() {
        @Override
        public int run(SupervisorSettings settings, List<ChildSpec> children, Logger log, Runnable onRunning,
                       StopSwitch stopSwitch, ConfigReload reload) {
            return SupervisorRunner.run(settings, children, log, new ChildSupervisor.Events() {
            }, onRunning, stopSwitch, reload).exitStatus();
        }

        @Override
        public PrespawnedChildren prespawn(SupervisorSettings settings, List<ChildSpec> children,
                                           ProcessBuilder.Redirect output, Logger log) {
            // The pid without JNR, whose first use costs more than the child's exec (see PrespawnedChildren).
            return PrespawnedChildren.start(settings, children, (int) ProcessHandle.current().pid(), output, log);
        }
    };

    /** Without a supervisor: the real children (tests of everything before the children keep this form). */
    public Platform(PrintStream out, PrintStream err, Clock clock, long pid, LongPredicate alive, HostView host,
                    Supplier<SyslogTransport> syslog, Function<String, String> environment) {
        this(out, err, clock, pid, alive, host, syslog, environment, CHILD_PROCESSES);
    }

    /** The same platform with another supervisor. */
    public Platform withSupervisor(Supervisor newSupervisor) {
        return new Platform(out, err, clock, pid, alive, host, syslog, environment, newSupervisor);
    }

    /**
     * Set by bin/keepalived-java to the namespace it re-executed the JVM in with {@code ip netns exec}, so the JVM
     * knows -s/--namespace has been applied.
     */
    public static final String NETNS_ENV = "KEEPALIVED_JAVA_NETNS";

    public static Platform system() {
        return new Platform(System.out, System.err, Clock.systemDefaultZone(), ProcessHandle.current().pid(),
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), HostView.system(),
                DevLogTransport::devLog, System::getenv);
    }
}
