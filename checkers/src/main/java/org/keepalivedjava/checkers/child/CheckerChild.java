package org.keepalivedjava.checkers.child;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.lvs.IpvsProgrammer;
import org.keepalivedjava.checkers.lvs.LvsReloadPlan;
import org.keepalivedjava.checkers.lvs.LvsRuntime;
import org.keepalivedjava.checkers.lvs.RealServerState;
import org.keepalivedjava.checkers.lvs.VirtualServerState;
import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.checkers.dump.CheckDataDump;
import org.keepalivedjava.checkers.suspend.AddressSource;
import org.keepalivedjava.checkers.suspend.HaSuspend;
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
 * <p>ha_suspend ({@link HaSuspend}): given an {@link AddressSource} ({@link #useAddresses}), the checks of such a
 * virtual server are disabled while its address is not on the host (the VRRP instance holding it is BACKUP):
 * "Deactivating healthchecker..." at start, "Suspending/Activating healthchecker..." on address changes. A disabled
 * check starts no attempt, so the real servers and IPVS keep their last state (keepalived programs IPVS at start
 * regardless of ha_suspend and leaves it alone while suspended).
 *
 * <p>Loop thread only (construct and {@link #start} before the loop runs, or on it).
 */
public final class CheckerChild {
    /** The effective mail switches (smtp-notify's SmtpSettings defaults) and global no_checker_emails. */
    public record AlertDefaults(boolean virtualServer, boolean realServer, boolean noCheckerEmails) {
        public static final AlertDefaults NONE = new AlertDefaults(false, false, false);
    }

    private KeepalivedConfig config;
    private final EventLoop loop;
    private final CheckFactory factory;
    private final CheckContext context;
    private final LvsRuntime runtime;
    private final LvsNotifier notifier;
    private final Consumer<String> log;
    private final boolean releaseIpvs;
    private final Path dumpFile;
    private final List<Check> checks = new ArrayList<>();
    /** Every check with its real server and virtual server, in configuration order. */
    private final List<Placed> placed = new ArrayList<>();
    private HaSuspend haSuspend;
    private Supplier<AddressSource> addressOpener;
    /** Open and watched once some virtual server has ha_suspend ({@link #watchAddresses}). */
    private AddressSource addresses;
    private boolean logAddressDetail;
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
        this.factory = factory;
        this.context = context;
        this.notifier = notifier;
        this.log = log;
        this.releaseIpvs = releaseIpvs;
        this.dumpFile = dumpFile;
        this.onStopped = onStopped;
        this.runtime = new LvsRuntime(config.lvs(), config.global().lvs(), ipvs, notifier, log,
                alerts.virtualServer(), alerts.realServer(), alerts.noCheckerEmails());
        this.haSuspend = new HaSuspend(runtime.virtualServers(), config.lvs());
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
                    placed.add(new Placed(check, rs, vs));
                }
            }
        }
    }

    /** A check where keepalived lists it: its real server in its virtual server. */
    private record Placed(Check check, RealServerState rs, VirtualServerState vs) {
        /** keepalived's checker->launch: FILE_CHECK and BFD_CHECK are event-driven, never launched or suspended. */
        boolean launched() {
            return check.config() instanceof org.keepalivedjava.config.model.lvs.CheckerConfig.Connecting;
        }
    }

    /**
     * The host's addresses for ha_suspend; call before {@link #start}. Without it, virtual servers with ha_suspend
     * are checked all the time (a note is logged at start).
     *
     * @param logDetail -D: log "Netlink reflector reports IP X added|removed" for the addresses ha_suspend watches
     */
    public void useAddresses(AddressSource source, boolean logDetail) {
        useAddresses(() -> source, logDetail);
    }

    /**
     * The host's addresses for ha_suspend, opened only when some virtual server uses ha_suspend: at start, or at
     * the reload that brings the first one (keepalived's checker process starts its netlink reflector then too).
     * Call before {@link #start}.
     *
     * @param opener opens the source; a RuntimeException from it is logged and ha_suspend is then not applied
     */
    public void useAddresses(Supplier<AddressSource> opener, boolean logDetail) {
        this.addressOpener = opener;
        this.logAddressDetail = logDetail;
    }

    public HaSuspend haSuspend() {
        return haSuspend;
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
        if (haSuspend.inUse() && watchAddresses()) {
            for (HaSuspend.Change c : haSuspend.update(addresses.addresses())) {
                setEnabled(c.virtualServer(), !c.suspended());
            }
        }
        // keepalived's register_checkers_thread: one line per launched checker
        for (Placed p : placed) {
            if (p.launched()) {
                log.accept((p.check().isEnabled() ? "A" : "Dea") + "ctivating healthchecker for service "
                        + p.rs().name() + " for VS " + p.vs().name());
            }
        }
        for (Check c : checks) {
            c.start(nowNs);
        }
    }

    /**
     * Opens and watches the address source if not done yet; false (logged) when there is none. Watching first, then
     * the caller's dump: a change in between is in the dump or triggers another refresh.
     */
    private boolean watchAddresses() {
        if (addresses != null) {
            return true;
        }
        if (addressOpener == null) {
            log.accept("No address monitor: virtual servers with ha_suspend are checked regardless");
            return false;
        }
        try {
            addresses = addressOpener.get();
        } catch (RuntimeException e) {
            log.accept("Cannot watch interface addresses for ha_suspend: " + e.getMessage()
                    + "; virtual servers with ha_suspend are checked regardless");
            addressOpener = null;
            return false;
        }
        addresses.watch(new AddressSource.Listener() {
            @Override
            public void onAddress(InetAddress address, boolean added) {
                onAddressChange(address, added);
            }

            @Override
            public void onResync() {
                refreshSuspension(loop.nowNs());
            }
        });
        return true;
    }

    private void onAddressChange(InetAddress address, boolean added) {
        if (stopping || !haSuspend.concerns(address)) {
            return;
        }
        if (logAddressDetail) {
            log.accept("Netlink reflector reports IP " + Checks.addressText(address) + (added ? " added" : " removed"));
        }
        refreshSuspension(loop.nowNs());
    }

    /** Re-reads the host's addresses and suspends or activates what changed. */
    private void refreshSuspension(long nowNs) {
        if (stopping) {
            return;
        }
        for (HaSuspend.Change c : haSuspend.update(addresses.addresses())) {
            setSuspended(c.virtualServer(), c.suspended(), nowNs);
        }
    }

    private void setEnabled(VirtualServerState vs, boolean enabled) {
        for (Placed p : placed) {
            if (p.vs() == vs && p.launched()) {
                p.check().setEnabled(enabled);
            }
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

    /**
     * ha_suspend (see the class comment): disables or enables the launched checks of one virtual server, logging
     * keepalived's "Suspending/Activating healthchecker for service RS for VS VS" for each check that changes.
     */
    public void setSuspended(VirtualServerState vs, boolean suspended, long nowNs) {
        for (Placed p : placed) {
            if (p.vs() != vs || !p.launched() || p.check().isEnabled() != suspended) {
                continue;
            }
            log.accept((suspended ? "Suspend" : "Activat") + "ing healthchecker for service " + p.rs().name()
                    + " for VS " + vs.name());
            p.check().setEnabled(!suspended);
        }
    }

    /**
     * SIGHUP with the re-read configuration, applied as {@link LvsReloadPlan} decides and {@link LvsRuntime#reload}
     * does: removed virtual/real servers leave IPVS and their checks stop; added ones are programmed and their
     * checks start (alpha ones down until their first success); a real server whose checkers changed keeps its
     * IPVS entry and only those checks restart; everything unchanged ({@link SameConfig the same}, locations
     * ignored) is not touched: IPVS entries, check states and timers stay, no notify runs. The LVS part of
     * global_defs (lvs_flush, timeouts, lvs_sync_daemon) is read at start-up only: a change is logged as not
     * applied. The first virtual server with ha_suspend, at start or brought by a reload, opens the address
     * monitor ({@link #useAddresses(Supplier, boolean)}).
     *
     * @return true (the new virtual servers are in force); false when stopping
     */
    public boolean reload(KeepalivedConfig next) {
        if (stopping) {
            return false;
        }
        GlobalDefs.Lvs runningDefaults = config.global() == null ? null : config.global().lvs();
        GlobalDefs.Lvs nextDefaults = next.global() == null ? null : next.global().lvs();
        if (!SameConfig.same(runningDefaults, nextDefaults)) {
            log.accept("Reload: the LVS settings of global_defs changed: not applied (restart to apply)");
        }
        LvsReloadPlan plan = LvsReloadPlan.of(config.lvs(), next.lvs());
        List<Check> toStart = runtime.reload(next.lvs(), plan, reloadChecks);
        config = new KeepalivedConfig(config.global(), next.vrrp(), next.lvs());
        if (plan.untouched()) {
            log.accept("Reload: virtual servers unchanged; " + checks.size() + " checkers carry on");
            return true;
        }
        log.accept("Reload: " + plan + "; " + toStart.size() + " checkers started, " + checks.size() + " running");
        haSuspend = new HaSuspend(runtime.virtualServers(), next.lvs());
        if (haSuspend.inUse() && watchAddresses()) {
            for (HaSuspend.Change c : haSuspend.update(addresses.addresses())) {
                setEnabled(c.virtualServer(), !c.suspended());
            }
        }
        long nowNs = loop.nowNs();
        for (Placed p : placed) {
            if (p.launched() && toStart.contains(p.check())) {
                log.accept((p.check().isEnabled() ? "A" : "Dea") + "ctivating healthchecker for service "
                        + p.rs().name() + " for VS " + p.vs().name());
            }
        }
        for (Check c : toStart) {
            c.start(nowNs);
        }
        return true;
    }

    /** The child's side of a reload: its checks, stopped and made. */
    private final LvsRuntime.ReloadChecks reloadChecks = new LvsRuntime.ReloadChecks() {
        @Override
        public List<Check> stop(RealServerState rs, List<CheckerConfig> configs) {
            List<Placed> chosen = new ArrayList<>();
            if (configs == null) {
                for (Placed p : placed) {
                    if (p.rs() == rs) {
                        chosen.add(p);
                    }
                }
            } else {
                for (CheckerConfig c : configs) {
                    for (Placed p : placed) {
                        if (p.rs() == rs && !chosen.contains(p) && SameConfig.same(p.check().config(), c)) {
                            chosen.add(p);
                            break;
                        }
                    }
                }
            }
            List<Check> stopped = new ArrayList<>();
            for (Placed p : chosen) {
                p.check().stop();
                placed.remove(p);
                checks.remove(p.check());
                stopped.add(p.check());
            }
            return stopped;
        }

        @Override
        public List<Check> create(RealServerState rs, VirtualServerState vs, List<CheckerConfig> configs) {
            List<Check> made = new ArrayList<>();
            for (CheckerConfig c : configs) {
                Check check = factory.create(c, context, rs, rs.name(), vs.name());
                if (check == null) {
                    log.accept("Checker " + c.getClass().getSimpleName() + " of " + rs.name() + " for VS "
                            + vs.name() + " is not supported - ignoring");
                    continue;
                }
                checks.add(check);
                placed.add(new Placed(check, rs, vs));
                made.add(check);
            }
            return made;
        }
    };

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
        if (addresses != null) {
            addresses.close();
        }
        onStopped.run();
    }

    public boolean isStopped() {
        return stopped;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** SIGUSR1: the data dump in keepalived's format ({@link CheckDataDump}), written atomically with mode 0600. */
    public void dump() {
        List<CheckDataDump.Entry> entries = new ArrayList<>();
        for (Placed p : placed) {
            entries.add(new CheckDataDump.Entry(p.check(), p.rs(), p.vs()));
        }
        List<String> lines = new ArrayList<>(CheckDataDump.globalDefinitions(config.global(), hostName()));
        lines.addAll(CheckDataDump.lvsTopology(runtime.virtualServers(),
                runtime.ipvs().available() && runtime.isStarted()));
        lines.addAll(CheckDataDump.healthCheckers(entries));
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
