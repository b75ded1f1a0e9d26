package org.keepalivedjava.os.rtnl;

import static org.keepalivedjava.os.rtnl.RtnlConstants.*;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Registration;
import org.keepalivedjava.os.netlink.Attributes;
import org.keepalivedjava.os.netlink.MessageHandler;
import org.keepalivedjava.os.netlink.Netlink;
import org.keepalivedjava.os.netlink.MalformedNetlinkException;
import org.keepalivedjava.os.netlink.NetlinkMessage;
import org.keepalivedjava.os.netlink.NetlinkSocket;

/**
 * A NETLINK_ROUTE socket joined to event groups, read by the {@link EventLoop} when readable, each message
 * decoded and handed to an {@link RtnlListener}. Decoding allocates the event's record (events are rare: link
 * and address changes); reading allocates nothing.
 *
 * <p>Threading: loop thread only (create it before the loop runs, or on the loop thread).
 */
public final class RtnlMonitor implements AutoCloseable, MessageHandler {
    /** Links, IPv4 and IPv6 addresses: what VRRP tracks. */
    public static final int LINKS_AND_ADDRESSES = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
    /** ... plus IPv4/IPv6 routes and IPv4 rules. */
    public static final int ALL = LINKS_AND_ADDRESSES | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE | RTMGRP_IPV4_RULE;

    private final NetlinkSocket socket;
    private final RtnlListener listener;
    private final Attributes attrs = new Attributes(Math.max(Math.max(IFA_MAX_USED, IFLA_MAX_USED),
            Math.max(RTA_MAX_USED, FRA_MAX_USED)));
    private final Registration registration;
    private final EventLoop loop;
    private long malformedMessages;

    private RtnlMonitor(EventLoop loop, NetlinkSocket socket, RtnlListener listener) {
        this.loop = loop;
        this.socket = socket;
        this.listener = listener;
        this.registration = loop.register(socket.fd(), Consts.EPOLLIN, (reg, events, nowNs) -> socket.receive(this));
    }

    /**
     * Opens a monitor for the RTMGRP_* bitmask {@code groups} (e.g. {@link #LINKS_AND_ADDRESSES}) in the calling
     * thread's network namespace and registers it on {@code loop}.
     */
    public static RtnlMonitor start(EventLoop loop, int groups, RtnlListener listener) {
        NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE);
        try {
            for (int bit = 0; bit < 32; bit++) {
                if ((groups & (1 << bit)) != 0) {
                    socket.joinGroup(bit + 1); // RTMGRP_X == 1 << (RTNLGRP_X - 1)
                }
            }
            return new RtnlMonitor(loop, socket, listener);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Reads what is queued now (the loop does this when the fd is readable; tests may call it directly). */
    public int poll() {
        return socket.receive(this);
    }

    @Override
    public void onMessage(NetlinkMessage m) {
        try {
            decode(m);
        } catch (MalformedNetlinkException e) {
            // An event we cannot read is an event lost: tell the listener as for an overrun, so it re-reads the
            // state, instead of letting the exception unregister the monitor from the loop for good.
            malformedMessages++;
            listener.onOverrun();
        }
    }

    /** Events that could not be decoded (each reported to the listener as an overrun). */
    public long malformedMessages() {
        return malformedMessages;
    }

    private void decode(NetlinkMessage m) {
        switch (m.type()) {
            case RTM_NEWLINK -> listener.onLink(RtnlCodec.decodeLink(m, attrs), false);
            case RTM_DELLINK -> listener.onLink(RtnlCodec.decodeLink(m, attrs), true);
            case RTM_NEWADDR -> listener.onAddress(RtnlCodec.decodeAddress(m, attrs), false);
            case RTM_DELADDR -> listener.onAddress(RtnlCodec.decodeAddress(m, attrs), true);
            case RTM_NEWROUTE -> listener.onRoute(RtnlCodec.decodeRoute(m, attrs), false);
            case RTM_DELROUTE -> listener.onRoute(RtnlCodec.decodeRoute(m, attrs), true);
            case RTM_NEWRULE -> listener.onRule(RtnlCodec.decodeRule(m, attrs), false);
            case RTM_DELRULE -> listener.onRule(RtnlCodec.decodeRule(m, attrs), true);
            default -> { } // other groups' messages are not asked for
        }
    }

    @Override
    public void onOverrun() {
        listener.onOverrun();
    }

    @Override
    public void close() {
        if (registration.isActive()) {
            loop.unregister(registration);
        }
        socket.close();
    }
}
