package org.keepalivedjava.checkers.suspend;

import java.net.InetAddress;
import java.util.List;

/**
 * The host's interface addresses and their changes. The real one is {@link RtnlAddressSource}; unit tests use a
 * list they change by hand. Loop thread only.
 */
public interface AddressSource extends AutoCloseable {

    /** Receives changes on the loop thread. */
    interface Listener {
        /** An address was added to or removed from an interface. */
        void onAddress(InetAddress address, boolean added);

        /** Events were lost (netlink receive buffer overrun): call {@link #addresses()} again. */
        void onResync();
    }

    /** Every address on every interface now, once per interface it is on (a dump). */
    List<InetAddress> addresses();

    /** Starts delivering changes to {@code listener}. Called once. */
    void watch(Listener listener);

    @Override
    void close();
}
