package org.keepalivedjava.smtp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny SMTP server for the cases GreenMail cannot play: a TARPIT (accepts, never says a word), one that rejects
 * every RCPT with 550, and one that offers STARTTLS. It records every line the client sends, and the DATA. Test
 * code only; loopback only.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    enum Mode { TARPIT, REJECT_RCPT, STARTTLS }

    private final Mode mode;
    private final SSLContext tls;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger connections = new AtomicInteger();
    /** Client lines, prefixed "N< " with N the connection number; ">> TLS" marks the handshake. */
    final List<String> transcript = Collections.synchronizedList(new ArrayList<>());
    /** Each completed DATA, CRLFs kept, without the final ".". */
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());

    ScriptedSmtpServer(Mode mode, SSLContext tls) throws IOException {
        this.mode = mode;
        this.tls = tls;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + mode);
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                sockets.add(s);
                int n = connections.incrementAndGet();
                if (mode != Mode.TARPIT) {
                    Thread t = new Thread(() -> converse(s, n), "scripted-smtp-conn-" + n);
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket socket, int n) {
        try {
            Socket s = socket;
            BufferedReader in = reader(s);
            OutputStream out = s.getOutputStream();
            reply(out, "220 scripted ESMTP");
            boolean inData = false;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (inData) {
                    if (line.equals(".")) {
                        inData = false;
                        messages.add(data.toString());
                        data.setLength(0);
                        reply(out, "250 2.0.0 queued");
                    } else {
                        data.append(line).append("\r\n");
                    }
                    continue;
                }
                transcript.add(n + "< " + line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO":
                        if (mode == Mode.STARTTLS && !(s instanceof SSLSocket)) {
                            reply(out, "250-scripted");
                            reply(out, "250 STARTTLS");
                        } else {
                            reply(out, "250 scripted");
                        }
                        break;
                    case "STAR":
                        reply(out, "220 2.0.0 go ahead");
                        SSLSocket tlsSocket = (SSLSocket) tls.getSocketFactory().createSocket(s,
                                s.getInetAddress().getHostAddress(), s.getPort(), true);
                        tlsSocket.setUseClientMode(false);
                        tlsSocket.startHandshake();
                        transcript.add(n + "< >> TLS");
                        s = tlsSocket;
                        in = reader(s);
                        out = s.getOutputStream();
                        break;
                    case "RCPT":
                        reply(out, mode == Mode.REJECT_RCPT ? "550 5.1.1 no such user here" : "250 2.1.5 ok");
                        break;
                    case "DATA":
                        inData = true;
                        reply(out, "354 end with .");
                        break;
                    case "QUIT":
                        reply(out, "221 2.0.0 bye");
                        s.close();
                        return;
                    default:
                        reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // The client went away; the transcript says how far it got.
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    List<String> transcript() {
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
