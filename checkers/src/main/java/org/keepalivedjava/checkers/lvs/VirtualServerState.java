package org.keepalivedjava.checkers.lvs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.config.model.lvs.RealServer;
import org.keepalivedjava.config.model.lvs.VirtualServer;
import org.keepalivedjava.os.ipvs.IpvsService;
import org.keepalivedjava.smtp.RealServerAlert;

/**
 * One virtual server at run time: its quorum state machine, its sorry server and the IPVS requests for its real
 * servers, with keepalived 2.2.7's rules (check/ipwrapper.c), checked against the real binary in a UML guest:
 * <ul>
 *   <li><b>start</b> (init_service_vs): add the service(s); add every real server with no failed checker
 *       ({@code alpha} servers start failed, so they wait for their first success) and, with
 *       inhibit_on_failure, the failed ones too with weight 0; evaluate the quorum ("Gained quorum ..." or, with
 *       a sorry server, "Starting with quorum down ..."); a sorry server with {@code sorry_server_inhibit} is
 *       added with weight 0.</li>
 *   <li><b>quorum</b>: the sum of the weights of the alive real servers against {@code quorum + hysteresis} to
 *       gain it and {@code quorum - hysteresis} to lose it (losing also when the sum is 0). Losing it puts the
 *       sorry server in and takes the alive real servers out; gaining it does the reverse. quorum_up/quorum_down,
 *       the {@code VS ...} FIFO line and the quorum mail follow each change.</li>
 *   <li><b>a real server changes</b> (perform_svr_state): "Adding/Removing service X to/from VS Y" (or
 *       "Enabling/Disabling service X of VS Y" with inhibit_on_failure, which sets weight 0 instead of deleting);
 *       IPVS is changed only while the sorry server is not in use; then notify_up/notify_down and the
 *       {@code RS ...} FIFO line; then the quorum.</li>
 *   <li><b>weight</b> (update_svr_wgt): "Changing weight from A to B for [in]active service X of VS Y", applied
 *       to IPVS when the server is in the table and alive.</li>
 *   <li><b>stop</b> (clear_service_vs): "Shutting down [(inhibited) ]service X from VS Y" for every real server,
 *       destinations and service deleted; with {@code omega} the down scripts, FIFO lines and mails still go out.</li>
 * </ul>
 * Loop thread only.
 */
public final class VirtualServerState {

    private enum Cmd { ADD, EDIT, DELETE }

    private VirtualServer config;
    private final String name;
    private List<IpvsService> services;
    private final IpvsProgrammer ipvs;
    private final LvsNotifier notifier;
    private final Consumer<String> log;
    private final boolean smtpAlert;
    private final boolean noCheckerEmails;
    private final boolean rsSmtpDefault;
    private final List<RealServerState> realServers = new ArrayList<>();
    private final RealServerState sorry;
    private boolean quorumStateUp;
    private boolean serviceAdded;

    /**
     * @param name            keepalived's name ({@link ServiceNames#virtualServer})
     * @param services        the IPVS services ({@link IpvsMapping#services})
     * @param smtpAlert       the effective smtp_alert of the virtual server (quorum mails)
     * @param rsSmtpDefault   the effective smtp_alert of a real server that does not set its own
     * @param noCheckerEmails global no_checker_emails
     */
    public VirtualServerState(VirtualServer config, String name, List<IpvsService> services, IpvsProgrammer ipvs,
                              LvsNotifier notifier, Consumer<String> log, boolean smtpAlert, boolean rsSmtpDefault,
                              boolean noCheckerEmails) {
        this.config = config;
        this.name = name;
        this.services = List.copyOf(services);
        this.ipvs = ipvs;
        this.notifier = notifier;
        this.log = log;
        this.smtpAlert = smtpAlert;
        this.noCheckerEmails = noCheckerEmails;
        this.rsSmtpDefault = rsSmtpDefault;
        for (RealServer rs : config.realServers()) {
            realServers.add(newRealServer(rs));
        }
        VirtualServer.SorryServer s = config.sorryServer();
        if (s != null) {
            // keepalived's sorry server is a real server of weight 1 with no checker.
            RealServer asRs = new RealServer(s.address(), s.port(), 1, s.forwarding(), s.inhibit(), null, null, 0,
                    0, false, false, null, null, List.of(), s.location());
            sorry = new RealServerState(asRs, this, ServiceNames.sorryServer(s, config), false);
        } else {
            sorry = null;
        }
    }

