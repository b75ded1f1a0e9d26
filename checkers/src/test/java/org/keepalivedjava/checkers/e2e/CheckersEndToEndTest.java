package org.keepalivedjava.checkers.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keepalivedjava.checkers.e2e.RealServers.Behaviour;
import org.keepalivedjava.checkers.e2e.RealServers.MisbehavingWebServer;
import org.keepalivedjava.checkers.e2e.RealServers.Server;
import org.keepalivedjava.os.testing.Netns;

/**
 * Issue 6's end-to-end tests: the checker child as a real process, with the REAL checkers, against real servers.
 *
 * <p>Lab: namespace "lb" (the child, 192.0.2.1/24 on lb0) linked by a veth pair to namespace "srv" (the servers,
 * 192.0.2.2/24 on srv0, plus 192.0.2.21 and .22 for PING_CHECK). In srv run: a TCP listener, the JDK's HttpServer
 * and HttpsServer, a scripted SMTP server, a UDP echo, a DNS responder, a TCP listener that a MISC_CHECK script
 * connects to, and the addresses that answer pings, two of each kind (one to stop, one that keeps running), plus web
 * servers that misbehave on demand. Each real server's notify_up/notify_down is a script recording its argv and the
 * time; lvs_notify_fifo is read; SMTP alerts go to another scripted SMTP server (a real server mails by default,
 * keepalived.conf(5); the TCP victim also says smtp_alert explicitly) and the TCP victim's DOWN mail is checked.
 *
 * <p>This kernel has no IPVS: the child logs that once and goes on checking and notifying (issue 6).
 *
 * <p>Timing. With delay_loop D, retry R, delay_before_retry B and connect_timeout C (all 1 s here), a server that
 * stops is declared down within D + R*B + C (issue 6) when its checks fail at once (refused connection, ICMP port
 * unreachable, a failing script, a bad reply); when each failing attempt has to wait for its timeout (no ICMP echo
 * reply, a server that never answers) every one of the R+1 attempts costs C: D + R*B + (R+1)*C. A server that comes
 * back is up within max(D, B) + C (+ D for HTTP_GET/SSL_GET, which check all URLs once more). On top of each bound: {@link #SCHEDULING_ALLOWANCE_MS} for the notify script's
 * fork/exec and its {@code date}, the loop's timer slack, and this test's 20 ms polling, on a 2-core machine that
 * also runs every server. Measured times are printed.
 */
