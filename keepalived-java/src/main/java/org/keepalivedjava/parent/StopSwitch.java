package org.keepalivedjava.parent;

/**
 * An orderly-stop request from outside the parent's loop, for hosts that do not stop the daemon with a signal
 * (Commons Daemon's {@code Daemon.stop()}, called by jsvc on its own thread). {@link SupervisorRunner} binds it to
 * its {@link ChildSupervisor} once the supervision runs; a request made before that is remembered and honoured at
 * binding, so a stop that races the start is never lost.
 *
 * <p>Threading: any thread.
 */
public final class StopSwitch {
    private Runnable target;
    private boolean requested;

    /** Asks for an orderly stop (children get child_wait_time); harmless twice. */
    public void request() {
        Runnable now;
        synchronized (this) {
            requested = true;
            now = target;
        }
        if (now != null) {
            now.run();
        }
    }

    public synchronized boolean isRequested() {
        return requested;
    }

    /** Called by the runner with a thread-safe stop action; runs it at once if a stop was already requested. */
    void bind(Runnable requestStop) {
        boolean already;
        synchronized (this) {
            target = requestStop;
            already = requested;
        }
        if (already) {
            requestStop.run();
        }
    }

    /** The supervision is over: later requests have nothing to stop. */
    synchronized void unbind() {
        target = null;
    }
}
