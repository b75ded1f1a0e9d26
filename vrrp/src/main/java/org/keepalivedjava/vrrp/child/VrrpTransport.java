package org.keepalivedjava.vrrp.child;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Registration;
import org.keepalivedjava.os.raw.ReceivedPacket;
import org.keepalivedjava.os.raw.VrrpSocket;
import org.keepalivedjava.os.raw.VrrpSocketConfig;
import org.keepalivedjava.vrrp.packet.VrrpPacketCodec;

/**
 * One VRRP socket (an interface, a family, a multicast group or none for unicast, an IP protocol) shared by the
 * instances that use it, as keepalived shares its sockets: received adverts go to the instance whose VRID they
 * carry; packets for a VRID no instance of this socket runs are dropped (keepalived does the same without a
 * log line). One preallocated {@link ReceivedPacket}: receiving allocates nothing. Loop thread only.
 */
final class VrrpTransport implements AutoCloseable {
    private static final int VRID_COUNT = 256;

    private final VrrpSocket socket;
    private final ReceivedPacket packet = new ReceivedPacket();
    private final InstanceRuntime[] byVrid = new InstanceRuntime[VRID_COUNT];
    private Registration registration;
    private long unknownVridPackets;

    private VrrpTransport(VrrpSocket socket) {
        this.socket = socket;
    }

    static VrrpTransport open(VrrpSocketConfig config) {
        return new VrrpTransport(VrrpSocket.open(config));
    }

    /** Routes adverts with the instance's VRID to it. False when another instance of this socket has the VRID. */
    boolean attach(InstanceRuntime instance, int vrid) {
        if (byVrid[vrid] != null) {
            return false;
        }
        byVrid[vrid] = instance;
        return true;
    }

    /** Reload: stops routing adverts to {@code instance} (removed or replaced). */
    void detach(InstanceRuntime instance) {
        for (int vrid = 0; vrid < byVrid.length; vrid++) {
            if (byVrid[vrid] == instance) {
                byVrid[vrid] = null;
            }
        }
    }

    void register(EventLoop loop) {
        registration = loop.register(socket.fd(), Consts.EPOLLIN, this::onReadable);
    }

    private void onReadable(Registration r, int readyEvents, long nowNs) {
        while (socket.receive(packet)) {
            int vrid = VrrpPacketCodec.vrid(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
            InstanceRuntime target = vrid < 0 ? null : byVrid[vrid];
            if (target == null) {
                unknownVridPackets++;
                continue;
            }
            target.onPacket(packet, nowNs);
        }
    }

    VrrpSocket socket() {
        return socket;
    }

    long unknownVridPackets() {
        return unknownVridPackets;
    }

    void unregister(EventLoop loop) {
        if (registration != null) {
            loop.unregister(registration);
            registration = null;
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
