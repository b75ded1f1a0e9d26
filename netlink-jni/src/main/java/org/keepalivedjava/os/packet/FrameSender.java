package org.keepalivedjava.os.packet;

import java.nio.ByteBuffer;

/**
 * Sends whole Ethernet frames on one interface: how gratuitous ARPs and unsolicited neighbour advertisements
 * leave. {@link PacketSocket} is the kernel implementation, {@link RecordingFrameSender} the in-memory one.
 * Loop thread only.
 */
public interface FrameSender extends AutoCloseable {
    /** The interface the frames leave by. */
    int ifindex();

    /** The interface's MAC address (6 bytes, a copy): the source of announcements. */
    byte[] hardwareAddress();

    /**
     * Sends {@code length} bytes of {@code frame} from {@code offset}: an Ethernet header and its payload (copied;
     * heap or direct buffer, position ignored). Allocates nothing.
     * @return false when the socket buffer is full (EAGAIN): the frame was not sent
     */
    boolean sendFrame(ByteBuffer frame, int offset, int length);

    @Override
    void close();
}
