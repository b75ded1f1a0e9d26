package org.keepalivedjava.parent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.status.ChildStatus;

/** The three renderings of one report: JSON (parsed back as a tool would), the table, Prometheus text. */
class StatusFormatsTest {
    static StatusReport report() {
        Map<String, Long> errors = new LinkedHashMap<>();
        errors.put("ip_ttl_err", 3L);
        errors.put("auth_failure", 0L);
        ChildStatus vrrp = new ChildStatus("VRRP", 1_700_000_001_000L, List.of(
                new ChildStatus.Instance("VI_1", "eth0", 51, "MASTER", 100, 90,
                        List.of("192.0.2.10/32 dev eth0 scope global", "192.0.2.11/32 dev eth0 scope global"),
                        1_700_000_000_000L, 2, 1, 1000, 17, errors),
                new ChildStatus.Instance("we\"ird\\name\n", "eth1", 52, "BACKUP", 50, 50, List.of(), 0, 0, 0, 0, 5,
                        Map.of())),
                List.of(), Map.of("alerts_sent", 4L, "alerts_dropped", 1L));
        ChildStatus checker = new ChildStatus("Checker", 1_700_000_001_000L, List.of(), List.of(
                new ChildStatus.VirtualServer("192.0.2.10:80", "TCP", true, List.of(
                        new ChildStatus.RealServer("198.51.100.2:80", true, 3, 1, 0, -1),
                        new ChildStatus.RealServer("198.51.100.3:80", false, 0, 1, 1, 2500)))), Map.of());
        return new StatusReport(42, 1_700_000_002_000L, List.of(
                new StatusReport.Child("VRRP", 100, true, 1, 1, 3, vrrp, null),
                new StatusReport.Child("Checker", 101, true, 0, 0, 0, checker, null),
                new StatusReport.Child("Other", -1, false, 0, 0, 0, null, "not running")));
    }

    @Test
    void jsonParsesAndCarriesTheState() throws Exception {
        JsonNode root = new ObjectMapper().readTree(StatusJson.write(report()));
        assertEquals(42, root.get("parent_pid").asInt());
        assertEquals("2023-11-14T22:13:22Z", root.get("generated").asText());
        JsonNode vi1 = root.get("vrrp_instances").get(0);
        assertEquals("VI_1", vi1.get("name").asText());
        assertEquals("MASTER", vi1.get("state").asText());
        assertEquals(90, vi1.get("effective_priority").asInt());
        assertEquals("192.0.2.11/32 dev eth0 scope global", vi1.get("vips").get(1).asText());
        assertEquals("2023-11-14T22:13:20Z", vi1.get("last_transition").asText());
        assertEquals(3, vi1.get("receive_errors").get("ip_ttl_err").asInt());
        assertEquals("we\"ird\\name\n", root.get("vrrp_instances").get(1).get("name").asText());
        assertTrue(root.get("vrrp_instances").get(1).get("last_transition").isNull());
        JsonNode rs = root.get("virtual_servers").get(0).get("real_servers");
        assertTrue(rs.get(0).get("up").asBoolean());
        assertFalse(rs.get(1).get("up").asBoolean());
        assertEquals(3, rs.get(0).get("weight").asInt());
        assertTrue(rs.get(0).get("check_latency_us").isNull());
        assertEquals(2500, rs.get(1).get("check_latency_us").asInt());
        JsonNode other = root.get("children").get(2);
        assertTrue(other.get("pid").isNull());
        assertEquals("not running", other.get("problem").asText());
        assertEquals(4, root.get("children").get(0).get("counters").get("alerts_sent").asInt());
    }