    public String name() {
        return name;
    }

    public VirtualServer config() {
        return config;
    }

    public List<RealServerState> realServers() {
        return Collections.unmodifiableList(realServers);
    }

    /** The sorry server's state, null when none is configured. */
    public RealServerState sorryServer() {
        return sorry;
    }

    public boolean quorumUp() {
        return quorumStateUp;
    }

    public List<IpvsService> services() {
        return services;
    }

    boolean noCheckerEmails() {
        return noCheckerEmails;
    }

    LvsNotifier notifier() {
        return notifier;
    }

    /** Sum of the weights of the alive real servers (keepalived's weigh_live_realservers). */
    public long liveWeight() {
        long sum = 0;
        for (RealServerState rs : realServers) {
            if (rs.alive) {
                sum += IpvsMapping.realWeight(rs.effectiveWeight);
            }
        }
        return sum;
    }

    /** init_service_vs: after the checks were registered ({@link RealServerState#addCheck}), before they start. */
    public void start() {
        ipvs.addServices(services);
        serviceAdded = true;
        for (RealServerState rs : realServers) {
            if ((rs.numFailedCheckers == 0 && !rs.alive) || (rs.inhibit && !rs.set)) {
                ipvsCmd(Cmd.ADD, rs);
                if (rs.numFailedCheckers == 0) {
                    rs.alive = true;
                }
            }
        }
        updateQuorumState(true);
        if (sorry != null && sorry.inhibit && !sorry.set) {
            // An inhibited sorry server waits in the table with weight 0.
            sorry.numFailedCheckers = 1;
            ipvsCmd(Cmd.ADD, sorry);
            sorry.numFailedCheckers = 0;
        }
    }

    /** The run-time state of a real server of this virtual server, not yet in {@link #realServers}. */
    RealServerState newRealServer(RealServer rs) {
        boolean rsSmtp = rs.smtpAlert() != null ? rs.smtpAlert() : rsSmtpDefault;
        return new RealServerState(rs, this, ServiceNames.realServer(rs, config), rsSmtp);
    }

    /**
     * Reload: the same virtual server from the new file (its own settings are {@link
     * org.keepalivedjava.config.model.SameConfig the same}; only its real server list may differ).
     */
    void reconfigure(VirtualServer next) {
        this.config = next;
    }

    /**
     * Reload: the same virtual server with other IPVS service attributes (scheduler, flags, persistence; see
     * {@link LvsReloadPlan}): its services are edited in place, destinations and connections stay.
     *
     * @param nextServices the new services, pairwise the same kernel services as the current ones
     */
    void editService(VirtualServer next, List<IpvsService> nextServices) {
        log.accept("Editing Virtual Server " + name);
        if (serviceAdded) {
            ipvs.editServices(services, nextServices);
        }
        this.services = List.copyOf(nextServices);
        this.config = next;
    }

    /**
     * Reload: a real server left the configuration (keepalived's clear_diff_rs): "service X no longer exist", its
     * destination deleted (also with inhibit_on_failure), and, if it was up, its notify_down, since the virtual
     * server itself goes on. The caller stopped its checks; the quorum is re-evaluated by {@link #afterReload}.
     */
    void removeRealServer(RealServerState rs) {
        log.accept("service " + rs.name + " no longer exist");
        if (rs.set) {
            ipvsCmdForced(Cmd.DELETE, rs);
        }
        if (rs.alive) {
            rs.alive = false;
            rsNotifies(rs, false);
        }
        realServers.remove(rs);
    }

    /**
     * Reload: a new real server of a kept virtual server, its checks registered; programmed as at start (in
     * the table when no check is failing, so an alpha server waits for its first success; with
     * inhibit_on_failure a failing one goes in with weight 0), unless the sorry server stands in for the pool.
     */
    void addRealServer(RealServerState rs) {
        realServers.add(rs);
        if (rs.numFailedCheckers == 0) {
            if (sorryNotInUse()) {
                ipvsCmd(Cmd.ADD, rs);
            }
            rs.alive = true;
        } else if (rs.inhibit && !rs.set && sorryNotInUse()) {
            ipvsCmd(Cmd.ADD, rs);
        }
    }

