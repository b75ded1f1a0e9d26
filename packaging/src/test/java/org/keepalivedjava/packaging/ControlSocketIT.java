package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.packaging.DistributionIT.Run;

/**
 * The control socket and the metrics endpoint of the BUILT distribution, started as an operator would (daemonized,
 * {@code -s NAMESPACE}) with VRRP and a virtual server: {@code --status} and {@code --status --json} (parsed as a
 * tool would) show the instance and the real servers' verdicts; {@code --reload} applies a valid file and refuses a
 * broken one with its file:line; a client running as nobody is refused, both by the socket's mode and, with the mode
 * loosened on purpose, by the daemon's SO_PEERCRED check; Prometheus is scraped with a real HTTP GET from outside the
 * namespace; {@code --stop} returns once the daemon is gone.
 *
 * <p>Root (a kj- namespace plus a veth into it, deleted at the end). Waits are polls with generous deadlines.
 */
@Tag("root")
class ControlSocketIT {
    static final long PID = ProcessHandle.current().pid();
    static final String NS = "kj-ctl-" + PID;
    /** The root namespace's end of the veth the scrape goes through (15 characters at most). */
    static final String HOST_IF = "kjctl" + (PID % 100000);
    static final String METRICS_ADDRESS = "203.0.113.2";
    static final int METRICS_PORT = 9650;
    static final long GUARD_MS = 60_000;
    static final Path WORK = Path.of("/tmp", "kj-ctl-" + PID);
    static final Path SOCKET = WORK.resolve("run/control.sock");

    private static Process realServer;

