package org.keepalivedjava.os.packet;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.inet.IpAddress;

/**
 * Announces that an address now lives behind this interface's MAC: a gratuitous ARP for IPv4, an unsolicited
 * neighbour advertisement for IPv6, byte for byte as keepalived 2.2.7 sends them. One per interface; the VRRP code
 * decides when and how often (garp_master_delay, garp_master_repeat...). Allocates nothing. Loop thread only.
 */
public final class AddressAnnouncer {
    private final FrameSender sender;
    private final byte[] mac;
    private final ByteBuffer frame = ByteBuffer.allocate(Math.max(ArpFrame.BYTES, NeighborAdvertFrame.BYTES));

    public AddressAnnouncer(FrameSender sender) {
        this.sender = sender;
        this.mac = sender.hardwareAddress();
    }

    /**
     * Sends one announcement of {@code address}.
     * @param ipv6Router the NA's Router flag: true when the interface forwards IPv6 (ignored for IPv4)
     * @return false when the socket buffer was full (nothing sent)
     */
    public boolean announce(IpAddress address, boolean ipv6Router) {
        int length = address.isV4() ? ArpFrame.putGratuitous(frame, 0, mac, address.v4())
                : NeighborAdvertFrame.putUnsolicited(frame, 0, mac, address, ipv6Router);
        return sender.sendFrame(frame, 0, length);
    }

    public FrameSender sender() {
        return sender;
    }
}
