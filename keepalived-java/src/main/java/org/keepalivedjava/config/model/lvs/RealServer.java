package org.keepalivedjava.config.model.lvs;

import java.net.InetAddress;
import java.util.List;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.script.NotifyScript;

/**
 * One {@code real_server} with its effective settings (inherited from the virtual server where not set).
 *
 * @param port         0 when omitted (fwmark services)
 * @param weight       0..2147483647, default 1
 * @param uthreshold   upper connection threshold, 0 = none
 * @param lthreshold   lower connection threshold, 0 = none
 * @param smtpAlert    null when not configured (the global default applies)
 * @param virtualhost  effective default virtualhost for its HTTP/SSL checkers (own, else the virtual server's)
 */
public record RealServer(InetAddress address, int port, long weight, Forwarding forwarding,
                         boolean inhibitOnFailure, NotifyScript notifyUp, NotifyScript notifyDown,
                         long uthreshold, long lthreshold, Boolean smtpAlert, boolean alpha, String virtualhost,
                         String snmpName, List<CheckerConfig> checkers, Location location) {

    public RealServer {
        checkers = List.copyOf(checkers);
    }
}
