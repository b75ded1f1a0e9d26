package org.keepalivedjava.checkers.check.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;

/** SMTP_CHECK against a scripted SMTP peer, SSL_GET against a JDK HttpsServer, FILE_CHECK on a temp file. */
class StreamAndFileChecksTest {
    static final InetAddress LO = InetAddress.getLoopbackAddress();
    static final long S = Harness.S;
    static final String BODY = "over tls\n";

    @TempDir
    static Path dir;
    static SSLContext serverContext;

    @BeforeAll
    static void certificate() throws Exception {
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=kj-test.example", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                ks.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
    }

    private static ScriptedServer smtp(String banner, String heloReply, List<String> seen) throws Exception {
        return new ScriptedServer((s, srv) -> {
            OutputStream out = s.getOutputStream();
            out.write((banner + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            seen.add(ScriptedServer.readLine(s));
            out.write((heloReply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            seen.add(ScriptedServer.readLine(s));
            out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
    }

    @Test
    void smtpDialogueUpWithHeloNameAndBadBannerDown() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Harness h = new Harness(); ScriptedServer good = smtp("220 mx.example ESMTP", "250 hello", seen)) {
            var config = new CheckerConfig.SmtpCheck(Harness.common(LO, good.port(), 0, 1, 10, true), "checker.example",
                    null);
            SmtpCheckFsm check = (SmtpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertTrue(check.isUp(), h.log::toString);
            assertEquals(List.of("HELO checker.example\r", "QUIT\r"), seen);
            assertEquals("Remote SMTP server [127.0.0.1]:tcp:" + good.port() + " succeed on service.", h.log.get(0));
            assertEquals(List.of(new Harness.Event(true, "=> CHECK succeed on service <=", -1, h.now())), h.events);
        }
        try (Harness h = new Harness(); ScriptedServer bad = smtp("554 go away", "250 hello", seen)) {
            var config = new CheckerConfig.SmtpCheck(Harness.common(LO, bad.port(), 0, 1, 10, false), null, null);
            SmtpCheckFsm check = (SmtpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertFalse(check.isUp());
            String server = "[127.0.0.1]:tcp:" + bad.port();
            assertEquals("SMTP_CHECK Bad greeting banner from server " + server, h.log.get(0));
            assertEquals(List.of(new Harness.Event(false, "=> CHECK failed on service : Bad greeting banner from server "
                    + server + " <=", -1, h.now())), h.events);
        }
    }

    @Test
    void sslGetAgainstHttpsServerAndAPlainServerAnsweringTlsWrongly() throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(LO, 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        https.createContext("/", ex -> {
            byte[] b = BODY.getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        https.start();
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(BODY.getBytes(StandardCharsets.US_ASCII)));
        try (Harness h = new Harness()) {
            var url = new CheckerConfig.Url("/", List.of(digest), List.of(new CheckerConfig.StatusRange(200, 299)),
                    "kj-test.example", null, false, List.of(), 0, 0, null);
            var config = new CheckerConfig.HttpCheck(true, Harness.common(LO, https.getAddress().getPort(), 0, 1, 10,
                    true), "1.1", true, false, List.of(url), null);
            HttpCheckFsm check = (HttpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertTrue(check.isUp(), h.log::toString);
        } finally {
            https.stop(0);
        }
        try (Harness h = new Harness(); ScriptedServer plain = new ScriptedServer((s, srv) -> {
            s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\nnot tls at all\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        })) {
            var url = new CheckerConfig.Url("/", List.of(), List.of(new CheckerConfig.StatusRange(200, 299)), null,
                    null, false, List.of(), 0, 0, null);
            var config = new CheckerConfig.HttpCheck(true, Harness.common(LO, plain.port(), 0, 1, 10, false), null,
                    false, false, List.of(url), null);
            HttpCheckFsm check = (HttpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertFalse(check.isUp());
            assertEquals("SSL handshake/communication error connecting to server [127.0.0.1]:tcp:" + plain.port() + ".",
                    h.log.get(0));
            assertEquals(0, h.loop.registrationCount());
        }
    }

    @Test
    void fileCheckFollowsTheTrackFile() throws Exception {
        Path f = dir.resolve("weight");
        Files.writeString(f, "0\n");
        try (Harness h = new Harness()) {
            Checks.Target target = new Checks.Target("[192.0.2.10]:tcp:80", "[192.0.2.1]:tcp:80", null,
                    name -> "tf".equals(name) ? new Checks.TrackFile("tf", f, 0, false) : null);
            FileCheckFsm down = (FileCheckFsm) Checks.create(new CheckerConfig.FileCheck("tf", 0, false, false, null),
                    h.context, h, target);
            FileCheckFsm weighted = (FileCheckFsm) Checks.create(new CheckerConfig.FileCheck("tf", 10, true, false,
                    null), h.context, new Harness(), target);
            down.start(h.now());
            weighted.start(h.now());
            assertTrue(down.isUp());
            Files.writeString(f, "3");
            h.clock.advanceNs(FileCheckFsm.POLL_INTERVAL_NS);
            h.loop.runOnce(0);
            assertFalse(down.isUp(), "weight 0 (the checker's, else the track_file's): a non-zero value is a fault");
            assertEquals(List.of(new Harness.Event(false, "=> FILE CHECK failed on service <=", -1, h.now())), h.events);
            assertEquals(-30, weighted.weightOffset(), "3 x weight 10, reversed");
            assertTrue(weighted.isUp());
            assertEquals(3, FileCheckFsm.parse(" 3x".getBytes(StandardCharsets.US_ASCII), 3));
            assertEquals(0, FileCheckFsm.parse("abc".getBytes(StandardCharsets.US_ASCII), 3));
        }
    }
}
