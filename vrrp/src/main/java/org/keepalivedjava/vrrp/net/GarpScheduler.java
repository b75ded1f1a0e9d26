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
 *
 * <p>A delayed set (garp_master_delay, garp_lower_prio_delay, garp_master_refresh) falls due at a whole number of
 * seconds after the instance became MASTER, so with advert_int 1 (or any divisor of the delay) exactly when one of
 * its adverts does, and many instances that became MASTER in the same turn share that moment. The advert timer was
 * armed later, so the loop would fire the delayed sets first (equal deadlines fire first-scheduled-first). Each
 * delayed set therefore yields one turn: when due it re-arms itself for "now", which the loop fires in its next
 * turn, after every timer already due (the adverts). Becoming MASTER sends the advert first and then the burst
 * (VrrpInstanceFsm), as keepalived does; {@link GarpBurstLimiter} bounds what any burst costs a turn.
 *
 * <p>Threading: loop thread only; timers are created once and reused.
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
    private final DelayedBurst masterDelay;
    private final DelayedBurst lowerPrio;
    private final DelayedBurst refresh;
    private boolean master;

    /** @param targets VIPs first, then eVIPs, in configuration order */
    public GarpScheduler(EventLoop loop, String instanceName, List<Target> targets, Settings settings, Logger log) {
        this.instanceName = instanceName;
        this.targets = List.copyOf(targets);
        this.settings = settings;
        this.log = log;
        this.masterDelay = new DelayedBurst(loop, settings.masterRepeat(), 0);
        this.lowerPrio = new DelayedBurst(loop, settings.lowerPrioRepeat(), 0);
        this.refresh = new DelayedBurst(loop, settings.refreshRepeat(), settings.refreshNs());
    }

    public boolean isMaster() {
        return master;
    }

    /** Call right after the VIPs were added. */
    public void onBecomeMaster(long nowNs) {
        master = true;
        burst(settings.masterRepeat(), nowNs);
        if (settings.masterDelayNs() > 0 && settings.masterRepeat() > 0) {
            masterDelay.scheduleAt(nowNs + settings.masterDelayNs());
        }
        if (settings.refreshNs() > 0) {
            refresh.scheduleAt(nowNs + settings.refreshNs());
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
            refresh.scheduleAt(nowNs + settings.refreshNs());
        }
    }

    /** MASTER received an advert with a lower priority. */
    public void onLowerPriorityAdvert(long nowNs) {
        if (!master || settings.lowerPrioRepeat() <= 0) {
            return;
        }
        burst(settings.lowerPrioRepeat(), nowNs);
        if (settings.lowerPrioDelayNs() > 0) {
            lowerPrio.scheduleAt(nowNs + settings.lowerPrioDelayNs());
        }
    }

    /** Leaving MASTER (or stopping): nothing more is sent for this instance. */
    public void onLeaveMaster() {
        master = false;
        masterDelay.cancel();
        lowerPrio.cancel();
        refresh.cancel();
        for (Target t : targets) {
            t.pacer().forget(this);
        }
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

    /**
     * One delayed (or, with a period, periodic) burst whose timer yields one loop turn before bursting (see the
     * class comment): due -> re-armed for "now" -> next turn, after the timers that were due with it -> burst.
     */
    private final class DelayedBurst {
        private final Timer timer;
        private final int rounds;
        /** 0: one-shot; else the next one is due this long after the previous DUE time (not the yield's). */
        private final long periodNs;
        private boolean yielded;
        private long dueNs;

        DelayedBurst(EventLoop loop, int rounds, long periodNs) {
            this.rounds = rounds;
            this.periodNs = periodNs;
            this.timer = loop.newTimer((t, nowNs) -> onTimer(nowNs));
        }

        void scheduleAt(long deadlineNs) {
            yielded = false;
            timer.scheduleAt(deadlineNs);
        }

        void cancel() {
            yielded = false;
            timer.cancel();
        }

        private void onTimer(long nowNs) {
            if (!yielded) {
                yielded = true;
                dueNs = timer.deadlineNs();
                timer.scheduleAt(nowNs);
                return;
            }
            yielded = false;
            burst(rounds, nowNs);
            if (periodNs > 0) {
                long next = dueNs + periodNs; // drift-free, unless the loop fell a whole period behind
                timer.scheduleAt(next - nowNs > 0 ? next : nowNs + periodNs);
            }
        }
    }
}
