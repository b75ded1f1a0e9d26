package org.keepalivedjava.vrrp.net;

import java.util.ArrayList;
import java.util.List;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.packet.AddressAnnouncer;

/**
 * Sends gratuitous ARPs / unsolicited NAs on ONE interface (or garp_group), spaced by {@code vrrp_garp_interval}
 * (IPv4) and {@code vrrp_gna_interval} (IPv6), as keepalived's vrrp_arp.c/vrrp_ndisc.c do: with no interval every
 * announcement leaves at once (keepalived) or, past the child's per-turn budget, in the next loop turns (see
 * {@link GarpBurstLimiter}: a burst of thousands must not hold adverts back); with one, an announcement due before
 * the interface's next free time is queued, and an address already queued for the same owner is not queued twice
 * (keepalived keeps one "pending" flag per address), so a burst of 5 for 2 addresses sends 3 frames, one interval
 * apart. The interval path is not budgeted: it sends at most one frame per family and interface a turn anyway.
 *
 * <p>Threading: loop thread only. Steady state allocates only when queuing (interval set, or over the budget).
 */
public final class GarpPacer {
    private final AddressAnnouncer announcer;
    private final String interfaceName;
    private final boolean ipv6Router;
    private final long garpIntervalNs;
    private final long gnaIntervalNs;
    private final Logger log;
    private final GarpBurstLimiter limiter;
    private final Timer timer;
    private final List<Pending> pending = new ArrayList<>();
    private long nextGarpNs;
    private long nextGnaNs;
    private boolean sentGarp;
    private boolean sentGna;
    private long framesSent;
    private long framesDropped;

    private record Pending(Object owner, IpAddress address) {
    }

    /** A pacer with a budget of its own ({@link GarpBurstLimiter#DEFAULT_FRAMES_PER_TURN} frames a turn). */
    public GarpPacer(EventLoop loop, AddressAnnouncer announcer, String interfaceName, boolean ipv6Router,
                     long garpIntervalNs, long gnaIntervalNs, Logger log) {
        this(loop, announcer, interfaceName, ipv6Router, garpIntervalNs, gnaIntervalNs, log,
                new GarpBurstLimiter(loop, GarpBurstLimiter.DEFAULT_FRAMES_PER_TURN));
    }

    /**
     * @param ipv6Router the NA Router flag: the interface forwards IPv6
     *                   (/proc/sys/net/ipv6/conf/IF/forwarding, as keepalived checks)
     * @param limiter    the per-turn budget of frames without an interval, shared by all pacers of the child so
     *                   that the bound holds for the loop, not per interface
     */
    public GarpPacer(EventLoop loop, AddressAnnouncer announcer, String interfaceName, boolean ipv6Router,
                     long garpIntervalNs, long gnaIntervalNs, Logger log, GarpBurstLimiter limiter) {
        this.limiter = limiter;
        this.announcer = announcer;
        this.interfaceName = interfaceName;
        this.ipv6Router = ipv6Router;
        this.garpIntervalNs = garpIntervalNs;
        this.gnaIntervalNs = gnaIntervalNs;
        this.log = log;
        this.timer = loop.newTimer((t, nowNs) -> sendDue(nowNs));
    }

    public String interfaceName() {
        return interfaceName;
    }

    public long framesSent() {
        return framesSent;
    }

    /** Frames the socket refused (buffer full); keepalived ignores those too. */
    public long framesDropped() {
        return framesDropped;
    }

    /** Announces {@code address} for {@code owner} now, or as soon as the interval allows. */
    public void announce(Object owner, IpAddress address, long nowNs) {
        boolean v4 = address.isV4();
        long interval = v4 ? garpIntervalNs : gnaIntervalNs;
        if (interval == 0) {
            limiter.submit(this, owner, address, nowNs);
            return;
        }
        boolean busy = v4 ? sentGarp && nextGarpNs - nowNs > 0 : sentGna && nextGnaNs - nowNs > 0;
        if (busy || hasPendingOfFamily(v4)) {
            for (Pending p : pending) {
                if (p.owner == owner && p.address.equals(address)) {
                    return;
                }
            }
            pending.add(new Pending(owner, address));
            schedule();
            return;
        }
        send(address, nowNs);
    }

    /** Drops what is queued for {@code owner} (it left MASTER), by the interval or by the per-turn budget. */
    public void forget(Object owner) {
        limiter.forget(this, owner);
        pending.removeIf(p -> p.owner == owner);
        if (pending.isEmpty()) {
            timer.cancel();
        }
    }

    /** Announcements of this interface not sent yet: waiting for the interval or for a later turn's budget. */
    public int pendingCount() {
        return pending.size() + limiter.queuedFor(this);
    }

    private boolean hasPendingOfFamily(boolean v4) {
        for (Pending p : pending) {
            if (p.address.isV4() == v4) {
                return true;
            }
        }
        return false;
    }

    /** Sends one frame now (from here or from the limiter's queue) and logs it. */
    void send(IpAddress address, long nowNs) {
        boolean v4 = address.isV4();
        if (log.settings().detail()) {
            log.info(v4 ? "Sending gratuitous ARP on " + interfaceName + " for " + address
                    : "Sending unsolicited Neighbour Advert on " + interfaceName + " for " + address);
        }
        if (announcer.announce(address, ipv6Router)) {
            framesSent++;
        } else {
            framesDropped++;
        }
        if (v4) {
            sentGarp = true;
            nextGarpNs = nowNs + garpIntervalNs;
        } else {
            sentGna = true;
            nextGnaNs = nowNs + gnaIntervalNs;
        }
    }

    private void sendDue(long nowNs) {
        boolean sentV4 = false;
        boolean sentV6 = false;
        for (int i = 0; i < pending.size(); ) {
            Pending p = pending.get(i);
            boolean v4 = p.address.isV4();
            boolean free = v4 ? !sentV4 && nextGarpNs - nowNs <= 0 : !sentV6 && nextGnaNs - nowNs <= 0;
            if (free) {
                pending.remove(i);
                send(p.address, nowNs);
                if (v4) {
                    sentV4 = true;
                } else {
                    sentV6 = true;
                }
            } else {
                i++;
            }
        }
        schedule();
    }

    private void schedule() {
        boolean v4 = hasPendingOfFamily(true);
        boolean v6 = hasPendingOfFamily(false);
        if (!v4 && !v6) {
            timer.cancel();
            return;
        }
        long at = v4 && v6 ? (nextGarpNs - nextGnaNs <= 0 ? nextGarpNs : nextGnaNs) : v4 ? nextGarpNs : nextGnaNs;
        if (!timer.isScheduled() || timer.deadlineNs() != at) {
            timer.scheduleAt(at);
        }
    }
}
