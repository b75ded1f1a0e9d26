package org.keepalivedjava.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab's service host, run inside the lab's network namespace ({@code ip netns exec}) by the lab: an SMTP sink
 * and the real servers, each an HTTP responder on its own address (the JDK's {@code com.sun.net.httpserver}, so
 * a machine with only a Java runtime can run the lab). One JVM for all of them keeps the lab light on small
 * machines.
 *
 * <p>Protocol with the lab, one line each: stdout {@code READY}, {@code MAIL to=... subject=...},
 * {@code HTTP ADDR:PORT up|down}; stdin {@code stop ADDR:PORT}, {@code start ADDR:PORT}. It exits when stdin
 * closes, so it never outlives the lab (even one that was SIGKILLed).
 *
 * <p>Usage: {@code LabServices --smtp ADDR:PORT [--http ADDR:PORT]...}
 */
public final class LabServices {
    private final PrintStream out;
    private final Map<String, HttpServer> http = new LinkedHashMap<>();

    private LabServices(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        LabServices s = new LabServices(new PrintStream(System.out, true, StandardCharsets.UTF_8));
        String smtp = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--smtp" -> smtp = args[i + 1];
                case "--http" -> s.startHttp(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (smtp != null) {
            s.startSmtp(smtp);
        }
        s.say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            if (w.length == 2 && w[0].equals("stop")) {
                s.stopHttp(w[1]);
            } else if (w.length == 2 && w[0].equals("start")) {
                s.startHttp(w[1]);
            }
        }
        System.exit(0);
    }

    private synchronized void say(String line) {
        out.println(line);
    }

    private void startHttp(String addressPort) throws IOException {
        if (http.containsKey(addressPort)) {
            return;
        }
        InetSocketAddress a = socketAddress(addressPort);
        HttpServer server = HttpServer.create(a, 16);
        byte[] body = ("real server " + addressPort + "\n").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        // A thread per exchange: with the JDK's default (the dispatcher thread itself) one half-open connection,
        // e.g. from a node killed with its cable cut mid-request, would stall every check of this real server.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "http " + addressPort);
            t.setDaemon(true);
            return t;
        }));
        server.start();
        http.put(addressPort, server);
        say("HTTP " + addressPort + " up");
    }

    private void stopHttp(String addressPort) {
        HttpServer server = http.remove(addressPort);
        if (server != null) {
            server.stop(0);
            say("HTTP " + addressPort + " down");
        }
    }

    private void startSmtp(String addressPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(socketAddress(addressPort));
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    Socket client = server.accept();
                    Thread t = new Thread(() -> serve(client, mail -> say("MAIL " + mail.summary())),
                            "smtp " + client.getRemoteSocketAddress());
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** One SMTP session on {@code client}; each delivered mail goes to {@code onMail}. Closes the socket. */
    static void serve(Socket client, java.util.function.Consumer<SmtpDialogue.Mail> onMail) {
        try (client) {
            client.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            Writer w = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.ISO_8859_1);
            w.write(SmtpDialogue.GREETING + "\r\n");
            w.flush();
            SmtpDialogue dialogue = new SmtpDialogue();
            for (String line; (line = in.readLine()) != null; ) {
                SmtpDialogue.Reply r = dialogue.onLine(line);
                if (r.mail() != null) {
                    onMail.accept(r.mail());
                }
                if (r.reply() != null) {
                    w.write(r.reply() + "\r\n");
                    w.flush();
                }
                if (r.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            // A client that goes away mid-session loses its mail; the lab only reports delivered ones.
        }
    }

    static InetSocketAddress socketAddress(String addressPort) throws IOException {
        int colon = addressPort.lastIndexOf(':');
        String host = addressPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        // A literal only (never DNS): InetAddress.getByName does not resolve a numeric address.
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(addressPort.substring(colon + 1)));
    }
}