    @Test
    void tableShowsInstancesAndServers() {
        String text = StatusText.write(report(), ZoneOffset.UTC);
        List<String> lines = List.of(text.split("\n"));
        assertEquals("keepalived-java parent pid 42, status at 2023-11-14 22:13:22 Z", lines.get(0));
        assertTrue(lines.contains("CHILD    PID  STATE     RESTARTS  HANGS  STATUS"), text);
        assertTrue(lines.contains("Other    -    starting  0         0      not running"), text);
        assertTrue(text.contains("VI_1           eth0       51    MASTER  100       90         2023-11-14 22:13:20 Z"
                + "  192.0.2.10/32 dev eth0 scope global\n"), text);
        assertTrue(lines.contains(" ".repeat(84) + "192.0.2.11/32 dev eth0 scope global"), text);
        assertTrue(lines.contains("we\"ird\\name?   eth1       52    BACKUP  50        50         -                      -"),
                text);
        assertTrue(text.contains("192.0.2.10:80   198.51.100.2:80  up     3\n"), text);
        assertTrue(text.contains("                198.51.100.3:80  down   0\n"), text);
    }

    /** One exposition line: name, optional labels with escaped values, a value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? (-?[0-9.eE+]+)");

    @Test
    void prometheusTextFollowsTheExpositionFormat() {
        String text = PrometheusText.write(report());
        assertTrue(text.endsWith("\n"));
        Set<String> typed = new HashSet<>();
        Set<String> helped = new HashSet<>();
        String current = null;
        List<String> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String name = line.split(" ")[2];
                assertTrue(helped.add(name), "one HELP per family: " + name);
                current = name;
            } else if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                assertEquals(current, f[2], "TYPE follows its HELP");
                assertTrue(f[3].equals("gauge") || f[3].equals("counter"));
                assertTrue(typed.add(f[2]));
                assertEquals(f[3].equals("counter"), f[2].endsWith("_total"), f[2]);
            } else {
                Matcher m = SAMPLE.matcher(line);
                assertTrue(m.matches(), "sample line: " + line);
                assertEquals(current, m.group(1), "samples grouped under their family");
                samples.add(line);
            }
        }
        assertTrue(samples.contains("keepalived_java_vrrp_instance_state{instance=\"VI_1\",interface=\"eth0\",vrid=\"51\",state=\"MASTER\"} 1"));
        assertTrue(samples.contains("keepalived_java_vrrp_instance_state{instance=\"VI_1\",interface=\"eth0\",vrid=\"51\",state=\"BACKUP\"} 0"));
        assertTrue(samples.contains("keepalived_java_vrrp_adverts_sent_total{instance=\"VI_1\"} 1000"));
        assertTrue(samples.contains("keepalived_java_vrrp_advert_receive_errors_total{instance=\"VI_1\",reason=\"ip_ttl_err\"} 3"));
        assertTrue(samples.contains("keepalived_java_vrrp_adverts_received_total{instance=\"we\\\"ird\\\\name\\n\"} 5"), text);
        assertTrue(samples.contains("keepalived_java_real_server_up{virtual_server=\"192.0.2.10:80\",protocol=\"TCP\",real_server=\"198.51.100.3:80\"} 0"));
        assertTrue(samples.contains("keepalived_java_real_server_check_latency_seconds{virtual_server=\"192.0.2.10:80\",protocol=\"TCP\",real_server=\"198.51.100.3:80\"} 0.0025"));
        assertFalse(text.contains("real_server=\"198.51.100.2:80\"} -"), "unknown latency is absent, not negative");
        assertTrue(samples.contains("keepalived_java_child_restarts_total{child=\"VRRP\"} 1"));
        assertTrue(samples.contains("keepalived_java_watchdog_missed_hellos_total{child=\"VRRP\"} 3"));
        assertTrue(samples.contains("keepalived_java_child_status_answered{child=\"Other\"} 0"));
        assertTrue(samples.contains("keepalived_java_alerts_dropped_total{child=\"VRRP\"} 1"));
    }

    @Test
    void helpTextAndSecondsAreEscapedAndExact() {
        StringBuilder help = new StringBuilder();
        PrometheusText.escapeHelp(help, "a\\b\nc\"d");
        assertEquals("a\\\\b\\nc\"d", help.toString());
        assertEquals("0.000001", PrometheusText.seconds(1));
        assertEquals("12", PrometheusText.seconds(12_000_000));
    }
}
