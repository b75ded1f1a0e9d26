package org.keepalivedjava.os.loop;

/** Called on the loop thread for a signal the loop handles (see {@link EventLoop#onSignal}). */
@FunctionalInterface
public interface SignalListener {
    /**
     * @param signo the signal number; several deliveries of one signal between two loop iterations arrive as
     *              one call, as with classic UNIX signals (keepalived's HUP/TERM/USR1/USR2 are idempotent)
     */
    void onSignal(int signo, long nowNs);
}
