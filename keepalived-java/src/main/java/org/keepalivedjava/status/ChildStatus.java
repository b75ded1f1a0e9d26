package org.keepalivedjava.status;

import java.util.List;
import java.util.Map;

/**
 * A child's live state as it answers the parent's status request (watchdog {@code TYPE_STATUS}): what the control
 * socket's {@code --status} prints and what the metrics endpoint exports. Plain immutable data; the children fill
 * it on their loop thread (vrrp.status, checkers.status), {@link StatusCodec} carries it to the parent.
 *
 * @param child           "VRRP" or "Checker" (the parent's child names)
 * @param generatedEpochMs wall-clock time of the snapshot
 * @param instances       VRRP instances (VRRP child only)
 * @param virtualServers  virtual servers with their real servers (health-check child only)
 * @param counters        child-wide counters by name (alerts_sent, alerts_dropped...), in a stable order
 */
public record ChildStatus(String child, long generatedEpochMs, List<Instance> instances,
                          List<VirtualServer> virtualServers, Map<String, Long> counters) {
    public ChildStatus {
        instances = List.copyOf(instances);
        virtualServers = List.copyOf(virtualServers);
        counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
    }

    /**
     * One vrrp_instance.
     *
     * @param state                 INIT, BACKUP, MASTER, FAULT or STOP (keepalived's names)
     * @param priority              the configured priority
     * @param effectivePriority     after track_* weights
     * @param vips                  virtual_ipaddress entries as keepalived prints them
     * @param lastTransitionEpochMs wall-clock ms of the last state change, 0 = none yet
     * @param becomeMaster          transitions to MASTER
     * @param releaseMaster         transitions out of MASTER
     * @param receiveErrors         advert receive errors by keepalived's counter name (ip_ttl_err, auth_failure...)
     */
    public record Instance(String name, String interfaceName, int vrid, String state, int priority,
                           int effectivePriority, List<String> vips, long lastTransitionEpochMs, long becomeMaster,
                           long releaseMaster, long advertsSent, long advertsReceived,
                           Map<String, Long> receiveErrors) {
        public Instance {
            vips = List.copyOf(vips);
            receiveErrors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(receiveErrors));
        }
    }

    /** One virtual_server (its keepalived name, e.g. {@code 192.0.2.1:80} or {@code FWM 7}). */
    public record VirtualServer(String name, String protocol, boolean quorumUp, List<RealServer> realServers) {
        public VirtualServer {
            realServers = List.copyOf(realServers);
        }
    }

    /**
     * One real server.
     *
     * @param weight           the effective weight (after misc_dynamic / FILE_CHECK changes)
     * @param configuredWeight the configured weight
     * @param failedCheckers   checkers currently failing
     * @param checkLatencyUs   the last check's duration in micro-seconds, -1 when unknown
     */
    public record RealServer(String name, boolean up, long weight, long configuredWeight, int failedCheckers,
                             long checkLatencyUs) {
    }
}