@Tag("root")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckersEndToEndTest {
    static final long DELAY_LOOP_MS = 1000;
    static final long RETRY = 1;
    static final long DELAY_BEFORE_RETRY_MS = 1000;
    static final long CONNECT_TIMEOUT_MS = 1000;
    static final long SCHEDULING_ALLOWANCE_MS = 1000;
    /** A healthy check's period: delay_loop after the previous result, which takes a few ms here. */
    static final long MAX_HEALTHY_GAP_MS = DELAY_LOOP_MS + SCHEDULING_ALLOWANCE_MS;

    static final String LB_IP = "192.0.2.1";
    static final String SRV_IP = "192.0.2.2";

    /** One checker kind: its victim (stopped and restarted) and its survivor (left running). */
    record Kind(String name, String vip, String protocol, Server victim, Server survivor, String victimRs,
                String survivorRs, boolean failsByTimeout, String checkerBlock) {
    }

    static Netns lb;
    static Netns srv;
    static Path dir;
    static final RealServers.All servers = new RealServers.All();
    static final Map<String, Kind> kinds = new LinkedHashMap<>();
    static final Map<Behaviour, MisbehavingWebServer> misbehaving = new LinkedHashMap<>();
    static RealServers.SmtpResponder mailhub;
    static ChildProcess child;
    static final List<String> fifoLines = new CopyOnWriteArrayList<>();
    static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("kj-e2e");
        lb = Netns.create("lb");
        srv = Netns.create("srv");
        try {
            srv.vethTo(lb, "srv0", "lb0");
            srv.ip("addr", "add", SRV_IP + "/24", "dev", "srv0");
            lb.ip("addr", "add", LB_IP + "/24", "dev", "lb0");
            // PING_CHECK uses ICMP "ping sockets", which the kernel allows only to the groups in this range
            // (the child's startup probe says so too); an operator sets it once, as here.
            lb.exec("sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647");
            SSLContext tls = selfSignedTls(dir);
            InetAddress ip = InetAddress.getByName(SRV_IP);
            addKind("tcp", "TCP", new RealServers.TcpListener(srv, ip, 10001), new RealServers.TcpListener(srv, ip,
                    10101), false, "TCP_CHECK {\n" + timers() + "}");
            addKind("http", "TCP", new RealServers.JdkWebServer(srv, ip, 10002, null),
                    new RealServers.JdkWebServer(srv, ip, 10102, null), false,
                    "HTTP_GET {\nurl {\npath /\nstatus_code 200\n}\n" + timers() + "}");
            addKind("https", "TCP", new RealServers.JdkWebServer(srv, ip, 10003, tls),
                    new RealServers.JdkWebServer(srv, ip, 10103, tls), false,
                    "SSL_GET {\nurl {\npath /\nstatus_code 200\n}\n" + timers() + "}");
            addKind("smtp", "TCP", new RealServers.SmtpResponder(srv, ip, 10004),
                    new RealServers.SmtpResponder(srv, ip, 10104), false,
                    "SMTP_CHECK {\nhelo_name kj-e2e.example\n" + timers() + "}");
            addKind("udp", "UDP", new RealServers.UdpEcho(srv, ip, 10005), new RealServers.UdpEcho(srv, ip, 10105),
                    false, "UDP_CHECK {\npayload 6b6a2d653265\nrequire_reply 6b6a2d653265\n" + timers() + "}");
            addKind("dns", "UDP", new RealServers.DnsResponder(srv, ip, 10006),
                    new RealServers.DnsResponder(srv, ip, 10106), false,
                    "DNS_CHECK {\ntype A\nname kj-e2e.example\n" + timers() + "}");
            addKind("misc", "TCP", new RealServers.TcpListener(srv, ip, 10007),
                    new RealServers.TcpListener(srv, ip, 10107), false,
                    "MISC_CHECK {\nmisc_path \"" + dir + "/misc-connect.sh PORT\"\nmisc_timeout 2\nretry 1\n"
                            + "delay_before_retry 1\n}");
            addKind("ping", "TCP", new AddressServer(srv, "192.0.2.21"), new AddressServer(srv, "192.0.2.22"), true,
                    "PING_CHECK {\n" + timers() + "}");
            int port = 10201;
            for (Behaviour b : List.of(Behaviour.GARBAGE_10MB, Behaviour.NEVER_CLOSE, Behaviour.RESET_MID_HEADER,
                    Behaviour.WRONG_TLS)) {
                misbehaving.put(b, servers.add(new MisbehavingWebServer(srv, ip, port++,
                        b == Behaviour.WRONG_TLS ? tls : null)));
            }
            mailhub = servers.add(new RealServers.SmtpResponder(srv, ip, 2525));

            writeScripts();
            Path fifo = dir.resolve("lvs.fifo");
            Netns.run("mkfifo", "-m", "0600", fifo.toString());
            Thread fifoReader = new Thread(() -> readFifo(fifo), "lvs-fifo-reader");
            fifoReader.setDaemon(true);
            fifoReader.start();
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, config());
            child = ChildProcess.start(lb, conf, List.of(), dir.resolve("child.log"));
        } catch (Exception | Error e) {
            tearDown();
            throw e;
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (child != null) {
            child.close();
            System.out.println("---- checker child's log ----\n" + child.output());
        }
        servers.close();
        if (srv != null) {
            srv.close();
        }
        if (lb != null) {
            lb.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        System.out.println("---- checkers e2e measured times ----\n" + String.join("\n", report));
    }

    private static void addKind(String name, String protocol, Server victim, Server survivor, boolean byTimeout,
                                String checker) throws Exception {
        int index = kinds.size() + 1;
        servers.add(victim);
        servers.add(survivor);
        String victimRs = rsText(victim, protocol);
        String survivorRs = rsText(survivor, protocol);
        kinds.put(name, new Kind(name, "203.0.113." + index, protocol, victim, survivor, victimRs, survivorRs,
                byTimeout, checker));
    }

    private static String rsText(Server s, String protocol) {
        return "[" + s.address.getHostAddress() + "]:" + protocol.toLowerCase() + ":" + s.port;
    }

    private static String timers() {
        return "connect_timeout " + CONNECT_TIMEOUT_MS / 1000 + "\nretry " + RETRY + "\ndelay_before_retry "
                + DELAY_BEFORE_RETRY_MS / 1000 + "\n";
    }

    // ------------------------------------------------------------------ the tests

    @Test
    @Order(1)
    void everyRealServerComesUpAndIpvsIsReportedUnavailableOnce() throws Exception {
        child.waitForLine("Startup complete", 30_000);
        for (Kind k : kinds.values()) {
            for (String who : List.of(k.name + "-victim", k.name + "-survivor")) {
                waitForNotify("UP", who, 0, 15_000);
            }
        }
        for (Behaviour b : misbehaving.keySet()) {
            waitForNotify("UP", label(b), 0, 15_000);
        }
        // the recorded argv is exactly what the config says: no argument added (keepalived's do_rs_notifies)
        List<String> ups = notifyLines().stream().filter(l -> l.contains(" UP tcp-victim")).toList();
        assertEquals(" UP tcp-victim", ups.get(0).substring(ups.get(0).indexOf(' ')), ups.toString());
        assertEquals(1, child.count("IPVS not available"), child.output());
        assertTrue(child.isAlive());
    }

    @Test
    @Order(2)
    void stoppingOneServerOfEachKindNotifiesDownWithinTheBoundAndRestartingNotifiesUp() throws Exception {
        Map<String, Long> stoppedAt = new LinkedHashMap<>();
        long windowStart = System.currentTimeMillis();
        for (Kind k : kinds.values()) {
            stoppedAt.put(k.name, System.currentTimeMillis());
            k.victim.stop();
        }
        Map<String, Long> downMs = new LinkedHashMap<>();
        for (Kind k : kinds.values()) {
            long at = waitForNotify("DOWN", k.name + "-victim", stoppedAt.get(k.name), 15_000);
            downMs.put(k.name, at - stoppedAt.get(k.name));
        }
        long windowEnd = System.currentTimeMillis();
        assertSurvivorsKeptTheirRhythm(windowStart, windowEnd);

        Map<String, Long> startedAt = new LinkedHashMap<>();
        for (Kind k : kinds.values()) {
            startedAt.put(k.name, System.currentTimeMillis());
            k.victim.start();
        }
        Map<String, Long> upMs = new LinkedHashMap<>();
        for (Kind k : kinds.values()) {
            long at = waitForNotify("UP", k.name + "-victim", startedAt.get(k.name), 15_000);
            upMs.put(k.name, at - startedAt.get(k.name));
        }
        for (Kind k : kinds.values()) {
            long down = downMs.get(k.name);
            long bound = downBoundMs(k.failsByTimeout);
            long up = upMs.get(k.name);
            report.add(String.format("%-6s down after stop %5d ms (bound %d + %d)   up after start %5d ms (bound %d"
                    + " + %d)", k.name, down, bound, SCHEDULING_ALLOWANCE_MS, up, upBoundMs(k),
                    SCHEDULING_ALLOWANCE_MS));
        }
        for (Kind k : kinds.values()) {
            assertTrue(downMs.get(k.name) <= downBoundMs(k.failsByTimeout) + SCHEDULING_ALLOWANCE_MS,
                    k.name + " down after " + downMs.get(k.name) + " ms\n" + String.join("\n", report));
            assertTrue(upMs.get(k.name) <= upBoundMs(k) + SCHEDULING_ALLOWANCE_MS,
                    k.name + " up after " + upMs.get(k.name) + " ms\n" + String.join("\n", report));
        }
        for (Kind k : kinds.values()) {
            assertTrue(notifyLines().stream().noneMatch(l -> l.endsWith("DOWN " + k.name + "-survivor")),
                    "survivor of " + k.name + " never down: " + notifyLines());
        }
        // the same transitions on lvs_notify_fifo, in keepalived's line format
        Kind tcp = kinds.get("tcp");
        String vs = "[" + tcp.vip + "]:tcp:80";
        waitUntil(() -> fifoLines.contains("RS " + tcp.victimRs + " " + vs + " UP")
                && fifoLines.contains("RS " + tcp.victimRs + " " + vs + " DOWN"), 5_000, "fifo lines " + fifoLines);
        // and the SMTP alert of the TCP victim (smtp_alert) reached the mail server
        String subject = "Subject: [kj-e2e] Realserver " + tcp.victimRs + " of virtual server " + vs + " - DOWN";
        waitUntil(() -> mailhub.mails.stream().anyMatch(m -> m.contains(subject)
                && m.contains("=> TCP CHECK failed on service <=")), 10_000, "mail '" + subject + "' in "
                + mailhub.mails);
        assertEquals(1, child.count("IPVS not available"), child.output());
    }

    @Test
    @Order(3)
    void badServersAreMarkedDownCleanlyWhileTheOtherChecksKeepTheirRhythm() throws Exception {
        long windowStart = System.currentTimeMillis();
        Map<Behaviour, Long> since = new LinkedHashMap<>();
        for (Map.Entry<Behaviour, MisbehavingWebServer> e : misbehaving.entrySet()) {
            since.put(e.getKey(), System.currentTimeMillis());
            e.getValue().behaviour = e.getKey();
        }
        Map<Behaviour, Long> downMs = new LinkedHashMap<>();
        for (Behaviour b : misbehaving.keySet()) {
            downMs.put(b, waitForNotify("DOWN", label(b), since.get(b), 20_000) - since.get(b));
        }
        // keep watching a little longer: the bad servers are still being retried, the others must not notice
        Thread.sleep(2 * DELAY_LOOP_MS);
        long windowEnd = System.currentTimeMillis();
        for (Behaviour b : misbehaving.keySet()) {
            boolean timeout = b == Behaviour.NEVER_CLOSE;
            report.add(String.format("%-16s down after %5d ms (bound %d + %d)", b, downMs.get(b),
                    downBoundMs(timeout), SCHEDULING_ALLOWANCE_MS));
        }
        for (Behaviour b : misbehaving.keySet()) {
            boolean timeout = b == Behaviour.NEVER_CLOSE;
            assertTrue(downMs.get(b) <= downBoundMs(timeout) + SCHEDULING_ALLOWANCE_MS,
                    b + " down after " + downMs.get(b) + " ms\n" + String.join("\n", report));
        }
        assertSurvivorsKeptTheirRhythm(windowStart, windowEnd);
        // the garbage server was really read from (it got at least one connection while misbehaving)
        assertTrue(misbehaving.get(Behaviour.GARBAGE_10MB).arrivalsMs().stream().anyMatch(t -> t >= windowStart));
        assertTrue(child.isAlive(), "child still running");
        assertNoStackTrace();
        // the checks' own lines name each failure (keepalived's texts)
        assertTrue(child.count("HTTP_CHECK on service [" + SRV_IP + "]:tcp:10202 failed after 1 retries.") > 0,
                child.output());
        assertTrue(child.count("HTTP_CHECK on service [" + SRV_IP + "]:tcp:10204 failed after 1 retries.") > 0,
                child.output());
    }

    @Test
    @Order(4)
    void theChildStopsCleanlyOnTerm() throws Exception {
        int status = child.terminate(15_000);
        assertEquals(0, status, child.output());
        assertEquals(1, child.count("IPVS not available"), child.output());
        assertNoStackTrace();
        assertTrue(child.count("Shutting down service " + kinds.get("tcp").survivorRs) > 0, child.output());
    }

    // ------------------------------------------------------------------ bounds and observations

    static long downBoundMs(boolean failsByTimeout) {
        long bound = DELAY_LOOP_MS + RETRY * DELAY_BEFORE_RETRY_MS + CONNECT_TIMEOUT_MS;
        return failsByTimeout ? bound + RETRY * CONNECT_TIMEOUT_MS : bound;
    }

    /**
     * A stopped check retries every max(D, B) (HTTP) or D/B (the others) and may be inside an attempt that waits C;
     * HTTP_GET/SSL_GET then check every URL once more after D before saying up (keepalived's failed_url reset).
     */
    static long upBoundMs(Kind k) {
        long bound = Math.max(DELAY_LOOP_MS, DELAY_BEFORE_RETRY_MS) + CONNECT_TIMEOUT_MS;
        return k.name.startsWith("http") ? bound + DELAY_LOOP_MS : bound;
    }

    /** Every survivor that sees its checks (all but ping, which the kernel answers) saw one at least every period. */
    private static void assertSurvivorsKeptTheirRhythm(long fromMs, long toMs) {
        for (Kind k : kinds.values()) {
            if (k.survivor instanceof AddressServer) {
                continue;
            }
            List<Long> seen = new ArrayList<>();
            seen.add(fromMs);
            k.survivor.arrivalsMs().stream().filter(t -> t > fromMs && t <= toMs).forEach(seen::add);
            seen.add(toMs);
            long maxGap = 0;
            for (int i = 1; i < seen.size(); i++) {
                maxGap = Math.max(maxGap, seen.get(i) - seen.get(i - 1));
            }
            report.add(String.format("%-6s survivor: %d checks in %d ms, largest gap %d ms", k.name,
                    seen.size() - 2, toMs - fromMs, maxGap));
            assertTrue(maxGap <= MAX_HEALTHY_GAP_MS, k.name + " survivor: largest gap between checks " + maxGap
                    + " ms in " + (seen.size() - 2) + " checks; " + String.join("\n", report));
        }
    }

    private static void assertNoStackTrace() {
        for (String line : child.lines()) {
            assertTrue(!line.contains("Exception") && !line.trim().startsWith("at ") && !line.contains("Error:")
                            && !line.contains("event loop:"),
                    "no exception (and no loop handler failure)  in the child's log: " + line + "\n" + child.output());
        }
    }

    private static String label(Behaviour b) {
        return "bad-" + b.name().toLowerCase();
    }

    /** The lines notify scripts wrote: {@code <epoch ms> <argv...>}. */
    private static List<String> notifyLines() {
        try {
            Path log = dir.resolve("notify.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for {@code EVENT label} written at or after {@code sinceMs}; returns the script's own timestamp. */
    private static long waitForNotify(String event, String label, long sinceMs, long timeoutMs) throws Exception {
        long[] at = {-1};
        String suffix = " " + event + " " + label;
        waitUntil(() -> {
            for (String l : notifyLines()) {
                if (l.endsWith(suffix)) {
                    long t = Long.parseLong(l.substring(0, l.indexOf(' ')));
                    if (t >= sinceMs) {
                        at[0] = t;
                        return true;
                    }
                }
            }
            return false;
        }, timeoutMs, event + " of " + label + "; notify log: " + notifyLines());
        return at[0];
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long timeoutMs, String what)
            throws InterruptedException {
        child.waitFor(condition, timeoutMs, what);
    }

    // ------------------------------------------------------------------ lab plumbing

    /** PING_CHECK's "server": an address on the servers' link; stopping it removes the address (no echo reply). */
    static final class AddressServer extends Server {
        AddressServer(Netns ns, String address) throws IOException {
            super(ns, InetAddress.getByName(address), 80);
        }

        @Override
        void open() {
            ns.ip("addr", "add", address.getHostAddress() + "/24", "dev", "srv0");
        }

        @Override
        void shut() {
            ns.ip("addr", "del", address.getHostAddress() + "/24", "dev", "srv0");
        }
    }

    private static void writeScripts() throws IOException {
        writeScript("record.sh", "#!/bin/sh\necho \"$(date +%s%3N) $*\" >> " + dir.resolve("notify.log") + "\n");
        // MISC_CHECK: the script itself checks a real TCP server (bash's /dev/tcp connect)
        writeScript("misc-connect.sh", "#!/bin/bash\nexec 3<>/dev/tcp/" + SRV_IP + "/$1\n");
    }

    private static void writeScript(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String config() {
        StringBuilder c = new StringBuilder();
        c.append("global_defs {\n router_id kj-e2e\n enable_script_security\n script_user root\n")
                .append(" smtp_server ").append(SRV_IP).append(" 2525\n smtp_connect_timeout 5\n")
                .append(" notification_email {\n  ops@kj-e2e.example\n }\n")
                .append(" notification_email_from checker@kj-e2e.example\n")
                .append(" lvs_notify_fifo ").append(dir.resolve("lvs.fifo")).append("\n}\n");
        for (Kind k : kinds.values()) {
            c.append("virtual_server ").append(k.vip).append(" 80 {\n delay_loop ").append(DELAY_LOOP_MS / 1000)
                    .append("\n lb_algo rr\n lb_kind NAT\n protocol ").append(k.protocol).append('\n');
            realServer(c, k.victim, k.name + "-victim", k.checkerBlock, k.name.equals("tcp"));
            realServer(c, k.survivor, k.name + "-survivor", k.checkerBlock, false);
            c.append("}\n");
        }
        c.append("virtual_server 203.0.113.20 80 {\n delay_loop 1\n lb_algo rr\n lb_kind NAT\n protocol TCP\n");
        for (Map.Entry<Behaviour, MisbehavingWebServer> e : misbehaving.entrySet()) {
            String kind = e.getKey() == Behaviour.WRONG_TLS ? "SSL_GET" : "HTTP_GET";
            realServer(c, e.getValue(), label(e.getKey()), kind + " {\nurl {\npath /\nstatus_code 200\n}\n"
                    + timers() + "}", false);
        }
        c.append("}\n");
        return c.toString();
    }

    private static void realServer(StringBuilder c, Server s, String label, String checker, boolean smtpAlert) {
        c.append(" real_server ").append(s.address.getHostAddress()).append(' ').append(s.port).append(" {\n")
                .append("  notify_up \"").append(dir.resolve("record.sh")).append(" UP ").append(label).append("\"\n")
                .append("  notify_down \"").append(dir.resolve("record.sh")).append(" DOWN ").append(label)
                .append("\"\n");
        if (smtpAlert) {
            c.append("  smtp_alert\n");
        }
        // alpha: start down, so that the first success runs notify_up (and proves every check really passed)
        String body = checker.replace("PORT", Integer.toString(s.port));
        int brace = body.indexOf('{');
        c.append("  ").append(body, 0, brace + 1).append("\nalpha\n").append(body.substring(brace + 1))
                .append("\n }\n");
    }

    private static void readFifo(Path fifo) {
        try (InputStream in = new FileInputStream(fifo.toFile());
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                fifoLines.add(line);
            }
        } catch (IOException e) {
            // the child closed it
        }
    }

    /** A throw-away self-signed EC certificate made with the JDK's keytool (SSL_GET does not verify it). */
    private static SSLContext selfSignedTls(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/keytool", "-genkeypair", "-alias",
                "kj", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=kj-e2e.example", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "kj-e2e-pass")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "kj-e2e-pass".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "kj-e2e-pass".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
