package org.keepalivedjava.parent.control;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Prometheus endpoint ({@code GET /metrics}), off unless global_defs {@code prometheus_listen} is set.
 *
 * <p>Why the JDK's {@code com.sun.net.httpserver} on ONE thread rather than a responder on the parent's loop: HTTP
 * parsing (request line, headers, keep-alive, chunking, HEAD) is exactly the kind of code not worth owning, and the
 * loop's {@code register(fd)} takes native fds, which the JDK's server channels do not expose. The HTTP thread
 * never touches loop state: it hands the collection to the loop ({@link #collector}, run through
 * {@code EventLoop.execute}) and waits for the rendered page on a future with a deadline, so a slow or stuck
 * scraper holds only this thread, never the loop, and a hung child costs a scrape its series, not the daemon its
 * watchdog. One thread serializes scrapes, which is all a metrics endpoint needs.
 *
 * <p>Threading: create and close on any thread; the handler runs on the endpoint's own thread.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** Starts one collection on the loop and completes the future with the page; false when the loop refused. */
    @FunctionalInterface
    public interface Collector {
        boolean collect(Consumer<String> page);
    }

    static final long SCRAPE_TIMEOUT_MS = 10_000;

    private final HttpServer server;
    private final ExecutorService thread;

    private MetricsEndpoint(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    public static MetricsEndpoint start(InetSocketAddress listen, Collector collector) throws IOException {
        HttpServer server = HttpServer.create(listen, 8);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.createContext("/", exchange -> handle(exchange, collector));
        server.start();
        return new MetricsEndpoint(server, thread);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void handle(HttpExchange exchange, Collector collector) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                reply(exchange, 404, "text/plain; charset=utf-8", "Not found: the metrics are at /metrics\n", method);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n", method);
                return;
            }
            CompletableFuture<String> page = new CompletableFuture<>();
            if (!collector.collect(page::complete)) {
                reply(exchange, 503, "text/plain; charset=utf-8", "The daemon is stopping\n", method);
                return;
            }
            String body;
            try {
                body = page.get(SCRAPE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                reply(exchange, 503, "text/plain; charset=utf-8", "The daemon did not answer in time\n", method);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                reply(exchange, 500, "text/plain; charset=utf-8", "Collection failed\n", method);
                return;
            }
            reply(exchange, 200, PrometheusText.CONTENT_TYPE, body, method);
        }
    }

    private static void reply(HttpExchange exchange, int code, String type, String body, String method)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
