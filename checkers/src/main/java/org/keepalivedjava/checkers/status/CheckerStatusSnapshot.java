package org.keepalivedjava.checkers.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keepalivedjava.checkers.lvs.RealServerState;
import org.keepalivedjava.checkers.lvs.VirtualServerState;
import org.keepalivedjava.smtp.AlertSender;
import org.keepalivedjava.smtp.AlertSink;
import org.keepalivedjava.status.ChildStatus;

/**
 * The health-check child's answer to the parent's status request: each virtual server (keepalived's name for it,
 * as in its logs) with its real servers' verdicts and weights. Read from the same run-time state as the
 * SIGUSR1 dump. The check latency is the slowest of the real server's checks' last attempts (-1 before any
 * finished). Pure apart from reading that state; called on the child's loop thread.
 */
public final class CheckerStatusSnapshot {
    public static final String CHILD = "Checker";

    private CheckerStatusSnapshot() {
    }

    public static ChildStatus of(List<VirtualServerState> virtualServers, long nowEpochMs, Map<String, Long> counters) {
        List<ChildStatus.VirtualServer> servers = new ArrayList<>();
        for (VirtualServerState vs : virtualServers) {
            List<ChildStatus.RealServer> reals = new ArrayList<>();
            for (RealServerState rs : vs.realServers()) {
                long durationNs = rs.lastCheckDurationNs();
                reals.add(new ChildStatus.RealServer(rs.name(), rs.isAlive(), rs.effectiveWeight(),
                        rs.config().weight(), rs.failedCheckers(), durationNs < 0 ? -1 : durationNs / 1000));
            }
            String protocol = vs.config().protocol() == null ? "none" : vs.config().protocol().name();
            servers.add(new ChildStatus.VirtualServer(vs.name(), protocol, vs.quorumUp(), reals));
        }
        return new ChildStatus(CHILD, nowEpochMs, List.of(), servers, counters);
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
