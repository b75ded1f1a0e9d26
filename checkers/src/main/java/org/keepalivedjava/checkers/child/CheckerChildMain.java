package org.keepalivedjava.checkers.child;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.lvs.IpvsProgrammer;
import org.keepalivedjava.checkers.notify.FifoWriter;
import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.checkers.suspend.RtnlAddressSource;
import org.keepalivedjava.cli.CommandLine;
import org.keepalivedjava.cli.Options;
import org.keepalivedjava.cli.Platform;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.ConfigSnapshot;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.os.check.NativeCheckSockets;
import org.keepalivedjava.os.ipvs.IpvsUnavailableException;
import org.keepalivedjava.os.ipvs.NetlinkIpvs;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.parent.ChildExit;
import org.keepalivedjava.parent.StartGate;
import org.keepalivedjava.parent.ConfigReload;
import org.keepalivedjava.smtp.AlertSink;
import org.keepalivedjava.smtp.AlertSinks;
import org.keepalivedjava.smtp.SmtpSettings;
import org.keepalivedjava.smtp.SmtpSettingsMapper;
import org.keepalivedjava.smtp.SmtpSetupException;
import org.keepalivedjava.watchdog.ChildLink;
import org.keepalivedjava.watchdog.WatchdogServer;
import org.keepalivedjava.checkers.status.CheckerStatusSnapshot;
import org.keepalivedjava.status.StatusCodec;

/**
 * The health-check child process: {@code java ... CheckerChildMain <keepalived options>}, the same options the
 * daemon was started with ({@code -f FILE}, {@code -l}, {@code -D}, {@code -G}, {@code -S}, {@code -I}...).
 *
 * <p>Exit status ({@link ChildExit}): 0 after TERM/INT or the parent's end of stream; {@link ChildExit#CONFIG}
 * when the configuration cannot be read or has nothing for this child... (the parent validated it, so this is
 * a vanished file); {@link ChildExit#PROGRAM_ERROR} when no checker implementation is present. A kernel without
 * IPVS is NOT an error: logged once, the child keeps checking and notifying.
 *
 * <p>Logging ident {@code Keepalived_healthcheckers}. Signals on the loop: TERM/INT orderly stop, USR1 writes
 * /tmp/keepalived_check.data. When started by the parent ({@link ChildLink} in the environment) it dies with
 * the parent (PR_SET_PDEATHSIG) and answers the watchdog on its loop.
 */
public final class CheckerChildMain {
    public static final Path DUMP_FILE = Path.of("/tmp/keepalived_check.data");

    private CheckerChildMain() {
    }

    public static void main(String[] args) {
        // Before any JNR call: jffi loads the distribution's copy of its library instead of extracting one.
        org.keepalivedjava.os.libc.JffiLibrary.useDistributionCopy();
        System.exit(run(args, null, DUMP_FILE));
    }

    /**
     * The checker state machines, given keepalived's server names for their messages and the top-level
     * track_file definitions for FILE_CHECK. Built per config because of the latter.
     */
    static CheckFactory checks(KeepalivedConfig config) {
        Map<String, VrrpConfig.TrackFile> trackFiles = config.vrrp().trackFiles();
        java.util.function.Function<String, Checks.TrackFile> lookup = name -> {
            VrrpConfig.TrackFile f = trackFiles.get(name);
            return f == null ? null : new Checks.TrackFile(f.name(), Path.of(f.path()), f.weight(), f.reverse());
        };
        return (checker, context, listener, realServer, virtualServer) -> Checks.create(checker, context, listener,
                new Checks.Target(realServer, virtualServer, null, lookup));
    }

