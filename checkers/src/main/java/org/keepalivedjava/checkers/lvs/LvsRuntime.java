package org.keepalivedjava.checkers.lvs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.config.model.lvs.LvsConfig;
import org.keepalivedjava.config.model.lvs.RealServer;
import org.keepalivedjava.config.model.lvs.VirtualServer;
import org.keepalivedjava.os.ipvs.IpvsConstants;
import org.keepalivedjava.os.ipvs.IpvsSyncDaemon;

/**
 * All virtual servers of the configuration with their IPVS programming: keepalived's init_services at start and
 * clear_services at an orderly stop. Loop thread only.
 */
public final class LvsRuntime {
    private LvsConfig config;
    private final GlobalDefs.Lvs lvsDefaults;
    private final IpvsProgrammer ipvs;
    private final LvsNotifier notifier;
    private final boolean vsSmtpDefault;
    private final boolean rsSmtpDefault;
    private final boolean noCheckerEmails;
    private final Consumer<String> log;
    private final List<VirtualServerState> virtualServers = new ArrayList<>();
    private IpvsSyncDaemon syncDaemon;
    private boolean started;

    /**
     * @param vsSmtpDefault   effective smtp_alert of a virtual server that does not set its own
     * @param rsSmtpDefault   effective smtp_alert of a real server that does not set its own
     * @param noCheckerEmails global no_checker_emails
     */
    public LvsRuntime(LvsConfig config, GlobalDefs.Lvs lvsDefaults, IpvsProgrammer ipvs, LvsNotifier notifier,
                      Consumer<String> log, boolean vsSmtpDefault, boolean rsSmtpDefault, boolean noCheckerEmails) {
        this.config = config;
        this.lvsDefaults = lvsDefaults;
        this.ipvs = ipvs;
        this.notifier = notifier;
        this.log = log;
        this.vsSmtpDefault = vsSmtpDefault;
        this.rsSmtpDefault = rsSmtpDefault;
        this.noCheckerEmails = noCheckerEmails;
        for (VirtualServer vs : config.virtualServers()) {
            virtualServers.add(newVirtualServer(config, vs));
        }
    }

    private VirtualServerState newVirtualServer(LvsConfig in, VirtualServer vs) {
        int member = 0;
        if (vs.service() instanceof VirtualServer.Group g) {
            // keepalived numbers the virtual servers of one group in file order
            for (VirtualServer other : in.virtualServers()) {
                if (other == vs) {
                    break;
                }
                if (other.service() instanceof VirtualServer.Group og && og.name().equals(g.name())) {
                    member++;
                }
            }
        }
        boolean smtp = vs.smtpAlert() != null ? vs.smtpAlert() : vsSmtpDefault;
        return new VirtualServerState(vs, ServiceNames.virtualServer(vs, member), IpvsMapping.services(vs, in), ipvs,
                notifier, log, smtp, rsSmtpDefault, noCheckerEmails);
    }

    public LvsConfig config() {
        return config;
    }

    /**
     * What a reload asks of the checks (the child owns them): stop some of a real server's checks, make new ones.
     * Loop thread only.
     */
    public interface ReloadChecks {
        /** Stops and forgets the checks of {@code rs} made for {@code configs}; all of them when null. */
        List<Check> stop(RealServerState rs, List<CheckerConfig> configs);

        /** Makes (does not start) the checks for {@code configs} of {@code rs}; unsupported kinds are skipped. */
        List<Check> create(RealServerState rs, VirtualServerState vs, List<CheckerConfig> configs);
    }

    /**
     * SIGHUP: applies {@code plan} (made from the running and the new configuration): removed virtual servers are
     * cleared as at stop ("Removing Virtual Server X", whatever -I says: keepalived removes them at reload too),
     * removed real servers deleted, added ones programmed as at start (alpha ones wait for their first success),
     * a kept real server with changed checkers keeps its IPVS entry, and everything the plan leaves untouched is
     * not touched at all (no IPVS request, no notify, same check state). The virtual servers are then in the new
     * file's order.
     *
     * @return the checks made for the new configuration, to be started by the caller
     */
    public List<Check> reload(LvsConfig next, LvsReloadPlan plan, ReloadChecks checks) {
        Map<VirtualServer, VirtualServerState> byOld = new IdentityHashMap<>();
        for (VirtualServerState vs : virtualServers) {
            byOld.put(vs.config(), vs);
        }
        List<Check> toStart = new ArrayList<>();
        for (VirtualServer removed : plan.removed()) {
            VirtualServerState vs = byOld.remove(removed);
            for (RealServerState rs : vs.realServers()) {
                checks.stop(rs, null);
            }
            log.accept(removed.service() instanceof VirtualServer.Group g
                    ? "Removing Virtual Server Group [" + g.name() + "]" : "Removing Virtual Server " + vs.name());
            if (started) {
                vs.stop();
            }
        }
        Map<VirtualServer, VirtualServerState> byNext = new IdentityHashMap<>();
        for (LvsReloadPlan.KeptVs k : plan.kept()) {
            VirtualServerState vs = byOld.get(k.old());
            if (k.serviceEdited()) {
                vs.editService(k.next(), IpvsMapping.services(k.next(), next));
            } else {
                vs.reconfigure(k.next());
            }
            byNext.put(k.next(), vs);
            toStart.addAll(reloadRealServers(vs, k, checks));
        }
        for (VirtualServer added : plan.added()) {
            VirtualServerState vs = newVirtualServer(next, added);
            for (RealServerState rs : vs.realServers()) {
                List<Check> made = checks.create(rs, vs, rs.config().checkers());
                for (Check c : made) {
                    rs.addCheck(c);
                }
                toStart.addAll(made);
            }
            if (started) {
                vs.start();
            }
            byNext.put(added, vs);
        }
        virtualServers.clear();
        for (VirtualServer v : next.virtualServers()) {
            virtualServers.add(byNext.get(v));
        }
        config = next;
        return toStart;
    }

