package org.keepalivedjava.os.ipvs;

import java.util.List;

/**
 * What the health-check child asks of the kernel's IPVS table. The real implementation is {@link NetlinkIpvs};
 * checker tests use an in-memory fake. Every change returns once the kernel acknowledged it, or throws
 * {@link org.keepalivedjava.os.netlink.NetlinkException} naming the request (EEXIST, ENOENT for a missing
 * scheduler/PE module, ESRCH for a missing service, EINVAL...). Threading: one thread (the loop thread).
 */
public interface Ipvs extends AutoCloseable {
    void addService(IpvsService service);

    /** Changes scheduler, flags, timeout, netmask and PE of the service with the same identity. */
    void editService(IpvsService service);

    void deleteService(IpvsService service);

    void addDestination(IpvsService service, IpvsDestination destination);

    /** Changes method, weight and thresholds of the destination with the same address and port. */
    void editDestination(IpvsService service, IpvsDestination destination);

    void deleteDestination(IpvsService service, IpvsDestination destination);

    List<IpvsService> services();

    List<IpvsDestination> destinations(IpvsService service);

    /** Sets the non-zero timeouts. */
    void setTimeouts(IpvsTimeouts timeouts);

    IpvsTimeouts timeouts();

    void startSyncDaemon(IpvsSyncDaemon daemon);

    /** Stops the daemon of {@code state} (IP_VS_STATE_MASTER or _BACKUP). */
    void stopSyncDaemon(int state);

    List<IpvsSyncDaemon> syncDaemons();

    /** Deletes every service and destination. */
    void flush();

    @Override
    void close();
}
