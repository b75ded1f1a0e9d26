package org.keepalivedjava.checkers.lvs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.lvs.LvsConfig;
import org.keepalivedjava.config.model.lvs.VirtualServer;
import org.keepalivedjava.os.ipvs.IpvsConstants;
import org.keepalivedjava.os.ipvs.IpvsSyncDaemon;

/**
 * All virtual servers of the configuration with their IPVS programming: keepalived's init_services at start and
 * clear_services at an orderly stop. Loop thread only.
 */
public final class LvsRuntime {
    private final LvsConfig config;
    private final GlobalDefs.Lvs lvsDefaults;
    private final IpvsProgrammer ipvs;
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
        this.log = log;
        Map<String, Integer> groupMembers = new HashMap<>();
        for (VirtualServer vs : config.virtualServers()) {
            int member = 0;
            if (vs.service() instanceof VirtualServer.Group g) {
                member = groupMembers.merge(g.name(), 1, Integer::sum) - 1;
            }
            boolean smtp = vs.smtpAlert() != null ? vs.smtpAlert() : vsSmtpDefault;
            virtualServers.add(new VirtualServerState(vs, ServiceNames.virtualServer(vs, member),
                    IpvsMapping.services(vs, config), ipvs, notifier, log, smtp, rsSmtpDefault, noCheckerEmails));
        }
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

    /** keepalived's {@code LVS Topology} part of /tmp/keepalived_check.data (the run-time fields). */
    public List<String> dump() {
        List<String> lines = new ArrayList<>();
        lines.add("------< LVS Topology >------");
        lines.add(" IPVS " + (ipvs.available() ? "available" : "not available (" + ipvs.skippedOperations()
                + " requests not made)"));
        for (VirtualServerState vs : virtualServers) {
            VirtualServer c = vs.config();
            lines.add(" ------< Virtual server >------");
            lines.add(" VS " + vs.name());
            lines.add("   lvs_sched = " + c.scheduler());
            lines.add("   alpha is " + (c.alpha() ? "ON" : "OFF"));
            lines.add("   omega is " + (c.omega() ? "ON" : "OFF"));
            lines.add("   quorum = " + c.quorum() + ", hysteresis = " + c.hysteresis());
            if (vs.sorryServer() != null) {
                lines.add("   sorry server = " + vs.sorryServer().name());
                lines.add("     alive = " + (vs.sorryServer().isAlive() ? 1 : 0));
            }
            lines.add("   quorum_state_up = " + (vs.quorumUp() ? 1 : 0));
            for (RealServerState rs : vs.realServers()) {
                lines.add("   ------< Real server >------");
                lines.add("   RIP = " + rs.name() + ", WEIGHT = " + rs.config().weight() + " EFF WEIGHT = "
                        + rs.effectiveWeight());
                lines.add("   Inhibit on failure is " + (rs.config().inhibitOnFailure() ? "ON" : "OFF"));
                lines.add("   alive = " + (rs.isAlive() ? 1 : 0));
                lines.add("   num failed checkers = " + rs.failedCheckers());
                lines.add("   RS set = " + (rs.isSet() ? 1 : 0));
            }
        }
        return lines;
    }
}
