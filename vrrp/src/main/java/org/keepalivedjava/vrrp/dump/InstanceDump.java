package org.keepalivedjava.vrrp.dump;

import java.util.List;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;

/**
 * What the dumps say about one instance: its configuration plus what the running instance knows. Plain data the
 * wiring fills in on the loop thread; the writers only read it.
 *
 * @param vips                the virtual_ipaddress lines as {@link org.keepalivedjava.vrrp.net.AddressText} prints
 *                            them (" set" when installed)
 * @param evips               the same for virtual_ipaddress_excluded
 * @param vroutes             route lines as keepalived prints them (e.g. "prepend 203.0.113.0/25 via inet ...")
 * @param vrules              rule lines as keepalived prints them
 * @param lastTransitionEpochUs wall-clock micro-seconds of the last state change
 */
public record InstanceDump(VrrpConfig.Instance config, VrrpState state, VrrpState wantState, int effectivePriority,
                           int masterPriority, long masterAdverIntervalUs, long lastTransitionEpochUs, boolean vipSet,
                           List<String> vips, List<String> evips, List<String> vroutes, List<String> vrules,
                           Stats stats) {
    public InstanceDump {
        vips = List.copyOf(vips);
        evips = List.copyOf(evips);
        vroutes = List.copyOf(vroutes);
        vrules = List.copyOf(vrules);
    }

    /** keepalived's per-instance counters (vrrp_stats), in its order. */
    public record Stats(long advertRcvd, long advertSent, long becomeMaster, long releaseMaster, long packetLenErr,
                        long advertIntervalErr, long ipTtlErr, long invalidTypeRcvd, long addrListErr,
                        long invalidAuthType, long authTypeMismatch, long authFailure, long priZeroRcvd,
                        long priZeroSent) {
        public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
