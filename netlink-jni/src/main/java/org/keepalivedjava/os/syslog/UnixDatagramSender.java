package org.keepalivedjava.os.syslog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * Sends datagrams to one Unix datagram socket path (the syslog socket {@code /dev/log}), the way glibc syslog(3)
 * does, but never blocking the caller's event loop:
 * <ul>
 *   <li>the socket is opened lazily and non-blocking; a send that would block (receiver's buffer full) drops the
 *       message rather than stall VRRP adverts;</li>
 *   <li>each datagram is sent with sendto(2) to the path, so a restarted syslog daemon (a new socket at the same
 *       path) is reached again without reconnect logic;</li>
 *   <li>a missing socket (no syslog daemon, e.g. in a container) drops the message; failures are counted, never
 *       thrown.</li>
 * </ul>
 * Thread-safety: not thread-safe; callers serialise (the logger holds a lock).
 */
public final class UnixDatagramSender implements AutoCloseable {
    private final UnixSocketAddress target;
    private UnixDatagramChannel channel;
    private long dropped;

    public UnixDatagramSender(Path socketPath) {
        this.target = new UnixSocketAddress(socketPath.toFile());
    }

    /** Sends {@code datagram}'s remaining bytes as one datagram. @return whether it was handed to the kernel */
    public boolean send(ByteBuffer datagram) {
        try {
            if (channel == null) {
                channel = UnixDatagramChannel.open();
                channel.configureBlocking(false);
            }
            int sent = channel.send(datagram, target);
            if (sent > 0) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // ENOENT / ECONNREFUSED (no syslog daemon) or a broken socket: start afresh on the next message.
            closeChannel();
        }
        dropped++;
        return false;
    }

    public long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        closeChannel();
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a datagram socket cannot lose data already sent.
            }
            channel = null;
        }
    }
}
