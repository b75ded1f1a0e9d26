package org.keepalivedjava.os.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.check.BindOptions;
import org.keepalivedjava.os.check.IoResult;
import org.keepalivedjava.os.check.NativeCheckSockets;
import org.keepalivedjava.os.check.SocketFailure;
import org.keepalivedjava.os.check.StreamConnection;
import org.keepalivedjava.os.check.StreamListener;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;

/**
 * TLS over the loop against real servers on loopback: a JDK HttpsServer with a certificate made by keytool at test
 * time, and hostile servers (reset mid-handshake, plain-text garbage, silent close). The loop runs on a real clock;
 * its 30 s bound is only a hang guard.
 */
class TlsSocketTest {
    private static final String PASSWORD = "changeit";
    private static final String BODY = "hello over tls\n";

    @TempDir
    static Path dir;
    static Path serverKeystore;
    static Path serverCertPem;
    static SSLContext serverContext;

    private EventLoop loop;
    private NativeCheckSockets sockets;
    private HttpsServer https;
    private final List<String> sniSeen = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void makeCertificate() throws Exception {
        serverKeystore = dir.resolve("server.p12");
        serverCertPem = dir.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=kj-test.example", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", serverKeystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", serverKeystore.toString(),
                "-storepass", PASSWORD, "-file", serverCertPem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD.toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, p.exitValue(), out);
    }

    @BeforeEach
    void setUp() throws Exception {
        loop = new EventLoop(Clock.SYSTEM);
        sockets = new NativeCheckSockets(loop);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (https != null) {
            https.stop(0);
        }
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        loop.close();
    }

    private InetSocketAddress startHttps() throws Exception {
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        sniSeen.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                params.setSSLParameters(p);
            }
        });
        https.createContext("/", exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        return https.getAddress();
    }

    /** An HTTP/1.0 GET client: writes the request once connected, reads to EOF with a small buffer. */
    static final class HttpGet implements StreamListener {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        final ByteBuffer request = ByteBuffer.wrap("GET / HTTP/1.0\r\nHost: kj-test.example\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        final ByteBuffer in = ByteBuffer.allocate(10);
        SocketFailure failure;
        boolean done;

        String text() {
            return response.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void onConnected(StreamConnection c, long nowNs) {
            events.add("connected");
            onWritable(c, nowNs);
        }

        @Override
        public void onConnectFailed(StreamConnection c, SocketFailure f, long nowNs) {
            events.add("connect failed");
            failure = f;
            done = true;
        }

        @Override
        public void onReadable(StreamConnection c, long nowNs) {
            while (!done) {
                in.clear();
                int n = c.read(in);
                if (n > 0) {
                    response.write(in.array(), 0, n);
                } else if (n == IoResult.WOULD_BLOCK) {
                    return;
                } else {
                    events.add(IoResult.describe(n));
                    failure = c.failure();
                    c.close();
                    done = true;
                }
            }
        }

        @Override
        public void onWritable(StreamConnection c, long nowNs) {
            while (request.hasRemaining()) {
                int n = c.write(request);
                if (n < 0 && n != IoResult.WOULD_BLOCK) {
                    events.add("write " + IoResult.describe(n));
                    failure = c.failure();
                    c.close();
                    done = true;
                    return;
                }
                if (n <= 0) {
                    c.wantWritable(true);
                    return;
                }
            }
            c.wantWritable(false);
            events.add("request sent");
        }
    }

    private void runUntil(BooleanSupplier done, String what) {
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - guard > 0) {
                fail("hang guard: '" + what + "' not reached within 30 s");
            }
            loop.runOnce(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void httpGetOverTlsWithSniAndNoVerification() throws Exception {
        InetSocketAddress server = startHttps();
        HttpGet get = new HttpGet();
        TlsSocket tls = new TlsSocket(sockets, TlsContexts.noVerification(), get);
        tls.serverName("kj-test.example");

        tls.connect(server, BindOptions.NONE);
        runUntil(() -> get.done, "HTTPS response");

        assertEquals(List.of("connected", "request sent", "EOF"), get.events, String.valueOf(get.failure));
        assertTrue(get.text().startsWith("HTTP/1.1 200 OK\r\n"), get.text());
        assertTrue(get.text().endsWith("\r\n\r\n" + BODY), get.text());
        assertEquals(List.of("kj-test.example"), sniSeen);
        assertFalse(tls.isOpen());
        assertEquals(0, loop.registrationCount());
    }

    @Test
    void noSniUnlessAskedAndTheSocketIsReusable() throws Exception {
        InetSocketAddress server = startHttps();
        for (int round = 0; round < 2; round++) {
            HttpGet get = new HttpGet();
            TlsSocket tls = new TlsSocket(sockets, TlsContexts.noVerification(), get);
            tls.connect(server, BindOptions.NONE);
            runUntil(() -> get.done, "HTTPS response " + round);
            assertEquals(List.of("connected", "request sent", "EOF"), get.events, String.valueOf(get.failure));
        }
        assertEquals(List.of(), sniSeen);
    }

    @Test
    void verifiesAgainstTheCaFileWhenAsked() throws Exception {
        InetSocketAddress server = startHttps();
        HttpGet get = new HttpGet();
        TlsSocket tls = new TlsSocket(sockets, TlsContexts.forChecks(serverCertPem, null, null, null, true), get);
        tls.connect(server, BindOptions.NONE);
        runUntil(() -> get.done, "verified HTTPS response");
        assertEquals(List.of("connected", "request sent", "EOF"), get.events, String.valueOf(get.failure));
    }

    @Test
    void anUntrustedCertificateFailsTheHandshakeCleanly() throws Exception {
        InetSocketAddress server = startHttps();
        // Trust a different, freshly made certificate only.
        Path other = dir.resolve("other.p12");
        Path otherPem = dir.resolve("other.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", other.toString(), "-storepass", PASSWORD);
        run(keytool, "-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(), "-storepass", PASSWORD,
                "-file", otherPem.toString());
        HttpGet get = new HttpGet();
        TlsSocket tls = new TlsSocket(sockets, TlsContexts.forChecks(otherPem, null, null, null, true), get);

        tls.connect(server, BindOptions.NONE);
        runUntil(() -> get.done, "handshake outcome");

        assertEquals(List.of("connect failed"), get.events);
        assertTrue(get.failure.message().startsWith("TLS handshake: "), get.failure.message());
        assertTrue(get.failure.message().contains("PKIX"), get.failure.message());
        assertFalse(tls.isOpen());
        assertEquals(0, loop.registrationCount());
    }

    /** A TCP server that runs {@code behaviour} on its one connection. */
    private InetSocketAddress hostile(SocketBehaviour behaviour) throws Exception {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                behaviour.on(s);
            } catch (Exception ignored) {
                // the client's outcome is what the test checks
            }
        }, "hostile-server");
        t.setDaemon(true);
        t.start();
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    interface SocketBehaviour {
        void on(Socket s) throws Exception;
    }

    private HttpGet connectTo(InetSocketAddress server) {
        HttpGet get = new HttpGet();
        TlsSocket tls = new TlsSocket(sockets, TlsContexts.noVerification(), get);
        tls.connect(server, BindOptions.NONE);
        runUntil(() -> get.done, "handshake outcome");
        assertFalse(tls.isOpen());
        assertEquals(0, loop.registrationCount(), "the fd left the loop");
        return get;
    }

    private static void readClientHello(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        byte[] header = in.readNBytes(5); // TLS record header: type 22 (handshake), version, length
        assertEquals(22, header[0]);
    }

    @Test
    void aResetInTheMiddleOfTheHandshakeIsACleanFailure() throws Exception {
        HttpGet get = connectTo(hostile(s -> {
            readClientHello(s);
            s.setSoLinger(true, 0); // RST
        }));
        assertEquals(List.of("connect failed"), get.events);
        assertTrue(get.failure.message().startsWith("TLS handshake: "), get.failure.message());
        assertTrue(get.failure.message().contains("ECONNRESET"), get.failure.message());
    }

    @Test
    void plainTextGarbageInsteadOfAServerHelloIsACleanFailure() throws Exception {
        HttpGet get = connectTo(hostile(s -> {
            readClientHello(s);
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.getInputStream().read(); // hold the connection until the client gives up
        }));
        assertEquals(List.of("connect failed"), get.events);
        assertTrue(get.failure.message().startsWith("TLS handshake: "), get.failure.message());
        assertEquals(0, get.failure.errno());
    }

    @Test
    void aServerThatClosesSilentlyIsACleanFailure() throws Exception {
        HttpGet get = connectTo(hostile(TlsSocketTest::readClientHello));
        assertEquals(List.of("connect failed"), get.events);
        assertEquals("TLS handshake: the peer closed the connection", get.failure.message());
    }

    @Test
    void aRefusedConnectIsReportedAsSuch() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        HttpGet get = connectTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertEquals(List.of("connect failed"), get.events);
        assertTrue(get.failure.message().startsWith("connect: ECONNREFUSED"), get.failure.message());
    }

    @Test
    void aBadSniNameIsRefusedAtConfigurationTime() {
        TlsSocket tls = new TlsSocket(sockets, TlsContexts.noVerification(), new HttpGet());
        assertThrows(IllegalArgumentException.class, () -> tls.serverName("not a host"));
        assertThrows(IllegalArgumentException.class, () -> tls.serverName("a..b"));
    }
}