    /** Runs the child until it is told to stop; returns its exit status. */
    /** @param factory the checks to run; null for the real checker state machines ({@link Checks}) */
    public static int run(String[] args, CheckFactory factory, Path dumpFile) {
        CommandLine.Parsed parsed = CommandLine.parse("keepalived-java", Arrays.asList(args));
        Options options = parsed.options();
        // Started before the parent validated the configuration (parent.PrespawnedChildren): wait for its go before
        // reading the snapshot. Abandoned: leave quietly.
        if (StartGate.requested(System::getenv) && StartGate.await(System.in) == StartGate.Verdict.ABORT) {
            return ChildExit.OK;
        }
        Platform platform = Platform.system();
        SyslogTransport transport = options.noSyslog() ? SyslogTransport.NONE : platform.syslog().get();
        Logger.Settings settings = new Logger.Settings(Ident.CHECKERS, platform.pid(), options.logConsole(),
                !options.noSyslog(), options.facility(), options.logDetail());
        try (Logger logger = new Logger(settings, platform.clock(), platform.err(), transport)) {
            Consumer<String> log = logger::info;
            Diagnostics diagnostics = new Diagnostics();
            ConfigLoader.Result result = ConfigLoader.loadHanded(snapshot(), options.configFile(),
                    loadOptions(options), platform.host(), diagnostics);
            ConfigStatus status = diagnostics.status();
            if (result.config() == null || diagnostics.has(ConfigStatus.FILE_NOT_FOUND)
                    || status == ConfigStatus.FATAL) {
                logger.error("Configuration " + options.configFile() + " cannot be run (" + status + "); exiting");
                return ChildExit.CONFIG;
            }
            return runLoaded(result.config(), options, factory != null ? factory : checks(result.config()), dumpFile,
                    logger, log);
        }
    }

    private static int runLoaded(KeepalivedConfig config, Options options, CheckFactory factory, Path dumpFile,
                                 Logger logger, Consumer<String> log) {
        Optional<ChildLink> link = ChildLink.fromEnvironment(System::getenv);
        if (link.isPresent() && !link.get().dieWithParent(Consts.SIGTERM)) {
            log.accept("Parent process gone before start; exiting");
            return ChildExit.OK;
        }
        IpvsProgrammer ipvs;
        try {
            ipvs = IpvsProgrammer.of(NetlinkIpvs.open(), log);
        } catch (IpvsUnavailableException e) {
            ipvs = IpvsProgrammer.unavailable(e.getMessage(), logger::error);
        } catch (RuntimeException e) {
            ipvs = IpvsProgrammer.unavailable("IPVS not available: " + e.getMessage(), logger::error);
        }
        GlobalDefs global = config.global();
        try (EventLoop loop = new EventLoop(Clock.SYSTEM);
             ChildScriptExecutor scripts = new ChildScriptExecutor(loop, Native.getuid(), gid())) {
            FifoWriter fifo = openFifo(global, scripts, log);
            SmtpSettings smtp = SmtpSettingsMapper.from(global, hostName(), System.getProperty("user.name"));
            AlertSink alerts;
            try {
                alerts = AlertSinks.create(smtp, logger);
            } catch (SmtpSetupException e) {
                logger.error("SMTP alerts disabled: " + e.getMessage());
                alerts = AlertSink.NONE;
            }
            LvsNotifier notifier = new LvsNotifier(scripts, fifo, alerts);
            CheckContext context = new CheckContext(loop, new NativeCheckSockets(loop), scripts,
                    new SplittableRandom(), log);
            CheckerChild.AlertDefaults alertDefaults = new CheckerChild.AlertDefaults(
                    smtp.virtualServerAlertDefault(), smtp.realServerAlertDefault(),
                    global.otherSettings().containsKey("no_checker_emails"));
            CheckerChild child = new CheckerChild(config, loop, ipvs, factory, context, notifier, alertDefaults,
                    log, !options.dontReleaseIpvs(), dumpFile, loop::stop);
            // Opened by the child when a virtual server has ha_suspend, at start or at the reload that brings one.
            child.useAddresses(() -> RtnlAddressSource.open(loop), options.logDetail());
            loop.onSignal(Consts.SIGTERM, (signo, nowNs) -> child.requestStop());
            loop.onSignal(Consts.SIGINT, (signo, nowNs) -> child.requestStop());
            loop.onSignal(Consts.SIGUSR1, (signo, nowNs) -> child.dump());
            loop.onSignal(Consts.SIGHUP, (signo, nowNs) -> reload(child, options, logger));
            WatchdogServer watchdog = null;
            AlertSink mail = alerts;
            if (link.isPresent()) {
                watchdog = WatchdogServer.open(loop, link.get().socketPath(), link.get().parentPid(),
                        Native.getuid(), new WatchdogServer.Listener() {
                            @Override
                            public void onParentGone(String reason, long nowNs) {
                                log.accept(reason + "; stopping");
                                child.requestStop();
                            }

                            @Override
                            public void onNotice(String message) {
                                log.accept(message);
                            }
                        }, nowNs -> StatusCodec.encode(CheckerStatusSnapshot.of(child.runtime().virtualServers(),
                                System.currentTimeMillis(), CheckerStatusSnapshot.alertCounters(mail))));
            }
            child.start(loop.nowNs());
            log.accept("Startup complete");
            loop.run();
            if (watchdog != null) {
                watchdog.close();
            }
            alerts.close();
            if (fifo != null) {
                fifo.close();
            }
            return ChildExit.OK;
        } catch (IOException e) {
            logger.error("Health-check child cannot start: " + e.getMessage());
            return ChildExit.FATAL;
        }
    }

