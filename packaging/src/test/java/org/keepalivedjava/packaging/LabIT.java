package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.packaging.DistributionIT.Run;

/**
 * bin/keepalived-lab of the BUILT distribution: the demo runs end to end (election of the higher priority,
 * failover when it is killed, preemption when it is back, a real server seen down by both nodes' checkers,
 * notifications and mails captured) and leaves nothing
 * behind; a lab killed midway (SIGKILL: no chance to clean up) is removed by {@code keepalived-lab clean}; a
 * lab interrupted with SIGTERM cleans up itself. Root (namespaces kj-lab-PID-*, only documentation addresses).
 * Waits are hang guards; the demo's own step deadlines decide its verdict.
 */
@Tag("root")
class LabIT {
    static final Path LAB = DistributionIT.DIST.resolve("bin/keepalived-lab");
    static final long GUARD_S = 180;

    private final List<Process> started = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();

    @AfterEach
    void removeLeftovers() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
        }
        for (Path o : outputs) {
            Files.deleteIfExists(o);
        }
        // Whatever a failed test left: the subcommand under test, then by hand if even that failed.
        DistributionIT.run(Path.of("/"), Map.of(), List.of(LAB.toAbsolutePath().toString(), "clean"));
    }

    /**
     * A lab run whose output goes to a file, read as it grows (not a pipe: Process.destroy() closes the pipe, and
     * the lines the lab prints while it cleans up after SIGTERM would be lost).
     */
    final class Running {
        final Process process;
        final Path output;
        List<String> lines = List.of();

        Running(String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(LAB.toAbsolutePath().toString());
            cmd.addAll(List.of(args));
            output = Files.createTempFile("lab-it", ".out");
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            started.add(process);
            outputs.add(output);
        }

        List<String> read() throws IOException {
            lines = Files.readAllLines(output);
            return lines;
        }

        String id() {
            return "kj-lab-" + process.pid();
        }

        void awaitLine(String fragment) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_S);
            while (read().stream().noneMatch(l -> l.contains(fragment))) {
                if (System.nanoTime() - deadline > 0 || !process.isAlive() && read().stream().noneMatch(
                        l -> l.contains(fragment))) {
                    fail("no line with '" + fragment + "':\n" + String.join("\n", lines));
                }
                Thread.sleep(50);
            }
        }

        int awaitExit() throws InterruptedException, IOException {
            if (!process.waitFor(GUARD_S, TimeUnit.SECONDS)) {
                fail("keepalived-lab still running after " + GUARD_S + " s:\n" + String.join("\n", read()));
            }
            read();
            return process.exitValue();
        }

        String output() {
            return String.join("\n", lines);
        }

        int indexOf(String fragment) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(fragment)) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Test
    void demoElectsFailsOverPreemptsReportsAndLeavesNothing() throws Exception {
        Running demo = new Running("demo");
        int status = demo.awaitExit();
        String out = demo.output();
        assertEquals(0, status, out);
        int election = demo.indexOf("ELECTION: lb1 (priority 150) is MASTER and holds 192.0.2.100, lb2 is BACKUP");
        int kill = demo.indexOf("lb1       >> killed");
        int failover = demo.indexOf("FAILOVER: lb2 is MASTER and holds 192.0.2.100");
        int restart = lastIndexOf(demo.lines, "lb1       >> start keepalived-java");
        int preemption = demo.indexOf("PREEMPTION: lb1 is MASTER again and holds 192.0.2.100, lb2 is BACKUP");
        int realServer = demo.indexOf("REAL SERVER: both nodes' checkers saw 192.0.2.21 DOWN");
        int pass = demo.indexOf("demo: PASS");
        assertTrue(election > 0 && election < kill && kill < failover && failover < restart && restart < preemption
                && preemption < realServer && realServer < pass, out);
        assertTrue(out.contains("real servers seen by lb1: [192.0.2.21]:tcp:80 DOWN"), out);
        // The other real server answered all along, also while a node died in the middle of checking it.
        assertFalse(out.contains("[192.0.2.22]:tcp:80 of [192.0.2.100]:tcp:80 DOWN"), out);
        // The timeline shows the observations behind each verdict, in order.
        assertTrue(indexBetween(demo.lines, "lb1       == VI_1 MASTER (priority 150)", 0, election), out);
        assertTrue(indexBetween(demo.lines, "lb2       +  VIP 192.0.2.100/24 on lab0", kill, failover), out);
        assertTrue(indexBetween(demo.lines, "lb2       == VI_1 MASTER (priority 100)", kill, failover), out);
        assertTrue(indexBetween(demo.lines, "lb1       +  VIP 192.0.2.100/24 on lab0", restart, preemption), out);
        assertTrue(indexBetween(demo.lines, "lb2       -  VIP gone 192.0.2.100/24", restart, preemption), out);
        assertTrue(demo.lines.stream().anyMatch(l -> l.contains("ns notify script: INSTANCE VI_1 MASTER")), out);
        assertTrue(demo.lines.stream().anyMatch(l -> l.matches(
                ".*mail +@  to=ops@example.org subject=\\[lb\\d] VRRP Instance VI_1 - Entering (MASTER|BACKUP) state")), out);
        assertTrue(out.contains("cleaned up: namespaces " + demo.id() + "-*"), out);
        assertNothingLeft(demo.id());
    }

    @Test
    void labKilledMidwayIsRemovedByClean() throws Exception {
        Running demo = new Running("demo");
        demo.awaitLine("lb2       >> start keepalived-java");
        demo.process.destroyForcibly();
        demo.process.waitFor(30, TimeUnit.SECONDS);
        assertTrue(namespaces().stream().anyMatch(n -> n.startsWith(demo.id() + "-")),
                "a SIGKILLed lab cannot clean up; its namespaces are still there: " + namespaces());
        Run clean = DistributionIT.run(Path.of("/"), Map.of(), List.of(LAB.toAbsolutePath().toString(), "clean"));
        assertEquals(0, clean.status(), clean.out() + clean.err());
        assertTrue(clean.out().contains("removed 3 namespace(s)"), clean.out());
        assertNothingLeft(demo.id());
    }

    @Test
    void labInterruptedWithSigtermCleansUpItself() throws Exception {
        Running demo = new Running("demo");
        demo.awaitLine("lb2       >> start keepalived-java");
        long t = System.nanoTime();
        demo.process.destroy();
        int status = demo.awaitExit();
        String out = "status " + status + " after " + (System.nanoTime() - t) / 1_000_000 + " ms\n" + demo.output();
        assertTrue(demo.output().contains("interrupted: cleaning up"), out);
        assertTrue(demo.output().contains("cleaned up after the interruption"), out);
        assertFalse(demo.output().contains("demo: PASS"), out);
        assertNothingLeft(demo.id());
    }

    @Test
    void runRefusesProductionAddresses() throws Exception {
        Path conf = Files.createTempFile("lab-it", ".conf");
        try {
            Files.writeString(conf, "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n priority 100\n"
                    + " virtual_ipaddress {\n  10.1.2.3/24\n }\n}\n");
            Run r = DistributionIT.run(Path.of("/"), Map.of(), List.of(LAB.toAbsolutePath().toString(), "run",
                    conf.toString()));
            assertEquals(1, r.status(), r.out());
            assertTrue(r.out().contains(conf + ":6: 10.1.2.3 is not a documentation address"), r.out());
            assertTrue(namespaces().stream().noneMatch(n -> n.startsWith("kj-lab-")), namespaces().toString());
        } finally {
            Files.deleteIfExists(conf);
        }
    }

    /**
     * An operator's configuration as in production: interface ens3, its own mail relay, production addresses
     * (10.0.0.0/24 and 172.16.5.0/24), a virtual server with two real servers.
     */
    static String operatorConfig(String name, int priority) {
        return """
                global_defs {
                    router_id %1$s
                    notification_email {
                        ops@example.org
                    }
                    notification_email_from %1$s@example.org
                    smtp_server 10.0.9.25
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface ens3
                    virtual_router_id 51
                    priority %2$d
                    advert_int 1
                    smtp_alert
                    virtual_ipaddress {
                        10.0.0.100/24 dev ens3
                    }
                }
                virtual_server 10.0.0.100 80 {
                    delay_loop 1
                    lvs_sched rr
                    lvs_method NAT
                    protocol TCP
                    real_server 10.0.0.21 80 {
                        HTTP_GET {
                            url {
                                path /
                                status_code 200
                            }
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }
                    real_server 172.16.5.22 80 {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(name, priority);
    }

    /**
     * {@code run --map-addresses} with the operator's configs and a script of actions and checks (the addresses
     * in the script are the mapped ones the lab announces): a real server stopped and
     * started (seen DOWN and UP by the checkers, with mails), a cable cut (split brain: lb2 takes over while lb1
     * still thinks it is master) and mended (lb2 yields), a reload, an orderly stop. The last check is meant to
     * fail, to show a failed check is reported and sets the exit status.
     */
    @Test
    void runWithOperatorConfigsActsAndChecks() throws Exception {
        Path dir = Files.createTempDirectory("lab-it");
        try {
            Path lb1 = Files.writeString(dir.resolve("lb1.conf"), operatorConfig("lb1", 150));
            Path lb2 = Files.writeString(dir.resolve("lb2.conf"), operatorConfig("lb2", 100));
            Running run = new Running("run", "--map-addresses", lb1.toString(), lb2.toString());
            String script = """
                    await lb1 VI_1 MASTER 60
                    await-vip 203.0.113.100 lb1 30
                    await lb2 VI_1 BACKUP 30
                    rs-stop 203.0.113.21:80
                    await-rs lb1 203.0.113.21 DOWN 60
                    await-rs lb2 203.0.113.21 DOWN 60
                    rs-start 203.0.113.21:80
                    await-rs lb1 203.0.113.21 UP 60
                    cut lb1
                    await lb2 VI_1 MASTER 30
                    mend lb1
                    await lb2 VI_1 BACKUP 30
                    await-vip 203.0.113.100 lb1 30
                    reload lb2
                    stop lb1
                    await-vip 203.0.113.100 lb2 30
                    await lb1 VI_1 FAULT 0.5
                    status
                    quit
                    """;
            try (var stdin = run.process.getOutputStream()) {
                stdin.write(script.getBytes(StandardCharsets.UTF_8));
            }
            int status = run.awaitExit();
            String out = run.output();
            assertEquals(1, status, out);
            List<String> failed = run.lines.stream().filter(l -> l.contains(" !! ")).toList();
            assertEquals(1, failed.size(), out);
            assertTrue(failed.get(0).contains("not within") && failed.get(0).endsWith("lb1 VI_1 is FAULT"), out);
            for (String ok : List.of("ok: lb1 VI_1 is MASTER", "ok: 203.0.113.100 held by lb1 only",
                    "ok: lb1 sees real server 203.0.113.21 DOWN", "ok: lb2 sees real server 203.0.113.21 DOWN",
                    "ok: lb1 sees real server 203.0.113.21 UP", "ok: lb2 VI_1 is MASTER", "ok: lb2 VI_1 is BACKUP",
                    "ok: 203.0.113.100 held by lb2 only")) {
                assertTrue(out.contains(ok), ok + "\n" + out);
            }
            assertTrue(out.contains("addresses mapped into the lab: 10.0.0.x -> 203.0.113.x, 172.16.5.x -> 198.51.100.x"),
                    out);
            assertTrue(out.contains("configs: ens3 -> lab0, smtp_server -> 192.0.2.250"), out);
            assertTrue(out.contains("lb1       >> link cut") && out.contains("lb2       >> reload (SIGHUP)"), out);
            assertTrue(run.lines.stream().anyMatch(l -> l.matches(".*mail +@  to=ops@example.org subject=\\[lb\\d] "
                    + "Realserver \\[203.0.113.21]:tcp:80 of virtual server \\[203.0.113.100]:tcp:80 - DOWN")), out);
            // Until lb1's cable is cut (then its checks fail too, as they should), the real server on another
            // documentation subnet is reached through the lab's router.
            assertFalse(indexBetween(run.lines, "198.51.100.22]:tcp:80 of [203.0.113.100]:tcp:80 DOWN", 0,
                    run.indexOf("lb1       >> link cut")), out);
            assertNothingLeft(run.id());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    static int lastIndexOf(List<String> lines, String fragment) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    static boolean indexBetween(List<String> lines, String fragment, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, lines.size()); i++) {
            if (lines.get(i).contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    static List<String> namespaces() throws Exception {
        Run r = DistributionIT.run(Path.of("/"), Map.of(), List.of("ip", "netns", "list"));
        return r.out().lines().map(l -> l.split("\\s+")[0]).toList();
    }

    /** No namespace of the lab, no process whose command line names it, no work directory. */
    static void assertNothingLeft(String id) throws Exception {
        assertTrue(namespaces().stream().noneMatch(n -> n.startsWith(id + "-")), namespaces().toString());
        List<String> processes = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains(id + "-") || cmdline.contains(id + "/")) {
                        processes.add(p.getFileName() + ": " + cmdline);
                    }
                } catch (IOException e) {
                    // exited while listing
                }
            }
        }
        assertEquals(List.of(), processes);
        assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir"), id)));
    }
}
