package org.keepalivedjava.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostic;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.lex.ConfigSnapshot;
import org.keepalivedjava.config.lex.Line;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.lex.Preprocessor;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.Severity;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.os.rtnl.NetlinkRtnl;
import org.keepalivedjava.parent.AfterChildExit;
import org.keepalivedjava.parent.ChildSpec;
import org.keepalivedjava.parent.ConfigReload;
import org.keepalivedjava.parent.OrphanVipRelease;
import org.keepalivedjava.parent.PrespawnedChildren;
import org.keepalivedjava.parent.StopSwitch;
import org.keepalivedjava.parent.SupervisorSettings;
import org.keepalivedjava.parent.SystemdNotifier;
import org.keepalivedjava.parent.control.ControlPaths;
import org.keepalivedjava.watchdog.RuntimeDir;

/**
 * The parent process without -t: logging, the parent's pid file, loading and validating the configuration, then
 * the {@link SupervisorRunner} with the VRRP child when the configuration has VRRP and the health-check child when
 * it has virtual servers (-P / -C keep only one). With nothing to run it logs keepalived's warning and stays up,
 * idle, until stopped, as keepalived does.
 *
 * <p>keepalived-java never forks itself (a JVM cannot fork safely). Without -n, bin/keepalived-java starts it in
 * the background in a new session and this class detaches from the script's output once running ({@link Detach}).
 */
public final class Launcher {
    /** keepalived 2.2.7's words for a configuration with neither VRRP nor virtual servers (it then idles). */
    static final String NOTHING_TO_RUN = "Warning - keepalived has no configuration to run";
    /** The children's main classes (modules vrrp and checkers, on the same class path; named, not linked: both
     *  depend on this module). */
    static final String VRRP_CHILD_MAIN = "org.keepalivedjava.vrrp.child.VrrpChildMain";
    static final String CHECKER_CHILD_MAIN = "org.keepalivedjava.checkers.child.CheckerChildMain";

    private final Platform platform;
    private final StopSwitch stopSwitch;
    private final boolean handleStopSignals;
    /** Removes a dead VRRP child's VIPs before its respawn; follows the configuration across reloads. */
    private OrphanVipRelease vipRelease;

    /** The command line's launcher: SIGTERM/SIGINT stop it. */
    public Launcher(Platform platform) {
        this.platform = platform;
        this.stopSwitch = new StopSwitch();
        this.handleStopSignals = true;
    }

    /**
     * A launcher hosted by something that owns SIGTERM/SIGINT and stops it through {@code stopSwitch} (Commons
     * Daemon: jsvc catches SIGTERM itself and calls Daemon.stop(); claiming the signal here would take it from jsvc,
     * which would then never stop).
     */
    public Launcher(Platform platform, StopSwitch stopSwitch) {
        this.platform = platform;
        this.stopSwitch = stopSwitch;
        this.handleStopSignals = false;
    }

    /** Runs the parent with these options; returns the exit status. Never calls System.exit. */
    public int run(Options options) {
        SyslogTransport transport = options.noSyslog() ? SyslogTransport.NONE : platform.syslog().get();
        Logger.Settings settings = new Logger.Settings(Ident.PARENT, platform.pid(), options.logConsole(),
                !options.noSyslog(), options.facility(), options.logDetail());
        try (Logger log = new Logger(settings, platform.clock(), platform.err(), transport)) {
            log.info("Starting " + HelpText.versionLine());
            log.info("Running on " + System.getProperty("os.name") + " " + HelpText.kernel()
                    + " (Java " + System.getProperty("java.version") + ")");
            log.info("Command line: " + quoted(options.commandLine()));
            return runLogged(options, log);
        }
    }

    private int runLogged(Options options, Logger log) {
        String netnsError = checkNamespace(options);
        if (netnsError != null) {
            log.error(netnsError);
            log.info("Stopped " + HelpText.versionLine());
            return ExitStatus.FAILURE;
        }
        PidFile pidFile;
        try {
            pidFile = PidFile.acquire(options.effectivePidFile(), platform.pid(), platform.alive(),
                    options.umask().orElse(0));
        } catch (PidFile.HeldException e) {
            // keepalived says "daemon is already running" and exits 0, so a repeated "start" is not a failure.
            log.info("daemon is already running (" + e.getMessage() + ")");
            return ExitStatus.OK;
        } catch (IOException | RuntimeException e) {
            log.error("Unable to write pid file " + options.effectivePidFile() + ": " + e.getMessage());
            log.info("Stopped " + HelpText.versionLine());
            return ExitStatus.FAILURE;
        }
        // A SIGTERM during start-up runs shutdown hooks, not finally blocks: remove the pid file there too.
        Thread hook = new Thread(pidFile::release, "pidfile-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return loadAndStart(options, log);
        } finally {
            pidFile.release();
            removeHook(hook);
            log.info("Stopped " + HelpText.versionLine());
        }
    }

