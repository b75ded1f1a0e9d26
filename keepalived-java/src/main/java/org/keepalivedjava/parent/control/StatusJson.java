package org.keepalivedjava.parent.control;

import java.time.Instant;
import java.util.Map;

import org.keepalivedjava.status.ChildStatus;

/**
 * {@code --status --json}: the {@link StatusReport} as one JSON object, for tools (no SIGJSON and /tmp parsing).
 * Keys are snake_case and stable; times are given both as ISO-8601 UTC and as epoch milliseconds. Pure.
 *
 * <pre>
 * {"parent_pid":N,"generated":"...","children":[{"name","pid","up","restarts","watchdog_hangs",
 *   "watchdog_missed_hellos","answered","problem","counters":{...}}],
 *  "vrrp_instances":[{"name","interface","vrid","state","priority","effective_priority","vips":[...],
 *   "last_transition","last_transition_epoch_ms","become_master","release_master","adverts_sent",
 *   "adverts_received","receive_errors":{...}}],
 *  "virtual_servers":[{"name","protocol","quorum_up","real_servers":[{"name","up","weight",
 *   "configured_weight","failed_checkers","check_latency_us"}]}]}
 * </pre>
 */
public final class StatusJson {
    private StatusJson() {
    }

    public static String write(StatusReport report) {
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"parent_pid\":").append(report.parentPid());
        out.append(",\"generated\":");
        Json.string(out, Instant.ofEpochMilli(report.generatedEpochMs()).toString());
        out.append(",\"children\":[");
        boolean first = true;
        for (StatusReport.Child c : report.children()) {
            out.append(first ? "" : ",");
            first = false;
            out.append("{\"name\":");
            Json.string(out, c.name());
            out.append(",\"pid\":").append(c.pid() < 0 ? "null" : Long.toString(c.pid()));
            out.append(",\"up\":").append(c.up());
            out.append(",\"restarts\":").append(c.restarts());
            out.append(",\"watchdog_hangs\":").append(c.hangs());
            out.append(",\"watchdog_missed_hellos\":").append(c.missedHellos());
            out.append(",\"answered\":").append(c.status() != null);
            out.append(",\"problem\":");
            if (c.problem() == null) {
                out.append("null");
            } else {
                Json.string(out, c.problem());
            }
            out.append(",\"counters\":");
            counters(out, c.status() == null ? Map.of() : c.status().counters());
            out.append('}');
        }
        out.append("],\"vrrp_instances\":[");
        first = true;
        for (StatusReport.Child c : report.children()) {
            if (c.status() == null) {
                continue;
            }
            for (ChildStatus.Instance i : c.status().instances()) {
                out.append(first ? "" : ",");
                first = false;
                instance(out, i);
            }
        }
        out.append("],\"virtual_servers\":[");
        first = true;
        for (StatusReport.Child c : report.children()) {
            if (c.status() == null) {
                continue;
            }
            for (ChildStatus.VirtualServer vs : c.status().virtualServers()) {
                out.append(first ? "" : ",");
                first = false;
                virtualServer(out, vs);
            }
        }
        out.append("]}\n");
        return out.toString();
    }

    private static void instance(StringBuilder out, ChildStatus.Instance i) {
        out.append("{\"name\":");
        Json.string(out, i.name());
        out.append(",\"interface\":");
        Json.string(out, i.interfaceName());
        out.append(",\"vrid\":").append(i.vrid());
        out.append(",\"state\":");
        Json.string(out, i.state());
        out.append(",\"priority\":").append(i.priority());
        out.append(",\"effective_priority\":").append(i.effectivePriority());
        out.append(",\"vips\":[");
        for (int k = 0; k < i.vips().size(); k++) {
            out.append(k == 0 ? "" : ",");
            Json.string(out, i.vips().get(k));
        }
        out.append("],\"last_transition\":");
        if (i.lastTransitionEpochMs() > 0) {
            Json.string(out, Instant.ofEpochMilli(i.lastTransitionEpochMs()).toString());
        } else {
            out.append("null");
        }
        out.append(",\"last_transition_epoch_ms\":").append(i.lastTransitionEpochMs());
        out.append(",\"become_master\":").append(i.becomeMaster());
        out.append(",\"release_master\":").append(i.releaseMaster());
        out.append(",\"adverts_sent\":").append(i.advertsSent());
        out.append(",\"adverts_received\":").append(i.advertsReceived());
        out.append(",\"receive_errors\":");
        counters(out, i.receiveErrors());
        out.append('}');
    }

    private static void virtualServer(StringBuilder out, ChildStatus.VirtualServer vs) {
        out.append("{\"name\":");
        Json.string(out, vs.name());
        out.append(",\"protocol\":");
        Json.string(out, vs.protocol());
        out.append(",\"quorum_up\":").append(vs.quorumUp());
        out.append(",\"real_servers\":[");
        for (int k = 0; k < vs.realServers().size(); k++) {
            ChildStatus.RealServer rs = vs.realServers().get(k);
            out.append(k == 0 ? "{\"name\":" : ",{\"name\":");
            Json.string(out, rs.name());
            out.append(",\"up\":").append(rs.up());
            out.append(",\"weight\":").append(rs.weight());
            out.append(",\"configured_weight\":").append(rs.configuredWeight());
            out.append(",\"failed_checkers\":").append(rs.failedCheckers());
            out.append(",\"check_latency_us\":").append(rs.checkLatencyUs() < 0 ? "null" : Long.toString(rs.checkLatencyUs()));
            out.append('}');
        }
        out.append("]}");
    }

    private static void counters(StringBuilder out, Map<String, Long> counters) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            Json.string(out, e.getKey());
            out.append(':').append(e.getValue());
        }
        out.append('}');
    }
}
