package org.keepalivedjava.parent;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.netlink.NetlinkException;
import org.keepalivedjava.os.rtnl.IfAddress;
import org.keepalivedjava.os.rtnl.Rtnl;

/**
 * Removes the virtual addresses a dead VRRP child left in the kernel.
 *
 * <p>A VRRP child killed by SIGKILL (or by the watchdog, for a hang) cannot release its VIPs, and its replacement
 * removes them only once it has started: after the respawn back-off (1, 2, 4... s) and a JVM start. Meanwhile the
 * peer, which stopped hearing adverts, takes over after Master_Down_Interval: both nodes would answer for the VIP
 * for seconds (measured by the chaos suite: up to 7 s). So the parent, which sees the exit at once, removes them
 * itself before the respawn. Addresses are matched by address and prefix length on any interface, so VIPs on a
 * {@code dev}, a VMAC interface or another interface are found too. Not with {@code -V} (the operator asked to keep
 * them). Virtual routes and rules are left to the next child, as before.
 */
public final class OrphanVipRelease implements AfterChildExit {
    private final Supplier<Rtnl> rtnl;
    private final Logger log;
    private final boolean keepVips;
    private volatile Set<Key> vips = Set.of();

    /** An address as the kernel lists it: address and prefix length. */
    record Key(InetAddress address, int prefixLength) {
    }

    /**
     * @param rtnl     opens a routing socket (in the daemon's namespace), closed after use
     * @param keepVips -V: never remove them
     */
    public OrphanVipRelease(Supplier<Rtnl> rtnl, Logger log, boolean keepVips) {
        this.rtnl = rtnl;
        this.log = log;
        this.keepVips = keepVips;
    }

    /** The configuration the VRRP child runs: at start and after every accepted reload. */
    public void use(VrrpConfig vrrp) {
        Set<Key> keys = new HashSet<>();
        if (vrrp != null) {
            for (VrrpConfig.Instance i : vrrp.instances()) {
                addAll(keys, i.virtualAddresses());
                addAll(keys, i.excludedAddresses());
            }
        }
        vips = Set.copyOf(keys);
    }

    private static void addAll(Set<Key> keys, List<VrrpConfig.IpAddress> addresses) {
        for (VrrpConfig.IpAddress a : addresses) {
            keys.add(new Key(a.prefix().address(), a.prefix().prefixLength()));
        }
    }

    @Override
    public void afterExit(ChildExit exit, boolean stopping) {
        Set<Key> wanted = vips;
        if (keepVips || wanted.isEmpty()) {
            return;
        }
        int removed = 0;
        try (Rtnl r = rtnl.get()) {
            for (IfAddress a : r.addresses(0)) {
                if (wanted.contains(new Key(a.address(), a.prefixLength()))) {
                    try {
                        r.deleteAddress(a);
                        removed++;
                    } catch (NetlinkException e) {
                        log.warning("Could not remove " + a.address().getHostAddress() + " left by the VRRP child: "
                                + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("Could not list the addresses the VRRP child left: " + e.getMessage());
            return;
        }
        if (removed > 0) {
            log.info("Removed " + removed + " virtual address" + (removed == 1 ? "" : "es")
                    + " left by the VRRP child (" + exit.describe() + ")");
        }
    }
}
