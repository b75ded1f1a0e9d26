package org.keepalivedjava.vrrp.child;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.keepalivedjava.cli.CommandLine;
import org.keepalivedjava.cli.Options;
import org.keepalivedjava.config.lex.ConfigSnapshot;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.log.DevLogTransport;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.parent.ChildExit;
import org.keepalivedjava.parent.StartGate;
import org.keepalivedjava.watchdog.ChildLink;

/**
 * Entry point of the VRRP child JVM. Arguments are keepalived's own options, of which the child uses
 * {@code -f CONF}, {@code -l}, {@code -D}, {@code -G}, {@code -S N}, {@code -V}, {@code -i ID}, {@code -e} and
 * {@code -X} (accepted; keepalived-java has no signal-driven transitions to drop VIPs on). Started by the parent
 * ({@link ChildLink} in the environment: die with the parent, answer its watchdog) or alone (no watchdog), e.g.
 * {@code java -cp 'lib/*' org.keepalivedjava.vrrp.child.VrrpChildMain -l -D -G -f keepalived.conf}.
 */
public final class VrrpChildMain {
    private VrrpChildMain() {
    }

    public static void main(String[] args) {
        // Before any JNR call: jffi loads the distribution's copy of its library instead of extracting one.
        org.keepalivedjava.os.libc.JffiLibrary.useDistributionCopy();
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        CommandLine.Parsed parsed = CommandLine.parse("keepalived-java-vrrp", args);
        if (parsed.action() != CommandLine.Action.RUN) {
            parsed.errors().forEach(System.err::println);
            return ChildExit.CONFIG;
        }
        Options options = parsed.options();
        Optional<ChildLink> link = ChildLink.fromEnvironment(System::getenv);
        // First thing: die with the parent. If it is already gone no death signal will ever come.
        if (link.isPresent() && !link.get().dieWithParent(Consts.SIGTERM)) {
            return ChildExit.OK;
        }
        // Started before the parent validated the configuration (parent.PrespawnedChildren): this JVM has booted
        // meanwhile; the snapshot can be read once the parent says go. Abandoned: leave quietly.
        if (StartGate.requested(System::getenv) && StartGate.await(System.in) == StartGate.Verdict.ABORT) {
            return ChildExit.OK;
        }
        SyslogTransport transport = options.noSyslog() ? SyslogTransport.NONE : DevLogTransport.devLog();
        Logger.Settings logSettings = new Logger.Settings(Ident.VRRP, Native.getpid(), options.logConsole(),
                !options.noSyslog(), options.facility(), options.logDetail());
        try (Logger log = new Logger(logSettings, Clock.systemDefaultZone(), System.err, transport)) {
            LoadOptions load = LoadOptions.defaults().withAllConfig(options.allConfig());
            if (options.configId().isPresent()) {
                load = load.withConfigId(options.configId().get());
            }
            VrrpChild.Settings settings = new VrrpChild.Settings(options.configFile(), load,
                    options.dontReleaseVrrp(), link.isEmpty(), ConfigSnapshot.fromEnvironment(System::getenv));
            int status = new VrrpChild(settings, log, link).run();
            log.info("Stopped VRRP child process");
            return status;
        }
    }
}
