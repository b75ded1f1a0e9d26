package org.keepalivedjava.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.log.DevLogTransport;
import org.keepalivedjava.log.SyslogTransport;

/**
 * Everything the CLI takes from the process and the host, in one place so tests substitute each part: streams,
 * wall clock (log time stamps only), own pid, liveness of other pids, the host view of -t, the syslog transport
 * and the environment.
 */
public record Platform(PrintStream out, PrintStream err, Clock clock, long pid, LongPredicate alive,
                      HostView host, Supplier<SyslogTransport> syslog, Function<String, String> environment) {

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
