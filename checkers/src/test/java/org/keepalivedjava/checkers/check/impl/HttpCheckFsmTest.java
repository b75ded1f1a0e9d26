package org.keepalivedjava.checkers.check.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;

/** HTTP_GET against scripted loopback servers; timeouts on a manual clock. */
class HttpCheckFsmTest {
    static final InetAddress LO = InetAddress.getLoopbackAddress();
    static final long S = Harness.S;
    static final String BODY = "<html>keepalived-java says hello</html>\n";

    @TempDir
    Path dir;

    static CheckerConfig.Url url(String path, List<String> digests, String regex, boolean noMatch) {
        return new CheckerConfig.Url(path, digests, List.of(new CheckerConfig.StatusRange(200, 299)), null, regex,
                noMatch, List.of(), 0, 0, null);
    }

    static CheckerConfig.HttpCheck http(int port, long retry, String protocol, CheckerConfig.Url... urls) {
        return new CheckerConfig.HttpCheck(false, Harness.common(LO, port, retry, 3, 10, false), protocol, false, false,
                List.of(urls), null);
    }

    static void respond(Socket s, String status, String body, boolean splitEveryByte) throws Exception {
        byte[] b = ("HTTP/1.0 " + status + "\r\nContent-Length: " + body.length() + "\r\nServer: scripted\r\n\r\n"
                + body).getBytes(StandardCharsets.ISO_8859_1);
        OutputStream out = s.getOutputStream();
        if (splitEveryByte) {
            s.setTcpNoDelay(true);
            for (byte x : b) {
                out.write(x);
                out.flush();
            }
        } else {
            out.write(b);
        }
        out.flush();
    }

