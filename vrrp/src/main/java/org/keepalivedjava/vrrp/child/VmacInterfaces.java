package org.keepalivedjava.vrrp.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.rtnl.Link;
import org.keepalivedjava.os.rtnl.NetlinkRtnl;
import org.keepalivedjava.os.rtnl.RtnlConstants;
import org.keepalivedjava.vrrp.net.Vmac;

/**
 * The VMAC interfaces of the use_vmac instances ({@link Vmac}): created at start (and for instances a reload adds),
 * removed at stop, as keepalived 2.2.7 does ("(VI_1): Success creating VMAC interface vrrp.51", "(VI_1) Success
 * removing VMAC interface vrrp.51").
 *
 * <p>Each VMAC is a private-mode macvlan with the virtual MAC, created down, configured, then set up even in
 * BACKUP (measured: keepalived's is up from the start and holds no address until MASTER). The sysctls are those
 * keepalived 2.2.7 leaves (measured): on the VMAC arp_ignore 1, accept_local 1, promote_secondaries 1, rp_filter 0
 * and IPv6 disabled (an IPv4 instance); on the base interface arp_ignore 1 and arp_filter 1, so that only the VMAC
 * answers ARP for the VIPs. Like keepalived, the base interface's settings are not restored at stop.
 *
 * <p>An interface of the VMAC's name left by a crashed predecessor is replaced. Loop thread only.
 */
final class VmacInterfaces {
    private final NetlinkRtnl rtnl;
    private final Logger log;
    /** VMAC name -> the instance running on it, for the ones this object created. */
    private final Map<String, VrrpConfig.Instance> created = new LinkedHashMap<>();
    private Map<String, String> baseOf = Map.of();

    VmacInterfaces(NetlinkRtnl rtnl, Logger log) {
        this.rtnl = rtnl;
        this.log = log;
    }

    /** Creates the VMACs {@code config} needs that do not exist yet; returns the configuration to run. */
    KeepalivedConfig setUp(KeepalivedConfig config) {
        for (VrrpConfig.Instance i : config.vrrp().instances()) {
            if (i.useVmac() && i.ipv6()) {
                log.warning("(" + i.name() + ") use_vmac is not supported for IPv6 instances by keepalived-java;"
                        + " running on " + i.interfaceName());
            }
        }
        Vmac.Plan plan = Vmac.runningConfig(config);
        baseOf = plan.baseOf();
        for (Map.Entry<String, VrrpConfig.Instance> e : plan.vmacs().entrySet()) {
            String name = e.getKey();
            if (!created.containsKey(name)) {
                create(name, e.getValue(), baseOf.get(name));
            }
        }
        return plan.config();
    }

    /** The interface an instance's source address comes from: the base of a VMAC, else the interface itself. */
    String addressInterface(String interfaceName) {
        return baseOf.getOrDefault(interfaceName, interfaceName);
    }

    private void create(String name, VrrpConfig.Instance instance, String base) {
        List<Link> links = rtnl.links();
        Link parent = find(links, base);
        if (parent == null) {
            log.error("(" + instance.name() + ") cannot create VMAC interface " + name + ": no interface " + base);
            return;
        }
        Link residual = find(links, name);
        try {
            if (residual != null) {
                rtnl.deleteLink(residual.index());
            }
            rtnl.addMacvlan(name, parent.index(), Vmac.mac(instance.vrid(), false),
                    RtnlConstants.MACVLAN_MODE_PRIVATE);
            Link vmac = find(rtnl.links(), name);
            if (vmac == null) {
                throw new IllegalStateException("interface " + name + " missing after its creation");
            }
            sysctl("ipv6", name, "disable_ipv6", "1");
            sysctl("ipv4", name, "arp_ignore", "1");
            sysctl("ipv4", name, "accept_local", "1");
            sysctl("ipv4", name, "promote_secondaries", "1");
            sysctl("ipv4", name, "rp_filter", "0");
            sysctl("ipv4", base, "arp_ignore", "1");
            sysctl("ipv4", base, "arp_filter", "1");
            rtnl.setLinkUp(vmac.index(), true);
            created.put(name, instance);
            log.info("(" + instance.name() + "): Success creating VMAC interface " + name);
        } catch (NativeException | IllegalStateException e) {
            log.error("(" + instance.name() + ") cannot create VMAC interface " + name + ": " + e.getMessage());
        }
    }

    /** Removes every VMAC this object created. */
    void removeAll() {
        List<Link> links = rtnl.links();
        for (Map.Entry<String, VrrpConfig.Instance> e : created.entrySet()) {
            Link vmac = find(links, e.getKey());
            if (vmac == null) {
                continue;
            }
            try {
                rtnl.deleteLink(vmac.index());
                log.info("(" + e.getValue().name() + ") Success removing VMAC interface " + e.getKey());
            } catch (NativeException ex) {
                log.error("(" + e.getValue().name() + ") cannot remove VMAC interface " + e.getKey() + ": "
                        + ex.getMessage());
            }
        }
        created.clear();
    }

    private void sysctl(String family, String interfaceName, String key, String value) {
        Path path = Path.of("/proc/sys/net", family, "conf", interfaceName, key);
        try {
            Files.writeString(path, value);
        } catch (IOException | RuntimeException e) {
            log.warning("cannot set " + path + " to " + value + ": " + e.getMessage());
        }
    }

    private static Link find(List<Link> links, String name) {
        for (Link l : links) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
