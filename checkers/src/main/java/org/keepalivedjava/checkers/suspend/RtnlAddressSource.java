package org.keepalivedjava.checkers.suspend;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.rtnl.IfAddress;
import org.keepalivedjava.os.rtnl.NetlinkRtnl;
import org.keepalivedjava.os.rtnl.RtnlConstants;
import org.keepalivedjava.os.rtnl.RtnlListener;
import org.keepalivedjava.os.rtnl.RtnlMonitor;

/**
 * {@link AddressSource} of the process's network namespace: a dump through {@link NetlinkRtnl}, changes from an
 * {@link RtnlMonitor} joined to the IPv4 and IPv6 address groups on the loop (keepalived's netlink reflector in the
 * checker process). Loop thread only.
 */
public final class RtnlAddressSource implements AddressSource {
    private final EventLoop loop;
    private final NetlinkRtnl rtnl;
    private RtnlMonitor monitor;

    private RtnlAddressSource(EventLoop loop, NetlinkRtnl rtnl) {
        this.loop = loop;
        this.rtnl = rtnl;
    }

    /** @throws RuntimeException (a netlink error) when rtnetlink cannot be opened */
    public static RtnlAddressSource open(EventLoop loop) {
        return new RtnlAddressSource(loop, NetlinkRtnl.open());
    }

    @Override
    public List<InetAddress> addresses() {
        List<InetAddress> all = new ArrayList<>();
        for (IfAddress a : rtnl.addresses(0)) {
            all.add(a.address());
        }
        return all;
    }

    @Override
    public void watch(Listener listener) {
        if (monitor != null) {
            throw new IllegalStateException("already watching");
        }
        monitor = RtnlMonitor.start(loop, RtnlConstants.RTMGRP_IPV4_IFADDR | RtnlConstants.RTMGRP_IPV6_IFADDR,
                new RtnlListener() {
                    @Override
                    public void onAddress(IfAddress address, boolean removed) {
                        listener.onAddress(address.address(), !removed);
                    }

                    @Override
                    public void onOverrun() {
                        listener.onResync();
                    }
                });
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
        rtnl.close();
    }
}
