package org.keepalivedjava.smtp;

import java.util.Objects;

/**
 * A vrrp_instance entered {@code state}. Subject {@code [router_id] VRRP Instance NAME - Entering MASTER state};
 * body {@code => VRRP Instance is now owning VRRP VIPs <=} (MASTER), {@code => VRRP Instance is no longer owning VRRP
 * VIPs <=} (BACKUP and FAULT), {@code => VRRP Instance stopping <=} (STOP). Whether to send at all is
 * {@link AlertPolicy#shouldSendVrrp}.
 *
 * @param instanceName the vrrp_instance name ({@code iname})
 */
public record VrrpInstanceAlert(String instanceName, VrrpAlertState state) implements Alert {
    public VrrpInstanceAlert {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(state, "state");
    }
}