    /** The digest as `md5sum` prints it for the body. */
    String md5sum(String body) throws Exception {
        Path f = dir.resolve("body");
        Files.writeString(f, body, StandardCharsets.ISO_8859_1);
        Process p = new ProcessBuilder("md5sum", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.substring(0, 32);
    }

    @Test
    void requestIsExactlyKeepalivedsForEachProtocol() {
        InetSocketAddress v4 = new InetSocketAddress(LO, 8080);
        assertEquals("GET /x HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:8080\r\n\r\n",
                HttpCheckFsm.request("/x", null, null, v4));
        assertEquals("GET /x HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: www.example\r\n\r\n",
                HttpCheckFsm.request("/x", "www.example", "1.0C", v4));
        assertEquals("GET /x HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: [2001:db8::1]:80\r\n\r\n",
                HttpCheckFsm.request("/x", null, "1.1", new InetSocketAddress(v6("2001:db8::1"), 80)));
    }

    @Test
    void digestOfBodySplitAtEveryByteEqualsMd5sumAndServerIsUp() throws Exception {
        String digest = md5sum(BODY);
        try (Harness h = new Harness();
             ScriptedServer server = new ScriptedServer((s, srv) -> {
                 srv.readRequest(s);
                 respond(s, "200 OK", BODY, true);
             })) {
            var config = new CheckerConfig.HttpCheck(false, Harness.common(LO, server.port(), 1, 3, 10, true), "1.1",
                    false, false, List.of(url("/index.html", List.of(digest), null, false)), null);
            HttpCheckFsm check = (HttpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertTrue(check.isUp(), h.log::toString);
            String rs = "[127.0.0.1]:tcp:" + server.port();
            assertEquals(List.of("MD5 digest success to " + rs + " url(/index.html)",
                    "Remote Web server " + rs + " succeed on service."), h.log);
            assertEquals(List.of(new Harness.Event(true, "=> CHECK succeed on service <=", -1, h.now())), h.events);
            assertEquals("GET /index.html HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: "
                    + "127.0.0.1:" + server.port() + "\r\n\r\n", server.requests.get(0));
            assertEquals(h.now() + 10 * S, check.nextAttemptAtNs());
        }
    }

    @Test
    void checksInterleavingOnTheSharedReadBufferEachDigestTheirOwnBody() throws Exception {
        String bodyA = "A".repeat(3000) + "\n";
        String bodyB = "<b>" + "b".repeat(20_000) + "</b>\n"; // longer than one read buffer
        String digestA = md5sum(bodyA);
        String digestB = md5sum(bodyB);
        try (Harness h = new Harness();
             ScriptedServer a = new ScriptedServer((s, srv) -> {
                 srv.readRequest(s);
                 respond(s, "200 OK", bodyA, true);
             });
             ScriptedServer b = new ScriptedServer((s, srv) -> {
                 srv.readRequest(s);
                 respond(s, "200 OK", bodyB, false);
             })) {
            HttpCheckFsm checkA = (HttpCheckFsm) Checks.create(new CheckerConfig.HttpCheck(false,
                    Harness.common(LO, a.port(), 0, 3, 10, true), "1.0", false, false,
                    List.of(url("/a", List.of(digestA), null, false)), null), h.context, h);
            HttpCheckFsm checkB = (HttpCheckFsm) Checks.create(new CheckerConfig.HttpCheck(false,
                    Harness.common(LO, b.port(), 0, 3, 10, true), "1.0", false, false,
                    List.of(url("/b", List.of(digestB), null, false)), null), h.context, h);
            checkA.start(h.now());
            checkB.start(h.now());
            h.runUntil(() -> checkA.attempts() > 0 && checkA.phase() == CheckFsm.Phase.WAITING
                    && checkB.attempts() > 0 && checkB.phase() == CheckFsm.Phase.WAITING, "both attempts ended");
            assertTrue(checkA.isUp(), h.log::toString);
            assertTrue(checkB.isUp(), h.log::toString);
            assertTrue(h.log.contains("MD5 digest success to [127.0.0.1]:tcp:" + a.port() + " url(/a)"), h.log::toString);
            assertTrue(h.log.contains("MD5 digest success to [127.0.0.1]:tcp:" + b.port() + " url(/b)"), h.log::toString);
        }
    }

    @Test
    void readerDigestsADirectBufferAsAHeapOne() throws Exception {
        byte[] response = ("HTTP/1.0 200 OK\r\n\r\n" + "x".repeat(10_000)).getBytes(StandardCharsets.US_ASCII);
        HttpResponseReader heap = new HttpResponseReader();
        heap.reset(true, false);
        heap.accept(ByteBuffer.wrap(response));
        HttpResponseReader direct = new HttpResponseReader();
        direct.reset(true, false);
        ByteBuffer d = ByteBuffer.allocateDirect(response.length);
        d.put(response).flip();
        direct.accept(d);
        assertEquals(10_000, direct.bodyBytes());
        assertEquals(HexFormat.of().formatHex(heap.digest()), HexFormat.of().formatHex(direct.digest()));
    }

    @Test
    void readerGivesTheSameVerdictForEverySplit() throws Exception {
        byte[] response = ("HTTP/1.1 201 Created\r\ncontent-length: 5\r\n\r\nhelloEXTRA")
                .getBytes(StandardCharsets.US_ASCII);
        String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest("hello".getBytes(StandardCharsets.US_ASCII)));
        HttpResponseReader r = new HttpResponseReader();
        for (int split = 0; split <= response.length; split++) {
            r.reset(true, true);
            r.accept(ByteBuffer.wrap(response, 0, split));
            r.accept(ByteBuffer.wrap(response, split, response.length - split));
            assertTrue(r.headersDone(), "split " + split);
            assertEquals(201, r.statusCode());
            assertEquals(5, r.contentLength());
            assertEquals(10, r.bodyBytes());
            assertEquals(expected, HexFormat.of().formatHex(r.digest()), "digest covers Content-Length only");
            assertEquals("helloEXTRA", new String(r.regexWindow(), 0, r.regexWindowLength(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void wrongStatusWrongDigestAndRegexNoMatchFailWithKeepalivedsTexts() throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, srv) -> {
            String req = srv.readRequest(s);
            respond(s, req.startsWith("GET /missing") ? "404 Not Found" : "200 OK", BODY, false);
        })) {
            assertFailure(http(server.port(), 0, null, url("/missing", List.of(), null, false)), "HTTP status code error to");
            assertFailure(http(server.port(), 0, null, url("/", List.of("00112233445566778899aabbccddeeff"), null, false)),
                    "MD5 digest error to");
            assertFailure(http(server.port(), 0, null, url("/", List.of(), "says h[ae]llo", true)), "Regex match failed");
            assertFailure(http(server.port(), 0, null, url("/", List.of(), "nothing here", false)), "Regex match failed");
        }
    }

    private void assertFailure(CheckerConfig.HttpCheck config, String debugMsg) throws Exception {
        try (Harness h = new Harness()) {
            HttpCheckFsm check = (HttpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertFalse(check.isUp(), debugMsg);
            String rs = "[127.0.0.1]:tcp:" + config.common().connectPort();
            assertEquals(List.of(debugMsg + " server " + rs + ".", "HTTP_CHECK on service " + rs + " failed."), h.log);
            assertEquals(List.of(new Harness.Event(false, "=> CHECK failed on service : HTTP request failed <=", -1,
                    h.now())), h.events);
            assertEquals(h.now() + 10 * S, check.nextAttemptAtNs(), "max(delay_loop, delay_before_retry)");
        }
    }

    @Test
    void regexMatchUpAndMultipleUrlsAreCheckedOnePerDelayLoop() throws Exception {
        try (Harness h = new Harness();
             ScriptedServer server = new ScriptedServer((s, srv) -> {
                 srv.readRequest(s);
                 respond(s, "200 OK", BODY, false);
             })) {
            var config = http(server.port(), 1, null, url("/a", List.of(), "says h[ae]llo", false),
                    url("/b", List.of(), null, false));
            HttpCheckFsm check = (HttpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertEquals(1, check.urlIndex(), "the next url comes after delay_loop");
            assertEquals(h.now() + 10 * S, check.nextAttemptAtNs());
            assertTrue(h.log.isEmpty(), "up from the start: no success line until all urls passed " + h.log);
            h.nextAttempt(check);
            assertEquals(0, check.urlIndex());
            assertTrue(h.log.get(0).startsWith("Remote Web server"), h.log::toString);
            assertEquals(2, server.requests.size());
        }
    }

    @Test
    void resetMidHeaderGarbageNeverClosingAndSilenceAllFailCleanly() throws Exception {
        ScriptedServer.Script reset = (s, srv) -> {
            srv.readRequest(s);
            s.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoLinger(true, 0); // RST
        };
        ScriptedServer.Script garbage = (s, srv) -> {
            srv.readRequest(s);
            byte[] chunk = new byte[65536];
            new java.util.Random(1).nextBytes(chunk);
            for (int i = 0; i < 160; i++) { // 10 MiB
                s.getOutputStream().write(chunk);
            }
        };
        CountDownLatch release = new CountDownLatch(1);
        ScriptedServer.Script neverCloses = (s, srv) -> {
            srv.readRequest(s);
            respond(s, "200 OK", BODY, false);
            release.await(60, TimeUnit.SECONDS);
        };
        ScriptedServer.Script silent = (s, srv) -> {
            srv.readRequest(s);
            release.await(60, TimeUnit.SECONDS);
        };
        try {
            assertFailsWith(reset, false, "Read error with");
            assertFailsWith(garbage, false, "Read, no data received from ");
            assertFailsWith(neverCloses, true, "Timeout HTTP read");
            assertFailsWith(silent, true, "Timeout WEB read");
        } finally {
            release.countDown();
        }
    }

    private void assertFailsWith(ScriptedServer.Script script, boolean needsTimeout, String debugMsg) throws Exception {
        try (Harness h = new Harness(); ScriptedServer server = new ScriptedServer(script)) {
            HttpCheckFsm check = (HttpCheckFsm) Checks.create(http(server.port(), 0, null, url("/", List.of(), null,
                    false)), h.context, h);
            check.start(h.now());
            h.loop.runOnce(0);
            if (needsTimeout) {
                h.runUntil(() -> !server.requests.isEmpty(), "request received");
                h.runUntil(() -> check.state() == HttpCheckFsm.State.READING
                        || (debugMsg.contains("WEB") && check.state() == HttpCheckFsm.State.AWAITING_RESPONSE),
                        "reading");
                h.expireStep(check, 5 * S);
            } else {
                h.runUntil(() -> check.phase() == CheckFsm.Phase.WAITING, "attempt ended");
            }
            assertFalse(check.isUp());
            String rs = "[127.0.0.1]:tcp:" + server.port();
            assertEquals(debugMsg + " server " + rs + ".", h.log.get(0));
            assertEquals(0, h.loop.registrationCount(), "socket closed");
        }
    }

    @Test
    void refusedConnectionFailsAndADownServerIsNotRetried() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, LO)) {
            port = s.getLocalPort();
        }
        try (Harness h = new Harness()) {
            HttpCheckFsm check = (HttpCheckFsm) Checks.create(http(port, 1, null, url("/", List.of(), null, false)),
                    h.context, h);
            check.start(h.now());
            h.nextAttempt(check);
            assertTrue(check.isUp(), "first failure: retry 1 of 1");
            assertEquals(h.now() + 3 * S, check.nextAttemptAtNs());
            h.nextAttempt(check);
            assertFalse(check.isUp());
            assertTrue(h.log.contains("HTTP_CHECK on service [127.0.0.1]:tcp:" + port + " failed after 1 retries."),
                    h.log::toString);
            assertEquals(0, check.failedUrl());
            h.nextAttempt(check);
            assertEquals(h.now() + 10 * S, check.nextAttemptAtNs(), "known down: no retry, max(delay_loop, dbr)");
            assertTrue(h.log.get(0).startsWith("Connection failed server"), h.log::toString);
        }
    }

    private static InetAddress v6(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