    /**
     * Starts the VRRP child JVM now, before the configuration is read, so that it boots while this JVM parses and
     * validates; it waits for the validated configuration ({@link org.keepalivedjava.parent.StartGate}), and the
     * supervisor takes it at its start. Without this the child's whole JVM start-up (a few hundred ms) came after
     * the parent's, and RFC 5798's Master_Down_Interval, hence the election and the preempt-back, after both.
     * Whatever is not taken (invalid configuration, no VRRP in it) is abandoned before this returns.
     *
     * <p>Only the VRRP child: its start decides when this node takes part in the election. The health-check child
     * starts as before, once the configuration says it is needed: pre-starting it for every VRRP-only
     * configuration would cost a whole JVM start of CPU, on the same cores, at the moment both other JVMs start.
     */
    private int loadAndStart(Options options, Logger log) {
        List<ChildSpec> early = options.runVrrp() ? List.of(vrrpChild(options)) : List.of();
        SupervisorSettings earlySettings = supervisorSettings(options, null, platform.pid())
                .withConfigSnapshot(Optional.of(new ConfigSnapshot(List.of())));
        // Detaching closes this JVM's stdout/stderr, the fifo the launcher script reads to its end: a child started
        // before that must not hold the fifo open. Its console output would go nowhere after the detach anyway.
        ProcessBuilder.Redirect earlyOutput = detaching(options) ? ProcessBuilder.Redirect.DISCARD
                : earlySettings.output();
        PrespawnedChildren prespawned = platform.supervisor().prespawn(earlySettings, early, earlyOutput, log);
        try {
            return loadAndStart(options, log, prespawned);
        } finally {
            prespawned.abandonAndWait();
        }
    }

    private int loadAndStart(Options options, Logger log, PrespawnedChildren prespawned) {
        log.detail("Opening file '" + options.configFile() + "'.");
        Diagnostics diagnostics = new Diagnostics(d -> logDiagnostic(log, d));
        List<Line> lines = new Preprocessor(loadOptions(options, platform), diagnostics).load(options.configFile());
        ConfigLoader.Result result = ConfigLoader.fromLines(lines, platform.host(), diagnostics);
        if (diagnostics.has(ConfigStatus.FILE_NOT_FOUND) && !java.nio.file.Files.exists(options.configFile())) {
            return ExitStatus.CONFIG_MISSING;
        }
        log.info("Configuration file " + options.configFile());
        if (options.dumpConf()) {
            ConfigDump.lines(result.config()).forEach(log::info);
        }
        ConfigStatus status = diagnostics.status();
        if (status == ConfigStatus.BAD_IF || status == ConfigStatus.FATAL || status == ConfigStatus.FILE_NOT_FOUND) {
            log.error("Configuration cannot run (" + status + "); exiting");
            return ExitStatus.CONFIG_CANNOT_RUN;
        }
        log.info("Configuration: " + describeChildren(options, result));
        vipRelease = new OrphanVipRelease(NetlinkRtnl::open, log, options.dontReleaseVrrp());
        vipRelease.use(result.config().vrrp());
        List<ChildSpec> children = neededChildren(options, result.config(), vipRelease);

        SupervisorSettings settings = supervisorSettings(options, result.config().global(), platform.pid())
                .withNotifySocket(Optional.ofNullable(platform.environment().apply(SystemdNotifier.ENV)))
                .withHandleStopSignals(handleStopSignals)
                .withConfigSnapshot(Optional.of(new ConfigSnapshot(lines)))
                .withPrespawned(prespawned);
        // Before the children are spawned: they inherit stdout/stderr, and the launcher script waits for the end
        // of that stream.
        detachIfAsked(options, log);
        // The real process table, not platform.alive(): a test platform must never judge real daemons dead.
        RuntimeDir.sweepStale(settings.runtimeDir().getParent(), pid -> ProcessHandle.of(pid).isPresent());
        try {
            return runSupervisor(options, log, result, children, settings);
        } finally {
            RuntimeDir.removeOwn(settings.runtimeDir());
        }
    }

    private int runSupervisor(Options options, Logger log, ConfigLoader.Result result, List<ChildSpec> children,
                              SupervisorSettings settings) {
        return platform.supervisor().run(settings, children, log, () -> {
            if (children.isEmpty()) {
                log.warning(NOTHING_TO_RUN);
            }
        }, stopSwitch, new ConfigReload() {
            @Override
            public Optional<ConfigReload.Accepted> reread() {
                return rereadChecked().accepted();
            }

            @Override
            public ConfigReload.Checked rereadChecked() {
                return Launcher.this.reread(options, result.config(), log);
            }
        });
    }

