package org.keepalivedjava.checkers.lvs;

import java.util.Locale;

import org.keepalivedjava.config.model.lvs.RealServer;
import org.keepalivedjava.config.model.lvs.VirtualServer;
import org.keepalivedjava.config.values.CheckValues;

/**
 * How keepalived 2.2.7 names virtual and real servers in its log lines, FIFO lines and mails (check_data.c
 * format_vs/format_rs). Recorded from the real binary in a UML guest with IPVS:
 * <ul>
 *   <li>address service: {@code [192.0.2.1]:tcp:80}; fwmark service: {@code FWM 5};</li>
 *   <li>group service: {@code [G1]:0}, where the number is the virtual server's position among the virtual
 *       servers using that group, in config order (keepalived stores it in the unused port field);</li>
 *   <li>real server: its address and port with the virtual server's protocol: {@code [192.0.2.10]:tcp:8080},
 *       and {@code [198.51.100.5]:none:0} in a fwmark service.</li>
 * </ul>
 */
public final class ServiceNames {
    private ServiceNames() {
    }

    /** @param groupMemberNo position of this virtual server among those using the same group (0 first) */
    public static String virtualServer(VirtualServer vs, int groupMemberNo) {
        if (vs.service() instanceof VirtualServer.AddressPort a) {
            return CheckValues.serviceName(a.address(), protocol(vs), a.port());
        }
        if (vs.service() instanceof VirtualServer.Fwmark f) {
            return "FWM " + f.mark();
        }
        return "[" + ((VirtualServer.Group) vs.service()).name() + "]:" + groupMemberNo;
    }

    public static String realServer(RealServer rs, VirtualServer vs) {
        return CheckValues.serviceName(rs.address(), protocol(vs), rs.port());
    }

    public static String sorryServer(VirtualServer.SorryServer s, VirtualServer vs) {
        return CheckValues.serviceName(s.address(), protocol(vs), s.port());
    }

    static String protocol(VirtualServer vs) {
        return vs.protocol() == null ? "none" : vs.protocol().name().toLowerCase(Locale.ROOT);
    }
}