    /**
     * Reload: a kept real server whose checkers changed. With no failing check left, a server that was down goes
     * up (keepalived's migrate_checkers does the same); otherwise its state waits for the new checks.
     */
    void checkersReloaded(RealServerState rs) {
        if (rs.numFailedCheckers == 0 && !rs.alive) {
            performServerState(rs, true);
        }
    }

    /** Reload: the real servers in the new file's order, then the quorum with the new pool. */
    void afterReload(List<RealServerState> inNewOrder) {
        realServers.clear();
        realServers.addAll(inNewOrder);
        updateQuorumState(false);
    }

    /** perform_svr_state: a real server goes up or down. Returns false when IPVS refused the change. */
    boolean performServerState(RealServerState rs, boolean alive) {
        if (rs.alive == alive) {
            return true;
        }
        log.accept((alive ? (rs.inhibit ? "Enabl" : "Add") : (rs.inhibit ? "Disabl" : "Remov")) + "ing service "
                + rs.name + " " + (rs.inhibit ? "of" : alive ? "to" : "from") + " VS " + name);
        if (sorryNotInUse() && !ipvsCmd(alive ? Cmd.ADD : Cmd.DELETE, rs)) {
            return false;
        }
        rs.alive = alive;
        rsNotifies(rs, false);
        updateQuorumState(false);
        return true;
    }

    private boolean sorryNotInUse() {
        return quorumStateUp || sorry == null || !sorry.alive;
    }

    /** update_svr_wgt: a check asked for a new weight (misc_dynamic, FILE_CHECK). */
    void updateWeight(RealServerState rs, long weight, boolean updateQuorum) {
        int newWeight = IpvsMapping.realWeight(weight);
        int oldWeight = IpvsMapping.realWeight(rs.effectiveWeight);
        rs.effectiveWeight = weight;
        if (newWeight == oldWeight) {
            return;
        }
        log.accept("Changing weight from " + oldWeight + " to " + newWeight + " for " + (rs.alive ? "" : "in")
                + "active service " + rs.name + " of VS " + name);
        if (rs.set && rs.alive && sorryNotInUse()) {
            ipvsCmd(Cmd.EDIT, rs);
        }
        if (updateQuorum) {
            updateQuorumState(false);
        }
    }

    /** update_quorum_state. */
    void updateQuorumState(boolean init) {
        long weightSum = liveWeight();
        long threshold = config.quorum() + (quorumStateUp ? -1 : 1) * config.hysteresis();
        if (!quorumStateUp && weightSum >= threshold) {
            quorumStateUp = true;
            log.accept("Gained quorum " + config.quorum() + "+" + config.hysteresis() + "=" + threshold + " <= "
                    + weightSum + " for VS " + name);
            if (sorry != null && sorry.alive) {
                log.accept((sorry.inhibit ? "Disabling" : "Removing") + " sorry server " + sorry.name
                        + " from VS " + name);
                ipvsCmd(Cmd.DELETE, sorry);
                sorry.alive = false;
                performQuorumState(true);
            }
            vsNotifies(init, threshold, weightSum, false);
        } else if ((quorumStateUp && (weightSum == 0 || weightSum < threshold))
                || (init && !quorumStateUp && sorry != null && !sorry.alive)) {
            quorumStateUp = false;
            log.accept((init ? "Starting with quorum down" : "Lost quorum") + " " + config.quorum() + "-"
                    + config.hysteresis() + "=" + threshold + " > " + weightSum + " for VS " + name);
            if (sorry != null && !sorry.alive) {
                log.accept((sorry.inhibit ? "Enabling" : "Adding") + " sorry server " + sorry.name + " to VS "
                        + name);
                performQuorumState(false);
                ipvsCmd(Cmd.ADD, sorry);
                sorry.alive = true;
            }
            vsNotifies(init, threshold, weightSum, false);
        }
    }

    /** perform_quorum_state: put the alive real servers back in the pool, or take them out for the sorry server. */
    private void performQuorumState(boolean add) {
        log.accept((add ? "Adding alive servers to" : "Removing alive servers from") + " the pool for VS " + name);
        for (RealServerState rs : realServers) {
            if (rs.alive) {
                ipvsCmd(add ? Cmd.ADD : Cmd.DELETE, rs);
            }
        }
    }

