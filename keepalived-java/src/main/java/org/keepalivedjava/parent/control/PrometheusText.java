package org.keepalivedjava.parent.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keepalivedjava.status.ChildStatus;

/**
 * The metrics endpoint's body: a {@link StatusReport} in the Prometheus text exposition format 0.0.4 (one
 * {@code # HELP} and {@code # TYPE} per metric family, then its samples; label values escaped: backslash,
 * double quote, line feed; HELP text escaped: backslash, line feed). Counters end in {@code _total}. The VRRP state is
 * a state set: one sample per keepalived state, 1 for the current one, so a query needs no magic numbers. A child
 * that did not answer contributes its parent-side metrics only (its own series are absent, not zero). Pure.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String PREFIX = "keepalived_java_";
    /** keepalived's instance states, in its order. */
    static final List<String> VRRP_STATES = List.of("INIT", "BACKUP", "MASTER", "FAULT", "STOP");

    private PrometheusText() {
    }

    /** One metric family being built: its samples in insertion order. */
    private static final class Family {
        final String name;
        final String type;
        final String help;
        final List<String> samples = new ArrayList<>();

        Family(String name, String type, String help) {
            this.name = PREFIX + name;
            this.type = type;
            this.help = help;
        }

        void sample(long value, String... labels) {
            sample(Long.toString(value), labels);
        }

        void sample(String value, String... labels) {
            StringBuilder s = new StringBuilder(name);
            if (labels.length > 0) {
                s.append('{');
                for (int k = 0; k < labels.length; k += 2) {
                    if (k > 0) {
                        s.append(',');
                    }
                    s.append(labels[k]).append("=\"");
                    escapeLabel(s, labels[k + 1]);
                    s.append('"');
                }
                s.append('}');
            }
            s.append(' ').append(value);
            samples.add(s.toString());
        }
    }

    public static String write(StatusReport report) {
        Map<String, Family> families = new LinkedHashMap<>();
        Family childUp = family(families, "child_up", "gauge",
                "1 when the child process runs and answered its watchdog, else 0.");
        Family restarts = family(families, "child_restarts_total", "counter",
                "Times the child process was started again after it died or hung.");
        Family hangs = family(families, "watchdog_hangs_total", "counter",
                "Times the watchdog found the child hung and killed it.");
        Family missed = family(families, "watchdog_missed_hellos_total", "counter",
                "Watchdog hellos the child left unanswered past watchdog_interval.");
        Family answered = family(families, "child_status_answered", "gauge",
                "1 when the child answered this scrape's status request in time, else 0.");
        Family alertsSent = family(families, "alerts_sent_total", "counter", "SMTP alerts delivered by the child.");
        Family alertsDropped = family(families, "alerts_dropped_total", "counter",
                "SMTP alerts the child dropped (queue full, or undeliverable after retries).");
        Family state = family(families, "vrrp_instance_state", "gauge",
                "VRRP instance state: 1 for the current state, 0 for the others.");
        Family priority = family(families, "vrrp_instance_effective_priority", "gauge",
                "VRRP instance priority after track_* weights.");
        Family toMaster = family(families, "vrrp_instance_become_master_total", "counter",
                "VRRP instance transitions to MASTER.");
        Family fromMaster = family(families, "vrrp_instance_release_master_total", "counter",
                "VRRP instance transitions out of MASTER.");
        Family sent = family(families, "vrrp_adverts_sent_total", "counter", "VRRP adverts sent.");
        Family received = family(families, "vrrp_adverts_received_total", "counter", "VRRP adverts received.");
        Family rxErrors = family(families, "vrrp_advert_receive_errors_total", "counter",
                "VRRP adverts received and rejected, by reason (keepalived's vrrp_stats counter names).");
        Family rsUp = family(families, "real_server_up", "gauge", "1 when the real server passes its checks, else 0.");
        Family rsWeight = family(families, "real_server_weight", "gauge", "Effective weight of the real server.");
        Family rsLatency = family(families, "real_server_check_latency_seconds", "gauge",
                "Duration of the real server's last completed check.");

        for (StatusReport.Child c : report.children()) {
            String child = c.name();
            childUp.sample(c.up() ? 1 : 0, "child", child);
            restarts.sample(c.restarts(), "child", child);
            hangs.sample(c.hangs(), "child", child);
            missed.sample(c.missedHellos(), "child", child);
            answered.sample(c.status() != null ? 1 : 0, "child", child);
            if (c.status() == null) {
                continue;
            }
            Map<String, Long> counters = c.status().counters();
            if (counters.containsKey("alerts_sent")) {
                alertsSent.sample(counters.get("alerts_sent"), "child", child);
            }
            if (counters.containsKey("alerts_dropped")) {
                alertsDropped.sample(counters.get("alerts_dropped"), "child", child);
            }
            for (ChildStatus.Instance i : c.status().instances()) {
                String vrid = Integer.toString(i.vrid());
                for (String s : VRRP_STATES) {
                    state.sample(s.equals(i.state()) ? 1 : 0, "instance", i.name(), "interface", i.interfaceName(),
                            "vrid", vrid, "state", s);
                }
                priority.sample(i.effectivePriority(), "instance", i.name());
                toMaster.sample(i.becomeMaster(), "instance", i.name());
                fromMaster.sample(i.releaseMaster(), "instance", i.name());
                sent.sample(i.advertsSent(), "instance", i.name());
                received.sample(i.advertsReceived(), "instance", i.name());
                for (Map.Entry<String, Long> e : i.receiveErrors().entrySet()) {
                    rxErrors.sample(e.getValue(), "instance", i.name(), "reason", e.getKey());
                }
            }
            for (ChildStatus.VirtualServer vs : c.status().virtualServers()) {
                for (ChildStatus.RealServer rs : vs.realServers()) {
                    String[] labels = {"virtual_server", vs.name(), "protocol", vs.protocol(), "real_server", rs.name()};
                    rsUp.sample(rs.up() ? 1 : 0, labels);
                    rsWeight.sample(rs.weight(), labels);
                    if (rs.checkLatencyUs() >= 0) {
                        rsLatency.sample(seconds(rs.checkLatencyUs()), labels);
                    }
                }
            }
        }

        StringBuilder out = new StringBuilder(4096);
        for (Family f : families.values()) {
            if (f.samples.isEmpty()) {
                continue; // a family with no sample says nothing; leaving it out keeps the page short
            }
            out.append("# HELP ").append(f.name).append(' ');
            escapeHelp(out, f.help);
            out.append('\n');
            out.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
            for (String s : f.samples) {
                out.append(s).append('\n');
            }
        }
        return out.toString();
    }

    private static Family family(Map<String, Family> families, String name, String type, String help) {
        Family f = new Family(name, type, help);
        families.put(name, f);
        return f;
    }

    static String seconds(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }

    static void escapeLabel(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    static void escapeHelp(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
