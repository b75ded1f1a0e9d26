package org.keepalivedjava.checkers.check.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP server that answers each connection with a test's script on its own thread (the checker under test
 * runs on the loop thread; this is its peer). Records what each client sent up to the end of its request.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does with one connection. */
    @FunctionalInterface
    interface Script {
        void serve(Socket s, ScriptedServer server) throws Exception;
    }

    final ServerSocket listener;
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    ScriptedServer(Script script) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!closed) {
                try {
                    Socket s = listener.accept();
                    Thread t = new Thread(() -> {
                        try (s) {
                            script.serve(s, this);
                        } catch (Exception e) {
                            // the checker closed or reset: expected in many scripts
                        }
                    }, "scripted-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Reads until a blank line (end of an HTTP request) and records it. */
    String readRequest(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                break;
            }
        }
        String r = b.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        requests.add(r);
        return r;
    }

    /** Reads one line (to LF). */
    static String readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
