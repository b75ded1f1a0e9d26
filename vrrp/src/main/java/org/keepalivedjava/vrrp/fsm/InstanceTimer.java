package org.keepalivedjava.vrrp.fsm;

/**
 * The one timer of a VRRP instance (keepalived's "sands"): the Master_Down_Timer in BACKUP, the
 * Adver_Timer in MASTER, nothing in FAULT/INIT/STOP. The FSM (re)schedules it; when it expires the runtime calls
 * {@link VrrpInstanceFsm#onTimer(long)}. {@link LoopInstanceTimer} maps it onto a netlink-jni loop
 * {@code Timer}; tests use a recording fake. Must not allocate.
 */
public interface InstanceTimer {
    /** Schedules or moves the timer to {@code deadlineNs} (monotonic clock of the loop). */
    void scheduleAt(long deadlineNs);

    /** Unschedules it; harmless when not scheduled. */
    void cancel();
}
