package org.keepalivedjava.os.loop;

/** Told, on the loop thread, when a handler threw. The loop has already cleaned up and keeps running. */
@FunctionalInterface
public interface ErrorListener {
    /** Writes one line to stderr; the loop's owner normally installs one that logs. */
    ErrorListener STDERR = (source, error) -> System.err.println("event loop: " + source + " failed: " + error);

    /**
     * @param source the {@link Registration} (now unregistered, fd NOT closed), the {@link Timer} (now
     *               cancelled), the {@link Runnable} task, or the signal's {@link SignalListener}
     */
    void onHandlerError(Object source, Throwable error);
}