    /**
     * The configuration the parent validated ({@link ConfigSnapshot}), named in our environment; empty when started
     * alone (then the file of -f is read).
     */
    private static Optional<Path> snapshot() {
        return ConfigSnapshot.fromEnvironment(System::getenv);
    }

    /** Reading the file ourselves (started alone): -e and -i as the parent would. */
    private static LoadOptions loadOptions(Options options) {
        LoadOptions load = LoadOptions.defaults().withAllConfig(options.allConfig());
        return options.configId().isPresent() ? load.withConfigId(options.configId().get()) : load;
    }

    /**
     * SIGHUP: re-read the configuration as at start (the parent's new snapshot, or the file when alone); refused (errors logged) when it has errors by the time we read it
     * ({@link ConfigReload#refuses}), else handed to {@link CheckerChild#reload}.
     */
    private static void reload(CheckerChild child, Options options, Logger logger) {
        logger.info("Reloading configuration file " + options.configFile());
        Diagnostics diagnostics = new Diagnostics(d -> {
            if (!d.isWarning()) {
                logger.error(d.format());
            }
        });
        ConfigLoader.Result result = ConfigLoader.loadHanded(snapshot(), options.configFile(), loadOptions(options),
                HostView.system(), diagnostics);
        if (ConfigReload.refuses(diagnostics) || result.config() == null) {
            logger.error("Reload refused: the configuration has errors; still running the previous one");
            return;
        }
        child.reload(result.config());
    }

    private static long gid() {
        try {
            Object g = java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            return ((Number) g).longValue();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** lvs_notify_fifo, else notify_fifo (keepalived writes the checker lines to both; one is enough here). */
    private static FifoWriter openFifo(GlobalDefs global, ChildScriptExecutor scripts, Consumer<String> log) {
        GlobalDefs.Fifo f = global.fifos() == null ? null
                : global.fifos().lvs() != null ? global.fifos().lvs() : global.fifos().general();
        if (f == null || f.path() == null) {
            return null;
        }
        try {
            FifoWriter w = FifoWriter.open(Path.of(f.path()));
            if (f.script() != null && !f.script().argv().isEmpty()) {
                java.util.List<String> argv = new java.util.ArrayList<>(f.script().argv());
                argv.add(f.path());
                scripts.run(argv, f.script().user(), f.script().group(), 0, outcome -> { });
            }
            return w;
        } catch (IOException e) {
            log.accept("Unable to open lvs notify fifo " + f.path() + ": " + e.getMessage());
            return null;
        }
    }
}
