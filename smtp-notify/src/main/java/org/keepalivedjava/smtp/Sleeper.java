package org.keepalivedjava.smtp;

/**
 * The sender thread's only way to wait between retries, so tests can record the waits instead of sleeping.
 * Implementations must return early (throwing) when the thread is interrupted.
 */
@FunctionalInterface
public interface Sleeper {
    void sleep(long millis) throws InterruptedException;

    Sleeper REAL = Thread::sleep;
}
