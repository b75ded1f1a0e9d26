package org.keepalivedjava.smtp;

import java.util.Objects;

/**
 * A vrrp_sync_group entered {@code state}. Subject {@code [router_id] VRRP Group NAME - Entering MASTER state};
 * body {@code => All VRRP group instances are now in MASTER state <=} (likewise BACKUP and FAULT) or
 * {@code => All VRRP group instances are now stopping <=} (STOP).
 *
 * <p>Order, as keepalived 2.2.7 sends them (seen on the real binary): entering BACKUP at start-up mails the group
 * first, then the instance; becoming MASTER mails the instance first, then the group.
 *
 * @param groupName the vrrp_sync_group name ({@code gname})
 */
public record VrrpGroupAlert(String groupName, VrrpAlertState state) implements Alert {
    public VrrpGroupAlert {
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(state, "state");
    }
}
