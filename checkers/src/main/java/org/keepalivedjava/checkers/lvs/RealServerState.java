package org.keepalivedjava.checkers.lvs;

import java.util.IdentityHashMap;
import java.util.Map;

import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.config.model.lvs.RealServer;
import org.keepalivedjava.smtp.AlertPolicy;

/**
 * One real server (or a virtual server's sorry server) of a {@link VirtualServerState}: keepalived's
 * real_server_t run-time fields and the checker bookkeeping of ipwrapper.c.
 * <ul>
 *   <li>{@code alive}: the server is up; it is up only when none of its checkers is down
 *       ({@code numFailedCheckers == 0});</li>
 *   <li>{@code set}: a destination for it is in the IPVS table (with inhibit_on_failure it stays there with
 *       weight 0 while down);</li>
 *   <li>{@code effectiveWeight}: the configured weight, changed by MISC_CHECK misc_dynamic / FILE_CHECK
 *       ({@link CheckListener} newWeight); IPVS gets it clamped ({@link IpvsMapping#realWeight}).</li>
 * </ul>
 * It is the {@link CheckListener} of its checks: each verdict change goes through keepalived's
 * update_svr_checker_state (the server goes down on its first failing checker and up when its last failing
 * checker recovers). Loop thread only.
 */
public final class RealServerState implements CheckListener {

    /** Per-check run-time state (keepalived's checker is_up / has_run). */
    private static final class Slot {
        boolean up;
        boolean hasRun;
        final boolean alpha;

        Slot(boolean up) {
            this.up = up;
            this.alpha = !up;
        }
    }

    RealServer config;
    final VirtualServerState owner;
    final String name;
    final boolean inhibit;
    final boolean smtpAlert;
    boolean alive;
    boolean set;
    int numFailedCheckers;
    long effectiveWeight;
    private final Map<Check, Slot> checks = new IdentityHashMap<>();

    RealServerState(RealServer config, VirtualServerState owner, String name, boolean smtpAlert) {
        this.config = config;
        this.owner = owner;
        this.name = name;
        this.inhibit = config.inhibitOnFailure();
        this.smtpAlert = smtpAlert;
        this.effectiveWeight = config.weight();
    }

    /**
     * Registers a check of this server, before {@link VirtualServerState#start}. A check that starts down
     * ({@code alpha}) counts as failed until it reports success.
     */
    public void addCheck(Check check) {
        Slot slot = new Slot(check.isUp());
        checks.put(check, slot);
        if (!slot.up) {
            numFailedCheckers++;
        }
    }

    /** A check a reload stopped: forgotten; if it was failing it no longer counts. */
    void removeCheck(Check check) {
        Slot slot = checks.remove(check);
        if (slot != null && !slot.up && numFailedCheckers > 0) {
            numFailedCheckers--;
        }
    }

    /**
     * A check a reload added to a server that stays (keepalived's migrate_checkers): an alpha check starts down
     * only when the server already has a failing checker, or is down and none of its checkers has run yet;
     * otherwise it starts up, so a server in service stays in service until the new check says otherwise.
     */
    void addReloadedCheck(Check check) {
        boolean anyRan = false;
        for (Slot s : checks.values()) {
            anyRan |= s.hasRun;
        }
        boolean up = check.isUp() || !(numFailedCheckers > 0 || (!alive && !anyRan));
        Slot slot = new Slot(up);
        checks.put(check, slot);
        if (!up) {
            numFailedCheckers++;
        }
    }

    @Override
    public void onCheckResult(Check check, boolean up, String message, long newWeight, long nowNs) {
        Slot slot = checks.get(check);
        if (slot == null) {
            return;
        }
        if (newWeight >= 0) {
            owner.updateWeight(this, newWeight, true);
        }
        boolean wasAlive = alive;
        // keepalived's checkers mail on a change of the checker's verdict, and on its first result.
        boolean mail = slot.up != up || !slot.hasRun;
        updateCheckerState(slot, up);
        if (mail && message != null && AlertPolicy.shouldSendRealServer(smtpAlert, owner.noCheckerEmails(),
                wasAlive, alive)) {
            owner.notifier().realServerAlert(name, owner.name(), up, message);
        }
    }

    /** keepalived's update_svr_checker_state. */
    private void updateCheckerState(Slot slot, boolean up) {
        if (slot.up == up) {
            if (!slot.hasRun) {
                // The first result confirms the initial state: keepalived announces an alpha server's first
                // failure (nothing was announced at start).
                if (slot.alpha || !up) {
                    owner.rsNotifies(this, false);
                }
                slot.hasRun = true;
            }
            return;
        }
        slot.hasRun = true;
        if (up) {
            if (numFailedCheckers <= 1 && !owner.performServerState(this, true)) {
                return;
            }
        } else if (numFailedCheckers == 0 && !owner.performServerState(this, false)) {
            return;
        }
        slot.up = up;
        if (!up) {
            numFailedCheckers++;
        } else if (numFailedCheckers > 0) {
            numFailedCheckers--;
        }
    }

    public boolean isAlive() {
        return alive;
    }

    /** True while a destination for this server is in the IPVS table. */
    public boolean isSet() {
        return set;
    }

    public int failedCheckers() {
        return numFailedCheckers;
    }

    public long effectiveWeight() {
        return effectiveWeight;
    }

    public RealServer config() {
        return config;
    }

    /** keepalived's name, e.g. {@code [192.0.2.10]:tcp:8080}. */
    public String name() {
        return name;
    }

    public int checkCount() {
        return checks.size();
    }

    /** The slowest of its checks' last attempts (the status' check latency), -1 when none has finished one. */
    public long lastCheckDurationNs() {
        long slowest = -1;
        for (Check check : checks.keySet()) {
            slowest = Math.max(slowest, check.lastAttemptDurationNs());
        }
        return slowest;
    }
}