    private void vsNotifies(boolean init, long threshold, long weightSum, boolean stopping) {
        if (stopping && !config.omega()) {
            return;
        }
        notifier.virtualServer(name, quorumStateUp ? config.quorumUp() : config.quorumDown(), quorumStateUp, init,
                config.quorum(), config.hysteresis(), threshold, weightSum, stopping, smtpAlert);
    }

    void rsNotifies(RealServerState rs, boolean stopping) {
        notifier.realServer(rs.name, name, rs.alive ? rs.config.notifyUp() : rs.config.notifyDown(), rs.alive,
                stopping);
    }

    /**
     * Orderly stop (clear_service_vs, lvs_flush_on_stop not set): every destination and the service deleted;
     * with omega the down notifications still go out.
     */
    public void stop() {
        if (sorry != null && sorry.set) {
            ipvsCmdForced(Cmd.DELETE, sorry);
            sorry.alive = false;
        }
        for (RealServerState rs : realServers) {
            clearRealServer(rs);
        }
        updateVsNotifies(true);
        if (serviceAdded) {
            ipvs.deleteServices(services);
            serviceAdded = false;
        }
    }

    /** The stop notifications when the whole table was flushed instead (lvs_flush_on_stop). */
    public void stopFlushed() {
        for (RealServerState rs : realServers) {
            rs.set = false;
        }
        if (sorry != null) {
            sorry.set = false;
            sorry.alive = false;
        }
        serviceAdded = false;
        updateVsNotifies(true);
    }

    private void clearRealServer(RealServerState rs) {
        log.accept("Shutting down " + (rs.inhibit && !rs.alive ? "(inhibited) " : "") + "service " + rs.name
                + " from VS " + name);
        if (!rs.set) {
            return;
        }
        ipvsCmdForced(Cmd.DELETE, rs);
        if (!rs.alive) {
            return;
        }
        rs.alive = false;
        if (!config.omega()) {
            return;
        }
        rsNotifies(rs, true);
        if (rs.smtpAlert) {
            notifier.realServerAlert(rs.name, name, false, RealServerAlert.SHUTTING_DOWN);
        }
    }

    /** update_vs_notifies. */
    private void updateVsNotifies(boolean stopping) {
        long threshold = config.quorum() - config.hysteresis();
        long weightSum = liveWeight();
        if (stopping || (quorumStateUp && (weightSum == 0 || weightSum < threshold))) {
            quorumStateUp = false;
            vsNotifies(false, threshold, weightSum, stopping);
        }
    }

    /** A delete that really deletes, even with inhibit_on_failure (keepalived clears the flag around the call). */
    private void ipvsCmdForced(Cmd cmd, RealServerState rs) {
        int weight = IpvsMapping.realWeight(rs.effectiveWeight);
        rs.set = false;
        send(cmd, rs, weight);
    }

    /**
     * keepalived's ipvs_cmd for a destination, with its inhibit rewriting: a delete of an inhibited server is a
     * weight-0 edit; an add of an inhibited server already in the table is an edit restoring its weight; a first
     * add of an inhibited server that is failing goes in with weight 0.
     */
    private boolean ipvsCmd(Cmd cmd, RealServerState rs) {
        int weight = IpvsMapping.realWeight(rs.effectiveWeight);
        if (cmd == Cmd.DELETE && rs.inhibit) {
            cmd = Cmd.EDIT;
            weight = 0;
        } else if (cmd == Cmd.ADD && rs.inhibit && rs.set) {
            cmd = Cmd.EDIT;
        } else if (cmd == Cmd.ADD && !rs.set) {
            rs.set = true;
            if (rs.inhibit && rs.numFailedCheckers > 0) {
                weight = 0;
            }
        } else if (cmd == Cmd.DELETE) {
            if (!rs.set) {
                return true; // nothing in the table: keepalived's request would only fail with ENOENT
            }
            rs.set = false;
        }
        return send(cmd, rs, weight);
    }

    private boolean send(Cmd cmd, RealServerState rs, int weight) {
        return switch (cmd) {
            case ADD -> ipvs.addDestination(services,
                    s -> IpvsMapping.destination(rs.config, config.forwarding(), s, weight));
            case EDIT -> ipvs.editDestination(services,
                    s -> IpvsMapping.destination(rs.config, config.forwarding(), s, weight));
            case DELETE -> ipvs.deleteDestination(services,
                    s -> IpvsMapping.destination(rs.config, config.forwarding(), s, weight));
        };
    }
}
