package org.keepalivedjava.checkers.child;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.lvs.IpvsProgrammer;
import org.keepalivedjava.checkers.lvs.LvsRuntime;
import org.keepalivedjava.checkers.lvs.RealServerState;
import org.keepalivedjava.checkers.lvs.VirtualServerState;
import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.SameConfig;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;

/**
 * The health-check child without its process plumbing (testable in one JVM): builds one check per configured
 * checker through a {@link CheckFactory}, wires each to its {@link RealServerState}, programs IPVS through
 * {@link LvsRuntime}, and stops in order. {@link CheckerChildMain} adds the config file, signals, the watchdog and
 * logging.
 *
 * <p>Order at start (keepalived's start_check): checks created (alpha ones down), IPVS initialised with what they
 * say, then "Activating healthchecker for service X for VS Y" and the checks start. Order at stop (TERM/INT):
 * checks stopped, IPVS released (unless -I), then the loop stops once the shutdown scripts (omega) ended or after
 * their 1 s timeout.
 *
 * <p>ha_suspend: keepalived suspends the checkers of such a virtual server while its address is not on the host
 * (the VRRP instance is BACKUP), using address notifications. Not done yet: the checks of an ha_suspend virtual
 * server run all the time and a note is logged at start; {@link #setSuspended} is the hook for when the address
 * monitor exists.
 *
 * <p>Loop thread only (construct and {@link #start} before the loop runs, or on it).
 */
public final class CheckerChild {
    /** The effective mail switches (smtp-notify's SmtpSettings defaults) and global no_checker_emails. */
    public record AlertDefaults(boolean virtualServer, boolean realServer, boolean noCheckerEmails) {
        public static final AlertDefaults NONE = new AlertDefaults(false, false, false);
    }

    private final KeepalivedConfig config;
    private final EventLoop loop;
    private final LvsRuntime runtime;
    private final LvsNotifier notifier;
    private final Consumer<String> log;
    private final boolean releaseIpvs;
    private final Path dumpFile;
    private final List<Check> checks = new ArrayList<>();
    private final Runnable onStopped;
    private boolean stopping;
    private boolean stopped;

    /**
     * @param releaseIpvs false for -I/--dont-release-ipvs
     * @param dumpFile    where SIGUSR1 writes the data dump (/tmp/keepalived_check.data)
     * @param onStopped   run when the orderly stop is complete (the main stops the loop)
     */
    public CheckerChild(KeepalivedConfig config, EventLoop loop, IpvsProgrammer ipvs, CheckFactory factory,
                        CheckContext context, LvsNotifier notifier, AlertDefaults alerts, Consumer<String> log,
                        boolean releaseIpvs, Path dumpFile, Runnable onStopped) {
        this.config = config;
        this.loop = loop;
        this.notifier = notifier;
        this.log = log;
        this.releaseIpvs = releaseIpvs;
        this.dumpFile = dumpFile;
        this.onStopped = onStopped;
        this.runtime = new LvsRuntime(config.lvs(), config.global().lvs(), ipvs, notifier, log,
                alerts.virtualServer(), alerts.realServer(), alerts.noCheckerEmails());
        for (VirtualServerState vs : runtime.virtualServers()) {
            for (RealServerState rs : vs.realServers()) {
                for (CheckerConfig c : rs.config().checkers()) {
                    Check check = factory.create(c, context, rs, rs.name(), vs.name());
                    if (check == null) {
                        log.accept("Checker " + c.getClass().getSimpleName() + " of " + rs.name() + " for VS "
                                + vs.name() + " is not supported - ignoring");
                        continue;
                    }
                    rs.addCheck(check);
                    checks.add(check);
                }
            }
        }
    }

    public LvsRuntime runtime() {
        return runtime;
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }

    /** Programs IPVS and starts the checks. */
    public void start(long nowNs) {
        runtime.start();
        GlobalDefs.SyncDaemon sd = config.global().lvs() == null ? null : config.global().lvs().syncDaemon();
        if (sd != null) {
            runtime.startSyncDaemon(sd, vrid(sd.vrrpInstance()));
        }
        for (VirtualServerState vs : runtime.virtualServers()) {
            if (vs.config().haSuspend()) {
                log.accept("VS " + vs.name() + ": ha_suspend is not implemented yet - its checkers run regardless");
            }
            for (RealServerState rs : vs.realServers()) {
                log.accept("Activating healthchecker for service " + rs.name() + " for VS " + vs.name());
            }
        }
        for (Check c : checks) {
            c.start(nowNs);
        }
    }

