package org.keepalivedjava.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.keepalivedjava.os.syslog.UnixDatagramSender;

/**
 * Sends syslog datagrams to the local syslog socket ({@code /dev/log}) through netlink-jni's Unix datagram
 * sender (the native part lives there). A missing or full socket drops the message, as syslog(3) does.
 */
public final class DevLogTransport implements SyslogTransport {
    public static final Path DEV_LOG = Path.of("/dev/log");

    private final UnixDatagramSender sender;

    public DevLogTransport(Path socket) {
        this.sender = new UnixDatagramSender(socket);
    }

    public static DevLogTransport devLog() {
        return new DevLogTransport(DEV_LOG);
    }

    @Override
    public boolean send(ByteBuffer buffer) {
        return sender.send(buffer);
    }

    /** Messages dropped so far (no syslog daemon, socket buffer full). */
    public long dropped() {
        return sender.dropped();
    }

    @Override
    public void close() {
        sender.close();
    }
}
