package org.keepalivedjava.vrrp.fsm;

import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.loop.TimerHandler;

/**
 * An {@link InstanceTimer} on a netlink-jni {@link EventLoop}: one loop {@link Timer} per instance, created at
 * setup and rescheduled for ever (no allocation per tick). Wiring:
 * <pre>
 *   LoopInstanceTimer timer = new LoopInstanceTimer(loop);
 *   VrrpInstanceFsm fsm = new VrrpInstanceFsm(settings, actions, timer, log);
 *   timer.attach(fsm);
 * </pre>
 * Loop thread only.
 */
public final class LoopInstanceTimer implements InstanceTimer, TimerHandler {
    private final Timer timer;
    private VrrpInstanceFsm fsm;

    public LoopInstanceTimer(EventLoop loop) {
        this.timer = loop.newTimer(this);
    }

    /** The FSM whose {@link VrrpInstanceFsm#onTimer} the expiry calls. */
    public void attach(VrrpInstanceFsm fsm) {
        this.fsm = fsm;
    }

    @Override
    public void scheduleAt(long deadlineNs) {
        timer.scheduleAt(deadlineNs);
    }

    @Override
    public void cancel() {
        timer.cancel();
    }

    @Override
    public void onTimer(Timer expired, long nowNs) {
        if (fsm != null) {
            fsm.onTimer(nowNs);
        }
    }

    @Override
    public String toString() {
        return "VRRP timer of " + (fsm == null ? "(unattached)" : fsm.name());
    }
}
