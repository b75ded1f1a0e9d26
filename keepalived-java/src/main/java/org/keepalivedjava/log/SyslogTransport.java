package org.keepalivedjava.log;

import java.nio.ByteBuffer;

/**
 * Delivers one already formatted syslog datagram (the whole of {@code buffer}'s remaining bytes) to the local
 * syslog daemon. Best effort, as syslog(3): never throws, never blocks for long; returns whether it was sent.
 * The production implementation sends to {@code /dev/log} ({@link DevLogTransport}); tests record datagrams.
 */
public interface SyslogTransport extends AutoCloseable {
    boolean send(ByteBuffer buffer);

    @Override
    default void close() {
    }

    /** For -G/--no-syslog and for tests: drops everything. */
    SyslogTransport NONE = buffer -> false;
}
