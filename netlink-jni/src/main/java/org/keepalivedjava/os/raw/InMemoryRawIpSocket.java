package org.keepalivedjava.os.raw;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.inet.Ipv4Header;
import org.keepalivedjava.os.inet.NetOrder;
import org.keepalivedjava.os.libc.Consts;

/**
 * A {@link RawIpSocket} without a kernel, for unit tests of the code above it (the VRRP state machine): it
 * records what is sent and delivers packets the test injects, filling {@link ReceivedPacket} as
 * {@link VrrpSocket} would (for IPv4 with an IP header in front of the payload). It has no fd; drive the code
 * under test by calling its receive handler directly. Allocates freely; not for production.
 */
public final class InMemoryRawIpSocket implements RawIpSocket {
    /** One sent packet: a copy of the payload and the header fields asked for. */
    public record Sent(byte[] payload, IpAddress source, IpAddress destination, int ttl, int ipv4Id) {
    }

    private record Pending(byte[] payload, IpAddress source, IpAddress destination, int ttl, int ifindex) {
    }

    private final int family;
    private final int ifindex;
    private final List<Sent> sent = new ArrayList<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean full;
    private boolean closed;

    public InMemoryRawIpSocket(int family, int ifindex) {
        this.family = family;
        this.ifindex = ifindex;
    }

    /** Everything sent so far, oldest first (a live list: tests may clear it). */
    public List<Sent> sent() {
        return sent;
    }

    /** Makes {@link #send} report a full socket buffer (false) until called again with false. */
    public void socketBufferFull(boolean isFull) {
        this.full = isFull;
    }

    /** Queues a packet for {@link #receive}, as arriving on {@code ingressIfindex} with {@code ttl}. */
    public void inject(byte[] payload, IpAddress source, IpAddress destination, int ttl, int ingressIfindex) {
        if (source.family() != family || destination.family() != family) {
            throw new IllegalArgumentException("address family differs from the socket's");
        }
        pending.add(new Pending(payload.clone(), source, destination, ttl, ingressIfindex));
    }

    /** Queues a packet arriving on this socket's interface with TTL 255. */
    public void inject(byte[] payload, IpAddress source, IpAddress destination) {
        inject(payload, source, destination, VRRP_TTL, ifindex);
    }

    public int pendingCount() {
        return pending.size();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public int family() {
        return family;
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public boolean send(ByteBuffer payload, int offset, int length, IpAddress source, IpAddress destination, int ttl,
            int ipv4Id) {
        checkOpen();
        if (full) {
            return false;
        }
        byte[] copy = new byte[length];
        NetOrder.getBytes(payload, offset, copy, 0, length);
        sent.add(new Sent(copy, source, destination, ttl, ipv4Id));
        return true;
    }

    @Override
    public boolean receive(ReceivedPacket packet) {
        checkOpen();
        Pending p = pending.poll();
        if (p == null) {
            return false;
        }
        packet.clear(family);
        ByteBuffer b = packet.buffer();
        int offset = family == Consts.AF_INET ? Ipv4Header.BYTES : 0;
        int room = Math.max(0, packet.capacityBytes() - offset);
        int copied = Math.min(room, p.payload.length);
        if (family == Consts.AF_INET) {
            Ipv4Header.put(b, 0, InetConsts.TOS_INTERNET_CONTROL, offset + p.payload.length, 0, false, p.ttl,
                    InetConsts.IPPROTO_VRRP, p.source.v4(), p.destination.v4());
        }
        NetOrder.putBytes(b, offset, p.payload, 0, copied);
        p.source.copyTo(packet.source);
        p.destination.copyTo(packet.destination);
        packet.ifindex = p.ifindex;
        packet.ttl = p.ttl;
        packet.payloadOffset = offset;
        packet.payloadLength = copied;
        packet.receivedLength = offset + copied;
        packet.truncated = copied < p.payload.length;
        return true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("socket closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
