package org.keepalivedjava.checkers.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.keepalivedjava.os.testing.Netns;

/**
 * Small real servers for the end-to-end tests, each bound inside a network namespace (the socket is created on a
 * thread that entered it, {@link Netns#call}) and served by ordinary threads of the test JVM. Each can be stopped
 * (its socket closed, so the kernel refuses or answers "port unreachable") and started again on the same port, and
 * records when a check reached it ({@link #arrivalsMs}) so a test can see that checks keep their rhythm.
 */
final class RealServers {
    private RealServers() {
    }

    /** A server a test can stop and start again. */
    abstract static class Server implements AutoCloseable {
        final Netns ns;
        final InetAddress address;
        final int port;
        private final List<Long> arrivalsMs = new CopyOnWriteArrayList<>();
        private volatile boolean running;

        Server(Netns ns, InetAddress address, int port) {
            this.ns = ns;
            this.address = address;
            this.port = port;
        }

        final synchronized void start() throws Exception {
            if (!running) {
                ns.call(() -> {
                    open();
                    return null;
                });
                running = true;
            }
        }

        final synchronized void stop() {
            if (running) {
                running = false;
                shut();
            }
        }

        @Override
        public final void close() {
            stop();
        }

        /** Wall-clock times (ms) at which a check reached this server. */
        final List<Long> arrivalsMs() {
            return List.copyOf(arrivalsMs);
        }

        final void arrived() {
            arrivalsMs.add(System.currentTimeMillis());
        }

        /** Called on a thread inside the namespace: create and bind the socket, start serving. */
        abstract void open() throws IOException;

        abstract void shut();

