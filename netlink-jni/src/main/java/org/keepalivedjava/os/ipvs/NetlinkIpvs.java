package org.keepalivedjava.os.ipvs;

import static org.keepalivedjava.os.ipvs.IpvsConstants.*;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_DUMP;

import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.os.genl.GenericNetlink;
import org.keepalivedjava.os.netlink.Attributes;
import org.keepalivedjava.os.netlink.Netlink;
import org.keepalivedjava.os.netlink.NetlinkSocket;
import org.keepalivedjava.os.netlink.NetlinkWriter;

/**
 * {@link Ipvs} over a NETLINK_GENERIC socket. {@link #open()} resolves the "IPVS" family once and fails with
 * {@link IpvsUnavailableException} when the kernel has none. A change allocates nothing beyond the caller's
 * records (and, on failure, the exception). Threading: one thread (the loop thread).
 */
public final class NetlinkIpvs implements Ipvs {
    private final NetlinkSocket socket;
    private final int familyId;
    private final Attributes top = new Attributes(IPVS_CMD_ATTR_MAX);
    private final Attributes nested = new Attributes(Math.max(IPVS_SVC_ATTR_MAX, IPVS_DEST_ATTR_MAX));

    private NetlinkIpvs(NetlinkSocket socket, int familyId) {
        this.socket = socket;
        this.familyId = familyId;
    }

    /**
     * How long to wait for the kernel's answer. Longer than rtnetlink's: some IPVS commands block in the kernel,
     * e.g. stopping the sync daemon waits for its kernel threads to exit (seen taking over 5 s in a loaded
     * single-CPU guest), and a flush walks the whole table.
     */
    static final int REPLY_TIMEOUT_MS = 30_000;

    /**
     * Opens a generic netlink socket in the calling thread's namespace and resolves the IPVS family.
     * @throws IpvsUnavailableException when the kernel has no IPVS
     */
    public static NetlinkIpvs open() {
        NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_GENERIC, NetlinkSocket.DEFAULT_BUFFER_BYTES,
                REPLY_TIMEOUT_MS);
        try {
            int id = GenericNetlink.resolveFamily(socket, IPVS_GENL_NAME);
            if (id < 0) {
                throw new IpvsUnavailableException();
            }
            return new NetlinkIpvs(socket, id);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public int familyId() {
        return familyId;
    }

    private NetlinkWriter begin(int cmd, int flags) {
        return IpvsCodec.header(socket.begin(familyId, flags), cmd);
    }

    @Override
    public void addService(IpvsService service) {
        IpvsCodec.writeService(begin(IPVS_CMD_NEW_SERVICE, 0), service, true);
        socket.request(new Described("add service ", service, null), null);
    }

    @Override
    public void editService(IpvsService service) {
        IpvsCodec.writeService(begin(IPVS_CMD_SET_SERVICE, 0), service, true);
        socket.request(new Described("edit service ", service, null), null);
    }

    @Override
    public void deleteService(IpvsService service) {
        IpvsCodec.writeService(begin(IPVS_CMD_DEL_SERVICE, 0), service, false);
        socket.request(new Described("delete service ", service, null), null);
    }

    @Override
    public void addDestination(IpvsService service, IpvsDestination destination) {
        destinationCommand(IPVS_CMD_NEW_DEST, service, destination, true, "add destination ");
    }

    @Override
    public void editDestination(IpvsService service, IpvsDestination destination) {
        destinationCommand(IPVS_CMD_SET_DEST, service, destination, true, "edit destination ");
    }

    @Override
    public void deleteDestination(IpvsService service, IpvsDestination destination) {
        destinationCommand(IPVS_CMD_DEL_DEST, service, destination, false, "delete destination ");
    }

    private void destinationCommand(int cmd, IpvsService service, IpvsDestination destination, boolean full,
                                    String verb) {
        NetlinkWriter w = begin(cmd, 0);
        IpvsCodec.writeService(w, service, false);
        IpvsCodec.writeDestination(w, destination, full);
        socket.request(new Described(verb, destination, service), null);
    }

    @Override
    public List<IpvsService> services() {
        List<IpvsService> services = new ArrayList<>();
        begin(IPVS_CMD_GET_SERVICE, NLM_F_DUMP);
        socket.request("dump IPVS services", m -> {
            if (m.type() == familyId) {
                services.add(IpvsCodec.decodeService(m, top, nested));
            }
        });
        return services;
    }

    @Override
    public List<IpvsDestination> destinations(IpvsService service) {
        List<IpvsDestination> destinations = new ArrayList<>();
        IpvsCodec.writeService(begin(IPVS_CMD_GET_DEST, NLM_F_DUMP), service, false);
        socket.request(new Described("dump destinations of ", service, null), m -> {
            if (m.type() == familyId) {
                destinations.add(IpvsCodec.decodeDestination(m, top, nested, service.family()));
            }
        });
        return destinations;
    }

    @Override
    public void setTimeouts(IpvsTimeouts timeouts) {
        IpvsCodec.writeTimeouts(begin(IPVS_CMD_SET_CONFIG, 0), timeouts);
        socket.request(new Described("set timeouts ", timeouts, null), null);
    }

    @Override
    public IpvsTimeouts timeouts() {
        IpvsTimeouts[] result = new IpvsTimeouts[1];
        begin(IPVS_CMD_GET_CONFIG, 0);
        socket.request("get IPVS timeouts", m -> {
            if (m.type() == familyId) {
                result[0] = IpvsCodec.decodeTimeouts(m, top);
            }
        });
        return result[0];
    }

    @Override
    public void startSyncDaemon(IpvsSyncDaemon daemon) {
        IpvsCodec.writeDaemon(begin(IPVS_CMD_NEW_DAEMON, 0), daemon, true);
        socket.request(new Described("start sync daemon ", daemon, null), null);
    }

    @Override
    public void stopSyncDaemon(int state) {
        IpvsCodec.writeDaemon(begin(IPVS_CMD_DEL_DAEMON, 0), IpvsSyncDaemon.of(state, "", 0), false);
        socket.request(new Described("stop sync daemon state ", state, null), null);
    }

    @Override
    public List<IpvsSyncDaemon> syncDaemons() {
        List<IpvsSyncDaemon> daemons = new ArrayList<>();
        Attributes d = new Attributes(IPVS_DAEMON_ATTR_MAX);
        begin(IPVS_CMD_GET_DAEMON, NLM_F_DUMP);
        socket.request("dump IPVS sync daemons", m -> {
            if (m.type() == familyId) {
                daemons.add(IpvsCodec.decodeDaemon(m, top, d));
            }
        });
        return daemons;
    }

    @Override
    public void flush() {
        begin(IPVS_CMD_FLUSH, 0);
        socket.request("flush IPVS", null);
    }

    @Override
    public void close() {
        socket.close();
    }

    /** "add destination 192.0.2.20:80 nat weight 1 to TCP 192.0.2.10:80", built only for an error message. */
    private static final class Described {
        private final String verb;
        private final Object what;
        private final Object service;

        Described(String verb, Object what, Object service) {
            this.verb = verb;
            this.what = what;
            this.service = service;
        }

        @Override
        public String toString() {
            return verb + what + (service == null ? "" : " of " + service);
        }
    }
}