    @BeforeAll
    static void setUp() throws Exception {
        NamespaceLauncherIT.lanNamespace(NS);
        NamespaceLauncherIT.sh("ip link add " + HOST_IF + " type veth peer name eth2 netns " + NS);
        NamespaceLauncherIT.sh("ip addr add 203.0.113.1/30 dev " + HOST_IF);
        NamespaceLauncherIT.sh("ip link set " + HOST_IF + " up");
        NamespaceLauncherIT.sh("ip -n " + NS + " addr add " + METRICS_ADDRESS + "/30 dev eth2");
        NamespaceLauncherIT.sh("ip -n " + NS + " link set eth2 up");
        // One real server that answers (a listener in the namespace), one that does not (nothing on 8081).
        realServer = new ProcessBuilder("ip", "netns", "exec", NS, "/usr/bin/python3", "-c",
                "import socket,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                        + "s.bind(('192.0.2.1',8080))\ns.listen(16)\nwhile True:\n  c,a=s.accept()\n  c.close()\n")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Files.createDirectories(WORK);
        Files.setPosixFilePermissions(WORK, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (realServer != null) {
            realServer.destroyForcibly();
        }
        DistributionIT.run(Path.of("/"), Map.of(), List.of("ip", "link", "del", HOST_IF));
        DistributionIT.run(Path.of("/"), Map.of(), List.of("ip", "netns", "del", NS));
        DistributionIT.run(Path.of("/"), Map.of(), List.of("rm", "-rf", WORK.toString()));
    }

    static String config(boolean secondInstance, String brokenLine) {
        StringBuilder c = new StringBuilder();
        c.append("global_defs {\n  router_id kjctl\n  watchdog_interval 1\n")
                .append("  control_socket ").append(SOCKET).append('\n')
                .append("  prometheus_listen ").append(METRICS_ADDRESS).append(':').append(METRICS_PORT).append('\n')
                .append("}\n");
        c.append("vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n  priority 150\n"
                + "  advert_int 1\n  virtual_ipaddress {\n    192.0.2.100/24\n  }\n}\n");
        if (secondInstance) {
            c.append("vrrp_instance VI_2 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 52\n  priority 50\n"
                    + "  advert_int 1\n  virtual_ipaddress {\n    192.0.2.101/24\n  }\n}\n");
        }
        if (brokenLine != null) {
            c.append(brokenLine).append('\n');
        }
        c.append("virtual_server 192.0.2.100 80 {\n  delay_loop 1\n  lvs_sched rr\n  lvs_method NAT\n  protocol TCP\n"
                + "  real_server 192.0.2.1 8080 {\n    weight 3\n    TCP_CHECK {\n      connect_timeout 1\n    }\n  }\n"
                + "  real_server 192.0.2.1 8081 {\n    TCP_CHECK {\n      connect_timeout 1\n    }\n  }\n}\n");
        return c.toString();
    }

    private static List<String> cli(Path conf, String... words) {
        List<String> cmd = new ArrayList<>(List.of(DistributionIT.LAUNCHER.toAbsolutePath().toString(), "-s", NS,
                "-f", conf.toString()));
        cmd.addAll(List.of(words));
        return cmd;
    }

    private static Run run(List<String> command) throws Exception {
        return DistributionIT.run(WORK, Map.of(), command);
    }

    @Test
    void statusReloadRefusalMetricsAndStopThroughTheControlSocket() throws Exception {
        Path conf = Files.writeString(WORK.resolve("k.conf"), config(false, null));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        Path pid = WORK.resolve("k.pid");
        Run start = run(cli(conf, "-D", "-p", pid.toString(), "-r", WORK.resolve("vrrp.pid").toString(), "-c",
                WORK.resolve("checkers.pid").toString()));
        assertEquals(0, start.status(), start.err());
        long parent = Long.parseLong(Files.readString(pid).trim());
        try {
            // --status --json, parsed: the instance becomes MASTER; 8080 up, 8081 down.
            JsonNode status = awaitJson(conf, "VI_1 MASTER, 8080 up and 8081 down", json ->
                    "MASTER".equals(instance(json, "VI_1").path("state").asText())
                            && realServer(json, "[192.0.2.1]:tcp:8080").path("up").asBoolean(false)
                            && realServer(json, "[192.0.2.1]:tcp:8081").has("up")
                            && !realServer(json, "[192.0.2.1]:tcp:8081").path("up").asBoolean(true));
            JsonNode vi1 = instance(status, "VI_1");
            assertEquals(51, vi1.get("vrid").asInt());
            assertEquals(150, vi1.get("priority").asInt());
            assertEquals("eth0", vi1.get("interface").asText());
            assertTrue(vi1.get("vips").get(0).asText().startsWith("192.0.2.100/24"), vi1.toString());
            assertTrue(vi1.get("last_transition_epoch_ms").asLong() > 0);
            assertTrue(vi1.get("become_master").asLong() >= 1);
            assertEquals(3, realServer(status, "[192.0.2.1]:tcp:8080").get("weight").asInt());
            JsonNode latency = realServer(status, "[192.0.2.1]:tcp:8080").get("check_latency_us");
            assertTrue(latency.isNumber() && latency.asLong() >= 0, "the last check's duration is measured: " + latency);
            assertEquals(parent, status.get("parent_pid").asLong());
            assertEquals(2, status.get("children").size());
            for (JsonNode child : status.get("children")) {
                assertTrue(child.get("answered").asBoolean(), child.toString());
            }

            // --status: the table.
            Run table = run(cli(conf, "--status"));
            assertEquals(0, table.status(), table.err());
            System.out.println("keepalived-java --status:\n" + table.out());
            assertTrue(Pattern.compile("(?m)^VI_1 +eth0 +51 +MASTER +150 +150 ").matcher(table.out()).find(), table.out());
            assertTrue(Pattern.compile("(?m)^\\[192\\.0\\.2\\.100\\]:tcp:80 +\\[192\\.0\\.2\\.1\\]:tcp:8080 +up +3$").matcher(table.out()).find(),
                    table.out());
            assertTrue(Pattern.compile("(?m)^ +\\[192\\.0\\.2\\.1\\]:tcp:8081 +down +").matcher(table.out()).find(), table.out());

            // Prometheus: a real HTTP GET from outside the namespace.
            HttpResponse<String> scrape = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://" + METRICS_ADDRESS + ":" + METRICS_PORT + "/metrics"))
                            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    scrape.headers().firstValue("Content-Type").orElse(""));
            Map<String, String> samples = samples(scrape.body());
            assertEquals("1", samples.get("keepalived_java_vrrp_instance_state{instance=\"VI_1\",interface=\"eth0\",vrid=\"51\",state=\"MASTER\"}"),
                    scrape.body());
            assertEquals("0", samples.get("keepalived_java_vrrp_instance_state{instance=\"VI_1\",interface=\"eth0\",vrid=\"51\",state=\"BACKUP\"}"));
            assertTrue(Long.parseLong(samples.get("keepalived_java_vrrp_adverts_sent_total{instance=\"VI_1\"}")) > 0);
            assertEquals("1", samples.get("keepalived_java_real_server_up{virtual_server=\"[192.0.2.100]:tcp:80\",protocol=\"TCP\",real_server=\"[192.0.2.1]:tcp:8080\"}"));
            assertEquals("0", samples.get("keepalived_java_real_server_up{virtual_server=\"[192.0.2.100]:tcp:80\",protocol=\"TCP\",real_server=\"[192.0.2.1]:tcp:8081\"}"));
            assertEquals("0", samples.get("keepalived_java_child_restarts_total{child=\"VRRP\"}"));
            assertTrue(Double.parseDouble(samples.get("keepalived_java_real_server_check_latency_seconds{virtual_server=\"[192.0.2.100]:tcp:80\",protocol=\"TCP\",real_server=\"[192.0.2.1]:tcp:8080\"}")) >= 0);
            assertEquals("1", samples.get("keepalived_java_child_up{child=\"Checker\"}"));
            assertTrue(samples.containsKey("keepalived_java_watchdog_missed_hellos_total{child=\"VRRP\"}"));

            // --reload, valid: a second instance; the verdict says applied and the instance shows up.
            Files.writeString(conf, config(true, null));
            Run reload = run(cli(conf, "--reload"));
            assertEquals(0, reload.status(), reload.out() + reload.err());
            assertTrue(reload.out().contains("applied"), reload.out());
            awaitJson(conf, "VI_2 running after the reload", json -> instance(json, "VI_2").has("state"));

            // --reload, broken: refused with file and line; the daemon keeps the previous configuration.
            Files.writeString(conf, config(true, "vrrp_instance VI_3 {\n  interface eth0\n  virtual_router_id 300\n}"));
            int brokenLine = lineOf(Files.readString(conf), "virtual_router_id 300");
            Run refused = run(cli(conf, "--reload"));
            assertEquals(1, refused.status(), refused.out() + refused.err());
            assertTrue(refused.err().contains("Reload refused"), refused.err());
            assertTrue(refused.err().contains("(" + conf + ": Line " + brokenLine + ")"), refused.err());
            JsonNode after = awaitJson(conf, "still answering", json -> true);
            assertFalse(instance(after, "VI_3").has("state"), "the broken file was not applied");
            assertEquals("MASTER", instance(after, "VI_1").get("state").asText());
            Files.writeString(conf, config(true, null));

            // nobody: the socket's mode keeps it out (exit 4, LSB "insufficient privilege")...
            List<String> asNobody = List.of("runuser", "-u", "nobody", "--",
                    DistributionIT.LAUNCHER.toAbsolutePath().toString(), "-f", conf.toString(), "--status");
            Run denied = run(asNobody);
            assertEquals(4, denied.status(), denied.out() + denied.err());
            assertTrue(denied.err().contains("Permission denied"), denied.err());
            // ...and with the mode loosened on purpose, the daemon's SO_PEERCRED check still does (ERROR, exit 1).
            Files.setPosixFilePermissions(SOCKET.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(SOCKET, PosixFilePermissions.fromString("rw-rw-rw-"));
            Run refusedPeer = run(asNobody);
            Files.setPosixFilePermissions(SOCKET, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(SOCKET.getParent(), PosixFilePermissions.fromString("rwx------"));
            assertEquals(1, refusedPeer.status(), refusedPeer.out() + refusedPeer.err());
            assertTrue(refusedPeer.err().contains("permission denied: pid ")
                    && refusedPeer.err().contains("uid 65534 is neither root nor the daemon's uid 0"), refusedPeer.err());
            assertEquals("", refusedPeer.out(), "no status leaked");

            // A stopped (hung) VRRP child never holds --status up: it is reported silent, the checker still answers.
            long vrrpChild = Long.parseLong(Files.readString(WORK.resolve("vrrp.pid")).trim());
            run(List.of("kill", "-STOP", Long.toString(vrrpChild)));
            JsonNode silent;
            try {
                Run hung = run(cli(conf, "--status", "--json"));
                assertEquals(0, hung.status(), hung.err());
                silent = new ObjectMapper().readTree(hung.out());
            } finally {
                run(List.of("kill", "-CONT", Long.toString(vrrpChild)));
            }
            JsonNode vrrpView = silent.get("children").get(0);
            assertEquals("VRRP", vrrpView.get("name").asText());
            assertFalse(vrrpView.get("answered").asBoolean(), vrrpView.toString());
            assertFalse(vrrpView.get("problem").isNull(), vrrpView.toString());
            assertTrue(silent.get("children").get(1).get("answered").asBoolean(), silent.toString());
            assertEquals(0, silent.get("vrrp_instances").size(), "no stale instance state is made up");
            awaitJson(conf, "the VRRP child answering again (resumed or replaced)", json ->
                    json.get("children").get(0).get("answered").asBoolean());

            // --stop: returns when the daemon is gone.
            List<Long> children = ProcessHandle.of(parent).orElseThrow().children().map(ProcessHandle::pid).toList();
            assertEquals(2, children.size(), children.toString());
            Run stop = run(cli(conf, "--stop"));
            assertEquals(0, stop.status(), stop.out() + stop.err());
            assertTrue(stop.out().contains("Stopping"), stop.out());
            awaitTrue("parent and children gone", () -> !DaemonizeIT.running(parent)
                    && children.stream().noneMatch(DaemonizeIT::running));
            assertFalse(Files.exists(SOCKET), "control socket removed");
            assertFalse(Files.exists(pid), "pid file removed");
            Run none = run(cli(conf, "--status"));
            assertEquals(3, none.status(), "no daemon: LSB 'not running'; " + none.err());
        } finally {
            ProcessHandle.of(parent).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }

    private static JsonNode awaitJson(Path conf, String what, Predicate<JsonNode> condition) throws Exception {
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        String last = "";
        while (System.nanoTime() - giveUp < 0) {
            Run r = run(cli(conf, "--status", "--json"));
            last = r.status() + " " + r.out() + r.err();
            if (r.status() == 0) {
                JsonNode json = new ObjectMapper().readTree(r.out());
                if (condition.test(json)) {
                    return json;
                }
            }
            Thread.sleep(300); // pacing between polls, not a synchronisation
        }
        return fail("not reached within " + GUARD_MS + " ms: " + what + "; last answer: " + last);
    }

    private static JsonNode instance(JsonNode status, String name) {
        for (JsonNode i : status.path("vrrp_instances")) {
            if (name.equals(i.path("name").asText())) {
                return i;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode realServer(JsonNode status, String name) {
        for (JsonNode vs : status.path("virtual_servers")) {
            for (JsonNode rs : vs.path("real_servers")) {
                if (name.equals(rs.path("name").asText())) {
                    return rs;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Sample lines of a Prometheus page by series; HELP/TYPE lines checked for shape on the way. */
    private static Map<String, String> samples(String body) {
        Map<String, String> samples = new java.util.HashMap<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("#")) {
                assertTrue(line.matches("# (HELP|TYPE) keepalived_java_[a-z_]+ .+"), line);
                continue;
            }
            int space = line.lastIndexOf(' ');
            assertTrue(space > 0, line);
            samples.put(line.substring(0, space), line.substring(space + 1));
        }
        return samples;
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                fail("not reached within " + GUARD_MS + " ms: " + what);
            }
            Thread.sleep(50);
        }
    }
}