        static Thread daemon(String name, Runnable body) {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        static void closeQuietly(AutoCloseable c) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing on the way out
            }
        }
    }

    /** A stream server: one thread accepts, one thread per connection runs {@link #serve}. */
    abstract static class StreamServer extends Server {
        private volatile ServerSocket listener;
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        StreamServer(Netns ns, InetAddress address, int port) {
            super(ns, address, port);
        }

        @Override
        void open() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port), 128);
            listener = s;
            daemon("accept-" + port, () -> acceptLoop(s));
        }

        private void acceptLoop(ServerSocket s) {
            while (!s.isClosed()) {
                try {
                    Socket c = s.accept();
                    arrived();
                    open.add(c);
                    daemon("conn-" + port, () -> {
                        try {
                            serve(c);
                        } catch (IOException e) {
                            // the checker went away first: fine
                        } finally {
                            if (!keepOpen()) {
                                closeQuietly(c);
                                open.remove(c);
                            }
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        }

        /** Whether {@link #serve} leaves the connection open on purpose (closed by {@link #shut} only). */
        boolean keepOpen() {
            return false;
        }

        abstract void serve(Socket c) throws IOException;

        @Override
        void shut() {
            closeQuietly(listener);
            for (Socket c : open) {
                closeQuietly(c);
            }
            open.clear();
        }
    }

    /** TCP_CHECK's peer (and MISC_CHECK's script's): accepts and closes. */
    static final class TcpListener extends StreamServer {
        TcpListener(Netns ns, InetAddress address, int port) {
            super(ns, address, port);
        }

        @Override
        void serve(Socket c) {
            // accepted: that is all a TCP_CHECK asks
        }
    }

    /**
     * A scripted SMTP server: 220 banner, 250 for every command, 354 for DATA then 250 after the lone ".", 221 on
     * QUIT. Serves SMTP_CHECK's HELO/QUIT dialogue and keeps the mails it receives (the child's SMTP alerts).
     */
    static final class SmtpResponder extends StreamServer {
        final List<String> mails = new CopyOnWriteArrayList<>();

        SmtpResponder(Netns ns, InetAddress address, int port) {
            super(ns, address, port);
        }

        @Override
        void serve(Socket c) throws IOException {
            c.setSoTimeout(10_000);
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            write(out, "220 kj-e2e ESMTP ready\r\n");
            StringBuilder mail = null;
            String line;
            while ((line = readLine(in)) != null) {
                if (mail != null) {
                    if (line.equals(".")) {
                        mails.add(mail.toString());
                        mail = null;
                        write(out, "250 queued\r\n");
                    } else {
                        mail.append(line).append('\n');
                    }
                } else if (line.regionMatches(true, 0, "DATA", 0, 4)) {
                    mail = new StringBuilder();
                    write(out, "354 go ahead\r\n");
                } else if (line.regionMatches(true, 0, "QUIT", 0, 4)) {
                    write(out, "221 bye\r\n");
                    return;
                } else {
                    write(out, "250 ok\r\n");
                }
            }
        }
    }

    /** UDP_CHECK's peer: echoes every datagram. */
    static final class UdpEcho extends DatagramServer {
        UdpEcho(Netns ns, InetAddress address, int port) {
            super(ns, address, port);
        }

        @Override
        byte[] answer(byte[] query, int length) {
            return java.util.Arrays.copyOf(query, length);
        }
    }

    /** DNS_CHECK's peer: answers every query with one A record (192.0.2.53), RCODE 0 (RFC 1035 §4.1). */
    static final class DnsResponder extends DatagramServer {
        DnsResponder(Netns ns, InetAddress address, int port) {
            super(ns, address, port);
        }

        @Override
        byte[] answer(byte[] q, int length) {
            if (length < 12) {
                return null;
            }
            int qEnd = 12;
            while (qEnd < length && q[qEnd] != 0) {
                qEnd += (q[qEnd] & 0xff) + 1;
            }
            qEnd += 5; // the root label, QTYPE, QCLASS
            if (qEnd > length) {
                return null;
            }
            ByteBuffer r = ByteBuffer.allocate(qEnd + 16);
            r.put(q, 0, 2).putShort((short) 0x8580).putShort((short) 1).putShort((short) 1)
                    .putShort((short) 0).putShort((short) 0);
            r.put(q, 12, qEnd - 12);
            r.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4)
                    .put(new byte[] {(byte) 192, 0, 2, 53});
            return r.array();
        }
    }

    abstract static class DatagramServer extends Server {
        private volatile DatagramSocket socket;

        DatagramServer(Netns ns, InetAddress address, int port) {
            super(ns, address, port);
        }

        @Override
        void open() throws IOException {
            DatagramSocket s = new DatagramSocket(null);
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
            socket = s;
            daemon("udp-" + port, () -> {
                byte[] buf = new byte[2048];
                while (!s.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        s.receive(p);
                        arrived();
                        byte[] a = answer(p.getData(), p.getLength());
                        if (a != null) {
                            s.send(new DatagramPacket(a, a.length, p.getSocketAddress()));
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        abstract byte[] answer(byte[] query, int length);

        @Override
        void shut() {
            closeQuietly(socket);
        }
    }

    /** HTTP_GET's / SSL_GET's peer: the JDK's HttpServer / HttpsServer, 200 with a small body. */
    static final class JdkWebServer extends Server {
        static final byte[] BODY = "kj-e2e ok\n".getBytes(StandardCharsets.US_ASCII);
        private final SSLContext tls;
        private volatile HttpServer server;

        JdkWebServer(Netns ns, InetAddress address, int port, SSLContext tls) {
            super(ns, address, port);
            this.tls = tls;
        }

        @Override
        void open() throws IOException {
            HttpServer s;
            if (tls != null) {
                HttpsServer https = HttpsServer.create(new InetSocketAddress(address, port), 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                s = https;
            } else {
                s = HttpServer.create(new InetSocketAddress(address, port), 64);
            }
            s.createContext("/", exchange -> {
                arrived();
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, BODY.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(BODY);
                }
            });
            s.start();
            server = s;
        }

        @Override
        void shut() {
            HttpServer s = server;
            if (s != null) {
                s.stop(0);
            }
        }
    }

    /** What a {@link MisbehavingWebServer} does with the next connections. */
    enum Behaviour {
        /** Reads the request, answers 200 with a small body, closes (TLS first when it is a TLS server). */
        WELL,
        /** Sends 10 MB of bytes that never end an HTTP header (no CR or LF), then closes. */
        GARBAGE_10MB,
        /** Reads the request, sends half a status line, then nothing, never closing. */
        NEVER_CLOSE,
        /** Sends the start of a response header, then resets the connection (SO_LINGER 0). */
        RESET_MID_HEADER,
        /** On a TLS port: answers the ClientHello with plain-text HTTP instead of a ServerHello. */
        WRONG_TLS
    }

    /**
     * A web server whose behaviour a test switches at run time: well-behaved first (so the checker has it up),
     * then one of the bad behaviours of issue 6's "bad input" list.
     */
    static final class MisbehavingWebServer extends StreamServer {
        static final int GARBAGE_BYTES = 10 * 1024 * 1024;
        private final SSLContext tls;
        volatile Behaviour behaviour = Behaviour.WELL;

        MisbehavingWebServer(Netns ns, InetAddress address, int port, SSLContext tls) {
            super(ns, address, port);
            this.tls = tls;
        }

        @Override
        boolean keepOpen() {
            return behaviour == Behaviour.NEVER_CLOSE;
        }

        @Override
        void serve(Socket c) throws IOException {
            c.setSoTimeout(10_000);
            Behaviour b = behaviour;
            switch (b) {
                case WELL -> {
                    Socket s = c;
                    if (tls != null) {
                        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(c, null, true);
                        ssl.setUseClientMode(false);
                        ssl.startHandshake();
                        s = ssl;
                    }
                    readHeader(s.getInputStream());
                    write(s.getOutputStream(), "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n");
                    s.close();
                }
                case GARBAGE_10MB -> {
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) ('!' + (i * 7919) % 94);
                    }
                    OutputStream out = c.getOutputStream();
                    for (int sent = 0; sent < GARBAGE_BYTES; sent += chunk.length) {
                        out.write(chunk);
                    }
                }
                case NEVER_CLOSE -> {
                    readHeader(c.getInputStream());
                    write(c.getOutputStream(), "HTTP/1.0 20");
                }
                case RESET_MID_HEADER -> {
                    readHeader(c.getInputStream());
                    write(c.getOutputStream(), "HTTP/1.0 200 OK\r\nContent-Ty");
                    c.setSoLinger(true, 0);
                    c.close();
                }
                case WRONG_TLS -> {
                    c.getInputStream().read(new byte[512]);
                    write(c.getOutputStream(), "HTTP/1.0 400 Bad Request\r\n\r\nthis is not TLS\n");
                }
                default -> throw new IllegalStateException(b.toString());
            }
        }
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One CRLF- or LF-terminated line without its terminator, or null at the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int n = s.length();
                return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
            }
            s.append((char) b);
        }
        return s.length() == 0 ? null : s.toString();
    }

    /** Reads up to the blank line ending a request header. */
    static void readHeader(InputStream in) throws IOException {
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            // the request line and headers are not looked at
        }
    }

    /** Everything a test started, for one-call cleanup. */
    static final class All implements AutoCloseable {
        private final List<Server> servers = new ArrayList<>();

        <S extends Server> S add(S s) throws Exception {
            servers.add(s);
            s.start();
            return s;
        }

        @Override
        public void close() {
            for (Server s : servers) {
                s.stop();
            }
        }
    }
}
