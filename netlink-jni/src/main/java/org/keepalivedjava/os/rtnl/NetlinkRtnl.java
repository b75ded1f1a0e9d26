package org.keepalivedjava.os.rtnl;

import static org.keepalivedjava.os.netlink.Netlink.NLM_F_CREATE;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_DUMP;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_EXCL;
import static org.keepalivedjava.os.rtnl.RtnlConstants.*;

import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.os.netlink.Attributes;
import org.keepalivedjava.os.netlink.Netlink;
import org.keepalivedjava.os.netlink.NetlinkSocket;
import org.keepalivedjava.os.netlink.NetlinkWriter;

/**
 * {@link Rtnl} over one NETLINK_ROUTE socket joined to no group (events come through {@link RtnlMonitor}).
 * Each change is one request answered by one ACK; a change allocates nothing beyond the caller's record
 * (and, on failure, the exception). Threading: one thread (the loop thread).
 */
public final class NetlinkRtnl implements Rtnl {
    private final NetlinkSocket socket;
    private final Attributes attrs = new Attributes(Math.max(Math.max(IFA_MAX_USED, IFLA_MAX_USED),
            Math.max(RTA_MAX_USED, FRA_MAX_USED)));

    public NetlinkRtnl(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a NETLINK_ROUTE socket in the calling thread's network namespace. */
    public static NetlinkRtnl open() {
        return new NetlinkRtnl(NetlinkSocket.open(Netlink.NETLINK_ROUTE));
    }

    public NetlinkSocket socket() {
        return socket;
    }

    @Override
    public void addAddress(IfAddress address) {
        RtnlCodec.writeAddress(socket.begin(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL), address);
        socket.request(new Described("add address ", address), null);
    }

    @Override
    public void deleteAddress(IfAddress address) {
        RtnlCodec.writeAddress(socket.begin(RTM_DELADDR, 0), address);
        socket.request(new Described("delete address ", address), null);
    }

    @Override
    public void addRoute(Route route) {
        RtnlCodec.writeRoute(socket.begin(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL), route, false);
        socket.request(new Described("add route ", route), null);
    }

    @Override
    public void deleteRoute(Route route) {
        RtnlCodec.writeRoute(socket.begin(RTM_DELROUTE, 0), route, true);
        socket.request(new Described("delete route ", route), null);
    }

    @Override
    public void addRule(Rule rule) {
        RtnlCodec.writeRule(socket.begin(RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL), rule);
        socket.request(new Described("add ", rule), null);
    }

    @Override
    public void deleteRule(Rule rule) {
        RtnlCodec.writeRule(socket.begin(RTM_DELRULE, 0), rule);
        socket.request(new Described("delete ", rule), null);
    }

    /**
     * Creates macvlan {@code name} on link {@code parentIndex}, with hardware address {@code mac} and {@code mode}
     * (RtnlConstants.MACVLAN_MODE_*), down. Not part of {@link Rtnl}: only the VRRP child's use_vmac needs it.
     */
    public void addMacvlan(String name, int parentIndex, byte[] mac, int mode) {
        RtnlCodec.writeMacvlan(socket.begin(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL), name, parentIndex, mac, mode);
        socket.request("add macvlan " + name, null);
    }

    /** Sets link {@code index} administratively up or down. */
    public void setLinkUp(int index, boolean up) {
        RtnlCodec.writeLinkUp(socket.begin(RTM_NEWLINK, 0), index, up);
        socket.request("set link " + index + (up ? " up" : " down"), null);
    }

    /** Deletes link {@code index} (a virtual one: macvlan, veth...). */
    public void deleteLink(int index) {
        RtnlCodec.writeLinkDelete(socket.begin(RTM_DELLINK, 0), index);
        socket.request("delete link " + index, null);
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        RtnlCodec.writeLinkDump(socket.begin(RTM_GETLINK, NLM_F_DUMP));
        socket.request("dump links", m -> {
            if (m.type() == RTM_NEWLINK) {
                links.add(RtnlCodec.decodeLink(m, attrs));
            }
        });
        return links;
    }

    @Override
    public List<IfAddress> addresses(int family) {
        List<IfAddress> addresses = new ArrayList<>();
        RtnlCodec.writeAddressDump(socket.begin(RTM_GETADDR, NLM_F_DUMP), family);
        socket.request("dump addresses", m -> {
            if (m.type() == RTM_NEWADDR) {
                addresses.add(RtnlCodec.decodeAddress(m, attrs));
            }
        });
        return addresses;
    }

    @Override
    public List<Route> routes(int family) {
        List<Route> routes = new ArrayList<>();
        NetlinkWriter w = socket.begin(RTM_GETROUTE, NLM_F_DUMP);
        w.putU8(family).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU32(0);
        socket.request("dump routes", m -> {
            if (m.type() == RTM_NEWROUTE) {
                routes.add(RtnlCodec.decodeRoute(m, attrs));
            }
        });
        return routes;
    }

    @Override
    public List<Rule> rules(int family) {
        List<Rule> rules = new ArrayList<>();
        NetlinkWriter w = socket.begin(RTM_GETRULE, NLM_F_DUMP);
        w.putU8(family).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU32(0);
        socket.request("dump rules", m -> {
            if (m.type() == RTM_NEWRULE) {
                rules.add(RtnlCodec.decodeRule(m, attrs));
            }
        });
        return rules;
    }

    @Override
    public void close() {
        socket.close();
    }

    /** "add address 192.0.2.1/24 dev 3", built only when an error message needs it. */
    private static final class Described {
        private final String verb;
        private final Object what;

        Described(String verb, Object what) {
            this.verb = verb;
            this.what = what;
        }

        @Override
        public String toString() {
            return verb + what;
        }
    }
}