    /** The children a configuration needs: VRRP when it has VRRP, the checker when it has virtual servers. */
    static List<ChildSpec> neededChildren(Options options, KeepalivedConfig config) {
        return neededChildren(options, config, AfterChildExit.NOTHING);
    }

    /** @param afterVrrpExit the parent's clean-up after the VRRP child has gone */
    static List<ChildSpec> neededChildren(Options options, KeepalivedConfig config, AfterChildExit afterVrrpExit) {
        List<ChildSpec> children = new ArrayList<>();
        if (options.runVrrp() && (options.allChildren() || config.hasVrrp())) {
            children.add(vrrpChild(options, afterVrrpExit));
        }
        if (options.runCheckers() && (options.allChildren() || config.hasChecker())) {
            children.add(checkerChild(options));
        }
        return children;
    }

    /**
     * SIGHUP's validation ({@link org.keepalivedjava.parent.ConfigReload}): the same file, load options and host view
     * as at start. Refused, with every diagnostic logged, when it has errors ({@link ConfigReload#refuses}), and, as
     * keepalived, when it changes net_namespace or instance (they need a restart).
     */
    private ConfigReload.Checked reread(Options options, KeepalivedConfig running, Logger log) {
        List<String> messages = new ArrayList<>();
        Diagnostics diagnostics = new Diagnostics(d -> {
            logDiagnostic(log, d);
            messages.add(d.format());
        });
        List<Line> lines = new Preprocessor(loadOptions(options, platform), diagnostics).load(options.configFile());
        ConfigLoader.Result result = ConfigLoader.fromLines(lines, platform.host(), diagnostics);
        if (ConfigReload.refuses(diagnostics) || result.config() == null) {
            return new ConfigReload.Checked(Optional.empty(), messages);
        }
        String refused = unsupportedChange(running.global(), result.config().global());
        if (refused != null) {
            log.error(refused);
            messages.add(refused);
            return new ConfigReload.Checked(Optional.empty(), messages);
        }
        vipRelease.use(result.config().vrrp());
        return new ConfigReload.Checked(Optional.of(new ConfigReload.Accepted(neededChildren(options, result.config(),
                vipRelease),
                Optional.of(new ConfigSnapshot(lines)))), messages);
    }

    /** keepalived's two reload refusals; null when neither applies. */
    static String unsupportedChange(GlobalDefs running, GlobalDefs next) {
        String oldNs = running == null || running.processes() == null ? null : running.processes().netNamespace();
        String newNs = next == null || next.processes() == null ? null : next.processes().netNamespace();
        if (!java.util.Objects.equals(oldNs, newNs)) {
            return "Cannot change network namespace at a reload - please restart keepalived";
        }
        String oldInstance = running == null || running.processes() == null ? null : running.processes().instanceName();
        String newInstance = next == null || next.processes() == null ? null : next.processes().instanceName();
        if (!java.util.Objects.equals(oldInstance, newInstance)) {
            return "Cannot change instance name at a reload - please restart keepalived";
        }
        return null;
    }

    /**
     * Without -n the launcher script waits for this (see {@link Detach}): the pid file is held and the configuration
     * loaded; what can still fail is reported to syslog, as keepalived does once it has forked.
     */
    private void detachIfAsked(Options options, Logger log) {
        if (detaching(options)) {
            log.detail("Running in the background (launched without -n)");
            Detach.detachStdio(platform.out(), platform.pid());
        }
    }

    private boolean detaching(Options options) {
        return Detach.requested(platform) && !options.dontFork();
    }

    /**
     * The VRRP child: {@link #VRRP_CHILD_MAIN} with the options it uses, its pid file (-r, default
     * /run/keepalived_vrrp.pid) and keepalived's ident. The child runs the configuration the parent validated
     * ({@link ConfigSnapshot}); -f names the file only for its messages and for a child started alone.
     */
    static ChildSpec vrrpChild(Options options) {
        return vrrpChild(options, AfterChildExit.NOTHING);
    }

    static ChildSpec vrrpChild(Options options, AfterChildExit afterExit) {
        List<String> args = commonChildArgs(options);
        if (options.dontReleaseVrrp()) {
            args.add("-V");
        }
        if (options.releaseVips()) {
            args.add("-X");
        }
        List<String> flags = new ArrayList<>(ChildSpec.defaultJvmFlagsFor(ChildSpec.VRRP));
        flags.add("-Xmx64m");
        return new ChildSpec("VRRP", VRRP_CHILD_MAIN, flags, args,
                Optional.of(options.effectiveVrrpPidFile()), Ident.VRRP, afterExit);
    }