    private List<Check> reloadRealServers(VirtualServerState vs, LvsReloadPlan.KeptVs k, ReloadChecks checks) {
        Map<RealServer, RealServerState> byOld = new IdentityHashMap<>();
        for (RealServerState rs : vs.realServers()) {
            byOld.put(rs.config(), rs);
        }
        List<Check> toStart = new ArrayList<>();
        if (k.realServersUntouched()) {
            // Nothing to do but hold the records of the file now in force, which the next reload matches against.
            for (LvsReloadPlan.KeptRs kr : k.kept()) {
                byOld.get(kr.old()).config = kr.next();
            }
            return toStart;
        }
        for (RealServer removed : k.removed()) {
            RealServerState rs = byOld.remove(removed);
            checks.stop(rs, null);
            vs.removeRealServer(rs);
        }
        Map<RealServer, RealServerState> byNext = new IdentityHashMap<>();
        for (LvsReloadPlan.KeptRs kr : k.kept()) {
            RealServerState rs = byOld.get(kr.old());
            rs.config = kr.next(); // the same settings; the record of the file now in force
            byNext.put(kr.next(), rs);
            if (kr.untouched()) {
                continue;
            }
            for (Check c : checks.stop(rs, kr.stopped())) {
                rs.removeCheck(c);
            }
            List<Check> made = checks.create(rs, vs, kr.started());
            for (Check c : made) {
                rs.addReloadedCheck(c);
            }
            toStart.addAll(made);
            vs.checkersReloaded(rs);
        }
        for (RealServer added : k.added()) {
            RealServerState rs = vs.newRealServer(added);
            List<Check> made = checks.create(rs, vs, added.checkers());
            for (Check c : made) {
                rs.addCheck(c);
            }
            toStart.addAll(made);
            vs.addRealServer(rs);
            byNext.put(added, rs);
        }
        List<RealServerState> inNewOrder = new ArrayList<>();
        for (RealServer r : k.next().realServers()) {
            inNewOrder.add(byNext.get(r));
        }
        vs.afterReload(inNewOrder);
        return toStart;
    }

    public List<VirtualServerState> virtualServers() {
        return Collections.unmodifiableList(virtualServers);
    }

    public IpvsProgrammer ipvs() {
        return ipvs;
    }

    /**
     * Programs IPVS (keepalived's "Initializing ipvs"): lvs_flush, lvs_timeouts, then every virtual server. Call
     * after the checks were registered with their real servers and before they start.
     */
    public void start() {
        log.accept("Initializing ipvs");
        ipvs.startUp(lvsDefaults);
        for (VirtualServerState vs : virtualServers) {
            vs.start();
        }
        started = true;
    }

    /**
     * Starts lvs_sync_daemon in BACKUP state. keepalived drives it from its VRRP process (MASTER daemon while the
     * named vrrp_instance is MASTER); until the VRRP child tells this one, the checker child runs the backup
     * daemon, which receives connection state and never sends.
     *
     * @param vrid the VRID of the named vrrp_instance, used when lvs_sync_daemon has no {@code id}
     */
    public void startSyncDaemon(GlobalDefs.SyncDaemon sd, int vrid) {
        if (sd == null || sd.interfaceName() == null) {
            return;
        }
        int id = sd.syncId() != null ? sd.syncId() : vrid;
        syncDaemon = new IpvsSyncDaemon(IpvsConstants.IP_VS_STATE_BACKUP, sd.interfaceName(), id,
                sd.maxLen() == null ? 0 : sd.maxLen(), sd.group(), sd.port() == null ? 0 : sd.port(),
                sd.ttl() == null ? 0 : sd.ttl());
        ipvs.startSyncDaemon(syncDaemon);
    }

    /**
     * Orderly stop. {@code releaseIpvs} false is {@code -I/--dont-release-ipvs}: the table is left exactly as it
     * is (keepalived then skips clear_services altogether, so no shutdown log lines and no omega scripts).
     */
    public void stop(boolean releaseIpvs) {
        if (!started) {
            return;
        }
        started = false;
        if (!releaseIpvs) {
            return;
        }
        if (lvsDefaults != null && lvsDefaults.flushOnStop()) {
            ipvs.flush();
            for (VirtualServerState vs : virtualServers) {
                vs.stopFlushed();
            }
        } else {
            for (VirtualServerState vs : virtualServers) {
                vs.stop();
            }
        }
        if (syncDaemon != null) {
            ipvs.stopSyncDaemon(syncDaemon.state());
            syncDaemon = null;
        }
    }

    /** IPVS was programmed ({@link #start}) and not released yet. */
    public boolean isStarted() {
        return started;
    }
}
