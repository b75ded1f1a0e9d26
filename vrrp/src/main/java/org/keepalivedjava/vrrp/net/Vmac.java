package org.keepalivedjava.vrrp.net;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;

/**
 * use_vmac as keepalived 2.2.7 does it (measured): each such instance gets a macvlan interface in private mode on
 * its interface, named {@code <vmac_prefix>.<VRID>} ("vrrp.51") unless {@code use_vmac NAME}, with the VRRP virtual
 * MAC 00:00:5e:00:01:VRID (RFC 5798 §7.3; 00:00:5e:00:02:VRID for IPv6). The instance then runs ON that interface:
 * adverts and gratuitous ARPs leave from it (so from the virtual MAC), its VIPs are added to it, and its own state
 * follows that interface; only the source address comes from the base interface, the VMAC has none. keepalived's
 * JSON dump says so too: "vmac_ifname":"vrrp.51","ifp_ifname":"vrrp.51".
 *
 * With {@code vmac_xmit_base} the adverts are sent and received on the base interface instead (the wiring's
 * choice), the VIPs and gratuitous ARPs stay on the VMAC.
 *
 * <p>Pure: {@link #runningConfig} gives the configuration the VRRP child runs (each IPv4 use_vmac instance with
 * interface = its VMAC) and which base interface each VMAC stands on; creating the interfaces is the caller's.
 * IPv6 instances keep their interface: their VMAC needs a link-local address of its own, not done here.
 */
public final class Vmac {
    private Vmac() {
    }

    /** The configuration to run and, for each VMAC interface name, the instance using it and its base. */
    public record Plan(KeepalivedConfig config, Map<String, VrrpConfig.Instance> vmacs, Map<String, String> baseOf) {
    }

    public static String interfaceName(VrrpConfig.Instance i, String prefix) {
        return i.vmacName() != null ? i.vmacName() : (prefix == null ? "vrrp" : prefix) + "." + i.vrid();
    }

    /** RFC 5798 §7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6. */
    public static byte[] mac(int vrid, boolean ipv6) {
        return new byte[] {0x00, 0x00, 0x5e, 0x00, (byte) (ipv6 ? 0x02 : 0x01), (byte) vrid};
    }

    public static Plan runningConfig(KeepalivedConfig config) {
        String prefix = config.global().vrrp() == null ? null : config.global().vrrp().vmacPrefix();
        List<VrrpConfig.Instance> instances = new ArrayList<>();
        Map<String, VrrpConfig.Instance> vmacs = new HashMap<>();
        Map<String, String> baseOf = new HashMap<>();
        for (VrrpConfig.Instance i : config.vrrp().instances()) {
            if (!i.useVmac() || i.ipv6() || i.interfaceName() == null) {
                instances.add(i);
                continue;
            }
            String name = interfaceName(i, prefix);
            VrrpConfig.Instance onVmac = copy(i, Map.of("interfaceName", name, "vmacName", name));
            instances.add(onVmac);
            vmacs.put(name, onVmac);
            baseOf.put(name, i.interfaceName());
        }
        if (vmacs.isEmpty()) {
            return new Plan(config, Map.of(), Map.of());
        }
        VrrpConfig vrrp = copy(config.vrrp(), Map.of("instances", List.copyOf(instances)));
        return new Plan(copy(config, Map.of("vrrp", vrrp)), Map.copyOf(vmacs), Map.copyOf(baseOf));
    }

    /**
     * A copy of {@code record} with the components named in {@code changes} replaced. Reflection keeps this
     * independent of the (long, growing) component lists of the configuration records.
     */
    @SuppressWarnings("unchecked")
    static <R extends Record> R copy(R record, Map<String, Object> changes) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        try {
            for (int k = 0; k < components.length; k++) {
                types[k] = components[k].getType();
                String name = components[k].getName();
                values[k] = changes.containsKey(name) ? changes.get(name) : components[k].getAccessor().invoke(record);
            }
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
            return (R) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName() + ": " + e, e);
        }
    }
}