    /**
     * The health-check child: {@link #CHECKER_CHILD_MAIN}, its pid file (-c, default
     * /run/keepalived_checkers.pid), -I passed on, ident Keepalived_healthcheckers.
     */
    static ChildSpec checkerChild(Options options) {
        List<String> args = commonChildArgs(options);
        if (options.dontReleaseIpvs()) {
            args.add("-I");
        }
        List<String> flags = new ArrayList<>(ChildSpec.defaultJvmFlagsFor(ChildSpec.CHECKER));
        flags.add("-Xmx64m");
        return new ChildSpec("Checker", CHECKER_CHILD_MAIN, flags, args,
                Optional.of(options.effectiveCheckersPidFile()), Ident.CHECKERS);
    }

    /** What both children take from the parent's command line: the config, logging, -e, -i. */
    private static List<String> commonChildArgs(Options options) {
        List<String> args = new ArrayList<>(List.of("-f", options.configFile().toString()));
        if (options.logConsole()) {
            args.add("-l");
        }
        if (options.logDetail()) {
            args.add("-D");
        }
        if (options.noSyslog()) {
            args.add("-G");
        }
        args.add("-S");
        args.add(options.facility().name().toLowerCase(java.util.Locale.ROOT));
        if (options.allConfig()) {
            args.add("-e");
        }
        options.configId().ifPresent(id -> {
            args.add("-i");
            args.add(id);
        });
        return args;
    }

    /**
     * watchdog_interval and child_wait_time from global_defs, -R; a runtime directory of this daemon's own
     * (by pid) so that daemons in several network namespaces of one host, which share /run, never share a
     * watchdog socket; the control socket (global_defs control_socket, else the default for -s) and the metrics
     * endpoint (prometheus_listen, off when absent).
     */
    static SupervisorSettings supervisorSettings(Options options, GlobalDefs global, long pid) {
        long second = 1_000_000_000L;
        SupervisorSettings s = SupervisorSettings.defaults()
                .withRespawn(!options.dontRespawn())
                .withRuntimeDir(Path.of(RuntimeDir.DEFAULT, Long.toString(pid)));
        if (global != null && global.extensions() != null) {
            s = s.withWatchdogIntervalNs(global.extensions().watchdogIntervalSec() * second);
        }
        if (global != null && global.processes() != null) {
            s = s.withChildWaitTimeNs(global.processes().childWaitTimeSec() * second);
        }
        GlobalDefs.Extensions ext = global == null ? null : global.extensions();
        s = s.withControlSocket(Optional.of(ControlPaths.socket(ext == null ? null : ext.controlSocket(),
                options.namespace())));
        s = s.withMetricsListen(ControlPaths.metrics(ext == null ? null : ext.prometheusListen()));
        return s;
    }

    private static void logDiagnostic(Logger log, Diagnostic d) {
        log.log(d.isWarning() ? Severity.WARNING : Severity.ERR, d.format());
    }

    private static String describeChildren(Options options, ConfigLoader.Result result) {
        boolean vrrp = options.runVrrp() && (options.allChildren() || result.config().hasVrrp());
        boolean checkers = options.runCheckers() && (options.allChildren() || result.config().hasChecker());
        return "VRRP child " + (vrrp ? "needed" : "not needed") + ", health-check child "
                + (checkers ? "needed" : "not needed");
    }

    /** What the command line contributes to reading the configuration (-i, -e, -s as the instance name). */
    static LoadOptions loadOptions(Options options, Platform platform) {
        LoadOptions lo = LoadOptions.defaults().withAllConfig(options.allConfig());
        if (options.configId().isPresent()) {
            lo = lo.withConfigId(options.configId().get());
        }
        String instance = options.namespace().orElse("");
        return new LoadOptions(lo.configId(), lo.allConfig(), instance, platform.environment()::apply);
    }

    /**
     * -s/--namespace is applied by bin/keepalived-java, which re-executes the JVM under {@code ip netns exec}:
     * setns(2) moves only the calling thread, and a JVM already runs several threads that would stay behind.
     * Returns an error message when the JVM was started with -s but not inside that namespace, else null.
     */
    static String checkNamespace(Options options, Platform platform) {
        if (options.namespace().isEmpty()) {
            return null;
        }
        String applied = platform.environment().apply(Platform.NETNS_ENV);
        if (options.namespace().get().equals(applied)) {
            return null;
        }
        return "-s/--namespace " + options.namespace().get() + " must be applied by the bin/keepalived-java"
                + " launcher script (a JVM cannot enter a network namespace itself); not started";
    }

    private String checkNamespace(Options options) {
        return checkNamespace(options, platform);
    }

    static String quoted(List<String> words) {
        return words.stream().map(w -> "'" + w + "'").collect(Collectors.joining(" "));
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs and finds the file gone.
        }
    }
}
