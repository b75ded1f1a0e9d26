package org.keepalivedjava.vrrp.net;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;

/**
 * When one instance announces its addresses (keepalived 2.2.7, vrrp.c / vrrp_scheduler.c):
 * <ul>
 *   <li>becoming MASTER: {@code garp_master_repeat} rounds at once (each round: every VIP, then every eVIP), and
 *       the same again {@code garp_master_delay} later (0 = no second set). Defaults 5 and 5 s;
 *       {@code vrrp_min_garp} makes them 1 and 0 (resolved in the config model);</li>
 *   <li>while MASTER, every {@code garp_master_refresh} (0 = never): {@code garp_master_refresh_repeat} rounds
 *       (keepalived checks this when it sends an advert, so it may come up to one advert interval later there);</li>
 *   <li>a MASTER receiving a lower-priority advert: {@code garp_lower_prio_repeat} rounds at once and again after
 *       {@code garp_lower_prio_delay} (defaults: the master values);</li>
 *   <li>leaving MASTER cancels all of it, including announcements still queued by a {@link GarpPacer}.</li>
 * </ul>
 * The frames go through the interface's {@link GarpPacer} (vrrp_garp_interval / vrrp_gna_interval).
 * Threading: loop thread only; timers are created once and reused.
 */
public final class GarpScheduler {

    /** Delays in nanoseconds; repeats are rounds over all addresses. */
    public record Settings(long masterDelayNs, int masterRepeat, long lowerPrioDelayNs, int lowerPrioRepeat,
                           long refreshNs, int refreshRepeat) {
        public static Settings of(VrrpConfig.Instance i) {
            return new Settings(TimeUnit.MICROSECONDS.toNanos(i.garpMasterDelayUs()), i.garpMasterRepeat(),
                    TimeUnit.MICROSECONDS.toNanos(i.garpLowerPrioDelayUs()), i.garpLowerPrioRepeat(),
                    TimeUnit.MICROSECONDS.toNanos(i.garpMasterRefreshUs()), i.garpMasterRefreshRepeat());
        }
    }

    /** One address (VIP or eVIP) and the pacer of its interface. */
    public record Target(IpAddress address, GarpPacer pacer) {
    }

    private final String instanceName;
    private final List<Target> targets;
    private final Settings settings;
    private final Logger log;
    private final Timer masterDelayTimer;
    private final Timer lowerPrioTimer;
    private final Timer refreshTimer;
    private boolean master;

    /** @param targets VIPs first, then eVIPs, in configuration order */
    public GarpScheduler(EventLoop loop, String instanceName, List<Target> targets, Settings settings, Logger log) {
        this.instanceName = instanceName;
        this.targets = List.copyOf(targets);
        this.settings = settings;
        this.log = log;
        this.masterDelayTimer = loop.newTimer((t, nowNs) -> burst(settings.masterRepeat(), nowNs));
        this.lowerPrioTimer = loop.newTimer((t, nowNs) -> burst(settings.lowerPrioRepeat(), nowNs));
        this.refreshTimer = loop.newTimer(this::onRefresh);
    }

    public boolean isMaster() {
        return master;
    }

    /** Call right after the VIPs were added. */
    public void onBecomeMaster(long nowNs) {
        master = true;
        burst(settings.masterRepeat(), nowNs);
        if (settings.masterDelayNs() > 0 && settings.masterRepeat() > 0) {
            masterDelayTimer.scheduleAt(nowNs + settings.masterDelayNs());
        }
        if (settings.refreshNs() > 0) {
            refreshTimer.scheduleAt(nowNs + settings.refreshNs());
        }
    }

    /**
     * Reload of a MASTER instance: this scheduler replaces the old one's, the addresses are already in place. No
     * burst ({@code newAddresses} false: peers already know us) or the master burst for the addresses added by the
     * reload (true, as keepalived's reload does, which announces all of them); the refresh timer runs either way.
     */
    public void resumeMaster(boolean newAddresses, long nowNs) {
        if (newAddresses) {
            onBecomeMaster(nowNs);
            return;
        }
        master = true;
        if (settings.refreshNs() > 0) {
            refreshTimer.scheduleAt(nowNs + settings.refreshNs());
        }
    }

    /** MASTER received an advert with a lower priority. */
    public void onLowerPriorityAdvert(long nowNs) {
        if (!master || settings.lowerPrioRepeat() <= 0) {
            return;
        }
        burst(settings.lowerPrioRepeat(), nowNs);
        if (settings.lowerPrioDelayNs() > 0) {
            lowerPrioTimer.scheduleAt(nowNs + settings.lowerPrioDelayNs());
        }
    }

    /** Leaving MASTER (or stopping): nothing more is sent for this instance. */
    public void onLeaveMaster() {
        master = false;
        masterDelayTimer.cancel();
        lowerPrioTimer.cancel();
        refreshTimer.cancel();
        for (Target t : targets) {
            t.pacer().forget(this);
        }
    }

    private void onRefresh(Timer timer, long nowNs) {
        burst(settings.refreshRepeat(), nowNs);
        timer.scheduleAt(timer.deadlineNs() + settings.refreshNs());
    }

    private void burst(int rounds, long nowNs) {
        if (!master) {
            return;
        }
        for (int round = 0; round < rounds; round++) {
            for (Target t : targets) {
                if (round == 0 && log.settings().detail()) {
                    log.info("(" + instanceName + ") Sending/queueing " + (t.address().isV4() ? "gratuitous ARPs"
                            : "Unsolicited Neighbour Adverts") + " on " + t.pacer().interfaceName() + " for "
                            + t.address());
                }
                t.pacer().announce(this, t.address(), nowNs);
            }
        }
    }
}
