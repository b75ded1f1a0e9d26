package org.keepalivedjava.os.rtnl;

import java.util.List;

/**
 * What the VRRP child asks of the kernel's routing configuration: addresses, routes, rules and the list of
 * links. The real implementation is {@link NetlinkRtnl}; unit tests of VRRP code use an in-memory fake.
 *
 * <p>Every change is synchronous: it returns when the kernel has acknowledged it, or throws
 * {@link org.keepalivedjava.os.netlink.NetlinkException} naming the request and the errno (EEXIST when adding
 * what exists, EADDRNOTAVAIL/ESRCH/ENOENT when deleting what does not, ENODEV for a missing interface).
 * Threading: one thread (the loop thread).
 */
public interface Rtnl extends AutoCloseable {
    void addAddress(IfAddress address);

    void deleteAddress(IfAddress address);

    void addRoute(Route route);

    void deleteRoute(Route route);

    void addRule(Rule rule);

    void deleteRule(Rule rule);

    List<Link> links();

    /** Every address of {@code family} (AF_INET, AF_INET6, or 0 for both). */
    List<IfAddress> addresses(int family);

    /** Routes of {@code family} in every table. */
    List<Route> routes(int family);

    /** Rules of {@code family}. */
    List<Rule> rules(int family);

    @Override
    void close();
}
