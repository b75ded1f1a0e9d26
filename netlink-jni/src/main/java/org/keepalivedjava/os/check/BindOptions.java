package org.keepalivedjava.os.check;

import java.net.InetAddress;

/**
 * Where a checker socket comes from: keepalived's {@code bindto}, {@code bind_port}, {@code bind_if} and
 * {@code fwmark} checker options. Immutable; build once from the config.
 *
 * @param sourceAddress  local address to bind (bindto), or null for the kernel's choice
 * @param sourcePort     local port to bind (bind_port), 0 for an ephemeral port
 * @param interfaceName  SO_BINDTODEVICE (bind_if), or null; also the scope of an IPv6 link-local target
 * @param fwmark         SO_MARK on every packet (fwmark), 0 for none; needs CAP_NET_ADMIN
 */
public record BindOptions(InetAddress sourceAddress, int sourcePort, String interfaceName, int fwmark) {
    /** Kernel defaults: no bind, no device, no mark. */
    public static final BindOptions NONE = new BindOptions(null, 0, null, 0);

    public BindOptions {
        if (sourcePort < 0 || sourcePort > 65535) {
            throw new IllegalArgumentException("source port out of range: " + sourcePort);
        }
        if (interfaceName != null && (interfaceName.isEmpty() || interfaceName.length() > 15)) {
            throw new IllegalArgumentException("bad interface name: '" + interfaceName + "'");
        }
    }

    /** True when the socket must be bound before connecting (an address or a port was asked for). */
    public boolean needsBind() {
        return sourceAddress != null || sourcePort != 0;
    }
}
