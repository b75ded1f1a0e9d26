package org.keepalivedjava.checkers.genhash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** genhash (-T) against a JDK HttpServer: the digest equals md5sum of the body, and keepalived's own genhash. */
class GenHashTest {
    static final byte[] BODY = "genhash body\nsecond line\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/page", ex -> {
            ex.sendResponseHeaders(200, BODY.length);
            ex.getResponseBody().write(BODY);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = GenHash.run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
        return new String[] {String.valueOf(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    private static String exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "hung: " + String.join(" ", cmd));
        return out;
    }

    @Test
    void digestEqualsMd5sumOfTheBody() throws Exception {
        Path f = dir.resolve("body");
        Files.write(f, BODY);
        String md5sum = exec("md5sum", f.toString()).substring(0, 32);
        String[] r = run("-s", "127.0.0.1", "-p", String.valueOf(server.getAddress().getPort()), "-u", "/page");
        assertEquals("0", r[0]);
        assertEquals(md5sum + "\n", r[1]);
    }

    @Test
    void failureTextAndUsage() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String[] r = run("-s", "127.0.0.1", "-p", String.valueOf(closed), "-u", "/page");
        assertEquals("Connection failed\n", r[1]);
        String[] help = run("-h");
        assertTrue(help[2].startsWith("Usage: keepalived --genhash COMMAND [OPTIONS]"), help[2]);
        assertEquals("", help[1]);
        assertEquals("1", help[0], "keepalived 2.2.7 exits 1 after -T -h");
        assertEquals("1", run("-s", "not-an-ip", "-u", "/")[0]);
        assertEquals("1", run("-p", "99999", "-s", "127.0.0.1", "-u", "/")[0]);
    }

    @Test
    void verboseDumpsHeaderAndDigest() {
        String[] r = run("-v", "-s", "127.0.0.1", "-p", String.valueOf(server.getAddress().getPort()), "-u", "/page");
        assertTrue(r[1].contains("-----------------------[    HTTP Header Buffer    ]-----------------------"), r[1]);
        assertTrue(r[1].contains("0000  48 54 54 50 2f 31 2e 31 - 20 32 30 30 20 4f 4b 0d   HTTP/1.1 200 OK."), r[1]);
        assertTrue(r[1].contains("Global response time for [/page] = "), r[1]);
    }

    @Test
    void sameOutputAsKeepalivedsGenhash() throws Exception {
        Path keepalived = Path.of("/usr/sbin/keepalived");
        Assumptions.assumeTrue(Files.isExecutable(keepalived), "keepalived 2.2.7 is not installed here");
        String port = String.valueOf(server.getAddress().getPort());
        String theirs = exec(keepalived.toString(), "-T", "-s", "127.0.0.1", "-p", port, "-u", "/page");
        assertEquals(theirs, run("-s", "127.0.0.1", "-p", port, "-u", "/page")[1]);
    }
}
