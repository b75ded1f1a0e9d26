package org.keepalivedjava.cli;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostic;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.Severity;
import org.keepalivedjava.log.SyslogTransport;

/**
 * The parent process without -t: logging, the parent's pid file, loading and validating the configuration.
 * Starting the VRRP and health-check children is issues 4-6; until then a launch stops after validation with a
 * clear message and a non-zero status ({@link ExitStatus#CHILDREN_NOT_IMPLEMENTED}).
 *
 * <p>keepalived-java never forks itself (a JVM cannot fork safely): it always runs in the foreground, as
 * keepalived does with -n, which is how service managers run keepalived anyway.
 */
public final class Launcher {
    static final String NOT_IMPLEMENTED =
            "VRRP and health-check children are not implemented yet (issues 4-6); exiting";

    private final Platform platform;

    public Launcher(Platform platform) {
        this.platform = platform;
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

    private int loadAndStart(Options options, Logger log) {
        log.detail("Opening file '" + options.configFile() + "'.");
        Diagnostics diagnostics = new Diagnostics(d -> logDiagnostic(log, d));
        ConfigLoader.Result result = ConfigLoader.load(options.configFile(), loadOptions(options, platform),
                platform.host(), diagnostics);
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
        log.error(NOT_IMPLEMENTED);
        return ExitStatus.CHILDREN_NOT_IMPLEMENTED;
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
