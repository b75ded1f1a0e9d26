package org.keepalivedjava.vrrp.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keepalivedjava.smtp.AlertSender;
import org.keepalivedjava.smtp.AlertSink;
import org.keepalivedjava.status.ChildStatus;
import org.keepalivedjava.vrrp.dump.InstanceDump;

/**
 * The VRRP child's answer to the parent's status request, built from the same {@link InstanceDump}s as the
 * SIGUSR1/SIGUSR2 dumps (so --status and the dump files never disagree). Pure: the wall clock and the alert
 * counters are parameters. Called on the child's loop thread.
 */
public final class VrrpStatusSnapshot {
    public static final String CHILD = "VRRP";

    private VrrpStatusSnapshot() {
    }

    public static ChildStatus of(List<InstanceDump> dumps, long nowEpochMs, Map<String, Long> counters) {
        List<ChildStatus.Instance> instances = new ArrayList<>();
        for (InstanceDump d : dumps) {
            instances.add(instance(d));
        }
        return new ChildStatus(CHILD, nowEpochMs, instances, List.of(), counters);
    }

    static ChildStatus.Instance instance(InstanceDump d) {
        InstanceDump.Stats s = d.stats();
        // keepalived's vrrp_stats names for adverts received and rejected (RFC 5798 §7.1 checks, authentication).
        Map<String, Long> errors = new LinkedHashMap<>();
        errors.put("packet_len_err", s.packetLenErr());
        errors.put("advert_interval_err", s.advertIntervalErr());
        errors.put("ip_ttl_err", s.ipTtlErr());
        errors.put("invalid_type_rcvd", s.invalidTypeRcvd());
        errors.put("addr_list_err", s.addrListErr());
        errors.put("invalid_authtype", s.invalidAuthType());
        errors.put("authtype_mismatch", s.authTypeMismatch());
        errors.put("auth_failure", s.authFailure());
        List<String> vips = new ArrayList<>();
        for (String line : d.vips()) {
            vips.add(address(line));
        }
        return new ChildStatus.Instance(d.config().name(), d.config().interfaceName(), d.config().vrid(),
                d.state().name(), d.config().priority(), d.effectivePriority(), vips,
                d.lastTransitionEpochUs() / 1000, s.becomeMaster(), s.releaseMaster(), s.advertSent(),
                s.advertRcvd(), errors);
    }

    /** A dump line without the dump's trailing " set" marker (the state says whether the VIPs are installed). */
    static String address(String dumpLine) {
        String line = dumpLine.strip();
        return line.endsWith(" set") ? line.substring(0, line.length() - 4) : line;
    }

    /** alerts_sent / alerts_dropped of the child's mail sender; none when mail is not configured. */
    public static Map<String, Long> alertCounters(AlertSink alerts) {
        Map<String, Long> counters = new LinkedHashMap<>();
        if (alerts instanceof AlertSender sender) {
            counters.put("alerts_sent", sender.delivered());
            counters.put("alerts_dropped", sender.queueFullDrops() + sender.undeliverableDrops());
        }
        return counters;
    }
}