    private int vrid(String instance) {
        if (instance == null || config.vrrp() == null) {
            return 0;
        }
        for (VrrpConfig.Instance i : config.vrrp().instances()) {
            if (i.name().equals(instance)) {
                return i.vrid();
            }
        }
        return 0;
    }

    /** Hook for ha_suspend (see the class comment): stops or restarts the checks of one virtual server. */
    public void setSuspended(VirtualServerState vs, boolean suspended, long nowNs) {
        for (Check c : checks) {
            boolean ours = vs.realServers().stream().anyMatch(rs -> rs.config().checkers().contains(c.config()));
            if (ours) {
                if (suspended) {
                    c.stop();
                } else {
                    c.start(nowNs);
                }
            }
        }
    }

    /**
     * SIGHUP with the re-read configuration. A configuration whose virtual servers are {@link SameConfig the same}
     * as the running ones (global_defs' LVS part included; locations ignored) changes nothing: IPVS entries, check
     * states and timers stay, no notify runs. Applying a DIFFERENT set of virtual/real servers or checkers is not
     * done yet: it is logged and the running configuration stays in force until the next restart (the safe side:
     * never drop IPVS entries on a half-applied change).
     *
     * @return true when the new configuration is in force (it was the same)
     */
    public boolean reload(KeepalivedConfig next) {
        if (stopping) {
            return false;
        }
        GlobalDefs.Lvs runningDefaults = config.global() == null ? null : config.global().lvs();
        GlobalDefs.Lvs nextDefaults = next.global() == null ? null : next.global().lvs();
        if (SameConfig.same(config.lvs(), next.lvs()) && SameConfig.same(runningDefaults, nextDefaults)) {
            log.accept("Reload: virtual servers unchanged; " + checks.size() + " checkers carry on");
            return true;
        }
        log.accept("Reload: the virtual servers changed; applying such changes without a restart is not"
                + " implemented yet: still running the previous configuration (restart to apply)");
        return false;
    }

    /** TERM/INT: keepalived's orderly stop. Idempotent. */
    public void requestStop() {
        if (stopping) {
            return;
        }
        stopping = true;
        log.accept("Stopping");
        for (Check c : checks) {
            c.stop();
        }
        runtime.stop(releaseIpvs);
        if (notifier.runningScripts() == 0) {
            finish();
            return;
        }
        // omega scripts run with keepalived's 1 s timeout: wait for them (or their timeout) before exiting.
        Timer[] poll = new Timer[1];
        long deadlineNs = loop.nowNs() + LvsNotifier.STOPPING_SCRIPT_TIMEOUT_NS + 100_000_000L;
        poll[0] = loop.newTimer((t, nowNs) -> {
            if (notifier.runningScripts() == 0 || deadlineNs - nowNs <= 0) {
                finish();
            } else {
                t.scheduleAt(nowNs + 10_000_000L);
            }
        });
        poll[0].scheduleAt(loop.nowNs() + 10_000_000L);
    }

    private void finish() {
        if (stopped) {
            return;
        }
        stopped = true;
        runtime.ipvs().close();
        onStopped.run();
    }

    public boolean isStopped() {
        return stopped;
    }

    /** SIGUSR1: the data dump, written atomically with mode 0600. */
    public void dump() {
        List<String> lines = new ArrayList<>();
        lines.add("------< Health checkers >------");
        lines.add(" " + checks.size() + " checkers, " + runtime.virtualServers().size() + " virtual servers");
        lines.addAll(runtime.dump());
        try {
            Path tmp = Files.createTempFile(dumpFile.toAbsolutePath().getParent(), ".keepalived_check", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, dumpFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.accept("Printing checker data for process(" + ProcessHandle.current().pid() + ") on signal");
        } catch (IOException e) {
            log.accept("Unable to write " + dumpFile + ": " + e.getMessage());
        }
    }
}
