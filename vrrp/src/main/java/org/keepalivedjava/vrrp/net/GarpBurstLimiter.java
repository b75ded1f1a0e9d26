package org.keepalivedjava.vrrp.net;

import java.util.ArrayDeque;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;

/**
 * Bounds how many gratuitous ARPs / unsolicited NAs WITHOUT a configured interval (vrrp_garp_interval /
 * vrrp_gna_interval 0, the default) leave in one loop turn, for all the {@link GarpPacer}s of a VRRP child.
 *
 * <p>Why: keepalived sends such announcements "at once", and so did we, inside the handler that asked for them. With
 * 1,000 instances becoming MASTER in the same turn, garp_master_delay later 1,000 timers asked for 5,000 frames (and
 * 5,000 log lines with -D) in one turn, about 33 ms, ahead of the 1,000 adverts due at the same moment (issue 9,
 * jitter). keepalived does not show it because its per-instance timers interleave announcements and adverts. Here
 * the first {@link #framesPerTurn} frames of a turn still leave at once (a single instance's burst, the common case,
 * is unchanged: the default 5 rounds need 32 addresses to exceed it); the rest wait in one FIFO queue and leave
 * {@link #framesPerTurn} a turn from a timer armed for "now", which the loop fires in its NEXT turn, after the fd
 * events and the timers that were already due (EventLoop fires only timers scheduled before its timer pass).
 *
 * <p>Same frames, same number (no merging, unlike the interval queue of {@link GarpPacer}), same order as without
 * the limit, same log line per frame (logged when the frame leaves); only later. {@link #forget} drops what is
 * still queued for an instance that left MASTER (its addresses are gone: announcing them would be wrong).
 *
 * <p>Threading: loop thread only. Allocates one small entry per queued frame (only for frames over the budget).
 */
public final class GarpBurstLimiter {
    /**
     * 32 frames: one frame costs about 6.5 us of loop time (sendto on a packet socket, plus the -D log line),
     * measured as 33 ms for 5,000 frames; 32 frames hold the loop for about 0.2 ms, well under the 2 ms jitter goal
     * of an advert that falls due behind them, while a 5,000-frame backlog still drains in about 160 turns (each
     * turn adds only a non-blocking epoll_wait).
     */
    public static final int DEFAULT_FRAMES_PER_TURN = 32;

    private final EventLoop loop;
    private final int framesPerTurn;
    private final Timer drainTimer;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** The loop iteration {@link #sentThisTurn} counts for. */
    private long turn = -1;
    private int sentThisTurn;

    private record Queued(GarpPacer pacer, Object owner, IpAddress address) {
    }

    public GarpBurstLimiter(EventLoop loop, int framesPerTurn) {
        if (framesPerTurn < 1) {
            throw new IllegalArgumentException("framesPerTurn must be >= 1: " + framesPerTurn);
        }
        this.loop = loop;
        this.framesPerTurn = framesPerTurn;
        this.drainTimer = loop.newTimer((t, nowNs) -> drain(nowNs));
    }

    public int framesPerTurn() {
        return framesPerTurn;
    }

    /** Frames waiting for a later turn, of all pacers. */
    public int queued() {
        return queue.size();
    }

    /** Frames waiting for a later turn, of {@code pacer}. */
    int queuedFor(GarpPacer pacer) {
        int n = 0;
        for (Queued q : queue) {
            if (q.pacer == pacer) {
                n++;
            }
        }
        return n;
    }

    /**
     * Sends {@code address} through {@code pacer} now if this turn's budget allows and nothing is queued (which
     * would then be overtaken), else queues it behind what is.
     */
    void submit(GarpPacer pacer, Object owner, IpAddress address, long nowNs) {
        if (queue.isEmpty() && take()) {
            pacer.send(address, nowNs);
            return;
        }
        queue.add(new Queued(pacer, owner, address));
        if (!drainTimer.isScheduled()) {
            drainTimer.scheduleAt(nowNs);
        }
    }

    /** Drops what is queued for {@code owner} on {@code pacer}. */
    void forget(GarpPacer pacer, Object owner) {
        if (queue.removeIf(q -> q.pacer == pacer && q.owner == owner) && queue.isEmpty()) {
            drainTimer.cancel();
        }
    }

    /** One frame of this turn's budget, if any is left. */
    private boolean take() {
        long now = loop.iteration();
        if (now != turn) {
            turn = now;
            sentThisTurn = 0;
        }
        if (sentThisTurn >= framesPerTurn) {
            return false;
        }
        sentThisTurn++;
        return true;
    }

    private void drain(long nowNs) {
        // Armed from an fd handler the timer fires in the same turn: take() then finds that turn's budget, so the
        // bound holds per turn whoever armed it.
        while (!queue.isEmpty() && take()) {
            Queued q = queue.poll();
            q.pacer.send(q.address, nowNs);
        }
        if (!queue.isEmpty()) {
            drainTimer.scheduleAt(nowNs);
        }
    }
}
