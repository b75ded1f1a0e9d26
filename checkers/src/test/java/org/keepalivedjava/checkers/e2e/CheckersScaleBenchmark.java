package org.keepalivedjava.checkers.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.keepalivedjava.os.testing.Netns;

/**
 * Issue 6's benchmark (a main, not a test; run it with bench/checkers-scale.sh as root): the checker child with
 * {@code --tcp N} real servers under TCP_CHECK and {@code --http M} under HTTP_GET, delay_loop 1, against real
 * servers in a namespace, measuring the child's CPU, RSS and check latency.
 *
 * <p>Lab: namespace "lb" runs the child (198.51.100.1/24, 203.0.113.1/24); namespace "srv" holds 100 addresses
 * 198.51.100.10-109 and 100 addresses 203.0.113.10-109. The TCP real servers are 198.51.100.(10+a):(20000+p)
 * (a, p in 0..99), the HTTP ones 203.0.113.(10+a):(30000+p) (p in 0..9): distinct addresses and ports, served by
 * 100 + 10 wildcard listeners on one NIO thread of this JVM (TCP: accept and close; HTTP: read the request header,
 * answer {@code 200} with 3 bytes, close).
 *
 * <p>Measured over {@code --measure-s} seconds after {@code --warmup-s} seconds of running:
 * <ul>
 *   <li>CPU: utime + stime of the child's /proc/PID/stat over the window, as % of one core;</li>
 *   <li>RSS: VmRSS of /proc/PID/status sampled every second (max), and VmHWM at the end;</li>
 *   <li>check latency: the child exposes none, so it is measured at the servers: a check of one real server
 *       reaches it every delay_loop plus the time the previous attempt took (connect, or request and response)
 *       plus how late the loop fired its timer, because keepalived (and the child) schedule the next attempt
 *       delay_loop after the result. So {@code (interval between two arrivals at the same real server) - 1 s}
 *       is the attempt's duration as the child saw it plus its timer lateness: the p50/p99/max of that are
 *       reported per kind;</li>
 *   <li>failures: the child's "failed" / "Removing service" lines (there should be none).</li>
 * </ul>
 */
public final class CheckersScaleBenchmark {
    static final int ADDRESSES = 100;
    static final int TCP_BASE_PORT = 20000;
    static final int HTTP_BASE_PORT = 30000;
    static final byte[] HTTP_RESPONSE = "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
            .getBytes(StandardCharsets.US_ASCII);

    private CheckersScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tcp = 10_000;
        int http = 1_000;
        int warmupS = 15;
        int measureS = 30;
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tcp" -> tcp = Integer.parseInt(args[++i]);
                case "--http" -> http = Integer.parseInt(args[++i]);
                case "--warmup-s" -> warmupS = Integer.parseInt(args[++i]);
                case "--measure-s" -> measureS = Integer.parseInt(args[++i]);
                case "--jvm" -> jvm.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (tcp > ADDRESSES * 100 || http > ADDRESSES * 10) {
            throw new IllegalArgumentException("at most 10000 TCP and 1000 HTTP real servers");
        }
        Path dir = Files.createTempDirectory("kj-bench");
        Netns lb = null;
        Netns srv = null;
        ChildProcess child = null;
        Servers servers = null;
        try {
            lb = Netns.create("blb");
            srv = Netns.create("bsrv");
            srv.vethTo(lb, "srv0", "lb0");
            lb.ip("addr", "add", "198.51.100.1/24", "dev", "lb0");
            lb.ip("addr", "add", "203.0.113.1/24", "dev", "lb0");
            StringBuilder batch = new StringBuilder();
            for (int a = 0; a < ADDRESSES; a++) {
                batch.append("addr add 198.51.100.").append(10 + a).append("/24 dev srv0\n");
                batch.append("addr add 203.0.113.").append(10 + a).append("/24 dev srv0\n");
            }
            Path batchFile = dir.resolve("addrs.batch");
            Files.writeString(batchFile, batch);
            srv.ip("-batch", batchFile.toString());
            // the child's connections are short-lived and many: let it reuse TIME_WAIT ports as a busy director would
            lb.exec("sysctl", "-q", "-w", "net.ipv4.tcp_tw_reuse=1");
            lb.exec("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=10000 65000");

            servers = new Servers(tcp, http);
            Servers s = servers;
            srv.call(() -> {
                s.open();
                return null;
            });
            Thread serverThread = new Thread(servers::run, "bench-servers");
            serverThread.setDaemon(true);
            serverThread.start();

            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, config(tcp, http));
            long t0 = System.nanoTime();
            child = ChildProcess.start(lb, conf, jvm, dir.resolve("child.log"));
            child.waitForLine("Startup complete", 120_000);
            double startupS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("child pid %d started in %.2f s (JVM flags %s %s)%n", child.pid(), startupS,
                    ChildProcess.CHILD_JVM_FLAGS, jvm);
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupS));

            long pid = child.pid();
            long ticks0 = cpuTicks(pid);
            long wall0 = System.nanoTime();
            servers.startWindow();
            long maxRssKb = 0;
            for (int i = 0; i < measureS; i++) {
                Thread.sleep(1000);
                maxRssKb = Math.max(maxRssKb, status(pid, "VmRSS:"));
            }
            servers.endWindow();
            long ticks1 = cpuTicks(pid);
            double wallS = (System.nanoTime() - wall0) / 1e9;
            double cpuPct = 100.0 * (ticks1 - ticks0) / clockTicksPerSecond() / wallS;
            long hwmKb = status(pid, "VmHWM:");

            System.out.printf("real servers: %d TCP_CHECK + %d HTTP_GET, delay_loop 1 s, window %.1f s after %d s"
                    + " warm-up%n", tcp, http, wallS, warmupS);
            System.out.printf("child CPU: %.1f %% of one core (%d ticks)%n", cpuPct, ticks1 - ticks0);
            System.out.printf("child RSS: max VmRSS %.1f MiB during the window, VmHWM %.1f MiB%n", maxRssKb / 1024.0,
                    hwmKb / 1024.0);
            servers.report(System.out, wallS);
            long failures = child.lines().stream().filter(l -> l.contains("failed") || l.contains("Removing service")
                    || l.contains("timeout")).count();
            System.out.println("child failure lines: " + failures);
            if (failures > 0) {
                child.lines().stream().filter(l -> l.contains("failed") || l.contains("Removing service")
                        || l.contains("timeout")).limit(10).forEach(System.out::println);
            }
            System.out.println("child alive: " + child.isAlive() + "; exit on TERM: " + child.terminate(30_000));
        } finally {
            if (child != null) {
                child.close();
            }
            if (servers != null) {
                servers.close();
            }
            if (srv != null) {
                srv.close();
            }
            if (lb != null) {
                lb.close();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static String config(int tcp, int http) {
        StringBuilder c = new StringBuilder(2_000_000);
        c.append("global_defs {\n router_id kj-bench\n}\n");
        // 100 real servers per virtual server; virtual servers on 192.0.2.100, one port each
        int vsPort = 1000;
        for (int i = 0; i < tcp; i++) {
            if (i % 100 == 0) {
                c.append(i == 0 ? "" : "}\n").append("virtual_server 192.0.2.100 ").append(vsPort++)
                        .append(" {\n delay_loop 1\n lb_algo rr\n lb_kind NAT\n protocol TCP\n");
            }
            c.append(" real_server 198.51.100.").append(10 + i / 100).append(' ').append(TCP_BASE_PORT + i % 100)
                    .append(" {\n  TCP_CHECK {\n   connect_timeout 2\n  }\n }\n");
        }
        if (tcp > 0) {
            c.append("}\n");
        }
        for (int i = 0; i < http; i++) {
            if (i % 100 == 0) {
                c.append(i == 0 ? "" : "}\n").append("virtual_server 192.0.2.100 ").append(vsPort++)
                        .append(" {\n delay_loop 1\n lb_algo rr\n lb_kind NAT\n protocol TCP\n");
            }
            c.append(" real_server 203.0.113.").append(10 + i / 10).append(' ').append(HTTP_BASE_PORT + i % 10)
                    .append(" {\n  HTTP_GET {\n   url {\n    path /\n    status_code 200\n   }\n"
                            + "   connect_timeout 2\n  }\n }\n");
        }
        if (http > 0) {
            c.append("}\n");
        }
        return c.toString();
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // fields after the ")" that ends the command name: state is field 3, utime 14, stime 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long clockTicksPerSecond() {
        try {
            return Long.parseLong(Netns.run("getconf", "CLK_TCK").trim());
        } catch (RuntimeException e) {
            return 100;
        }
    }

    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /**
     * The real servers: 100 TCP and 10 HTTP wildcard listeners on one selector thread; every accepted connection is
     * mapped back to its real server by its local address and port, and the time since that real server's previous
     * check is recorded while the window is open.
     */
    static final class Servers implements AutoCloseable {
        private final int tcp;
        private final int http;
        private final long[] lastArrivalNs;
        private final long[] arrivalsInWindow;
        private Selector selector;
        private final List<ServerSocketChannel> listeners = new ArrayList<>();
        private volatile boolean window;
        private volatile boolean closed;
        private int[] tcpOvershootUs = new int[1 << 16];
        private int tcpCount;
        private int[] httpOvershootUs = new int[1 << 14];
        private int httpCount;

        Servers(int tcp, int http) {
            this.tcp = tcp;
            this.http = http;
            this.lastArrivalNs = new long[ADDRESSES * 100 + ADDRESSES * 10];
            this.arrivalsInWindow = new long[lastArrivalNs.length];
        }

        /** Inside the servers' namespace. */
        void open() throws IOException {
            selector = Selector.open();
            for (int p = 0; p < Math.min(100, tcp); p++) {
                listen(TCP_BASE_PORT + p);
            }
            for (int p = 0; p < Math.min(10, http); p++) {
                listen(HTTP_BASE_PORT + p);
            }
        }

        private void listen(int port) throws IOException {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            s.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port), 4096);
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT);
            listeners.add(s);
        }

        void startWindow() {
            window = true;
        }

        void endWindow() {
            window = false;
        }

        void run() {
            ByteBuffer in = ByteBuffer.allocate(4096);
            try {
                while (!closed) {
                    selector.select(200);
                    var it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isAcceptable()) {
                            accept((ServerSocketChannel) k.channel());
                        } else if (k.isReadable()) {
                            readRequest(k, in);
                        }
                    }
                }
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("bench servers: " + e);
                }
            }
        }

        private void accept(ServerSocketChannel s) throws IOException {
            SocketChannel c;
            while ((c = s.accept()) != null) {
                long now = System.nanoTime();
                InetSocketAddress local = (InetSocketAddress) c.getLocalAddress();
                byte[] a = local.getAddress().getAddress();
                int port = local.getPort();
                boolean isHttp = port >= HTTP_BASE_PORT;
                int index = isHttp ? ADDRESSES * 100 + ((a[3] & 0xff) - 10) * 10 + (port - HTTP_BASE_PORT)
                        : ((a[3] & 0xff) - 10) * 100 + (port - TCP_BASE_PORT);
                if (index >= 0 && index < lastArrivalNs.length) {
                    long last = lastArrivalNs[index];
                    lastArrivalNs[index] = now;
                    if (window) {
                        synchronized (this) {
                            arrivalsInWindow[index]++;
                            if (last != 0) {
                                record(isHttp, (int) ((now - last - 1_000_000_000L) / 1000));
                            }
                        }
                    }
                }
                if (isHttp) {
                    c.configureBlocking(false);
                    c.register(selector, SelectionKey.OP_READ, new int[1]);
                } else {
                    c.close();
                }
            }
        }

        /** Reads until the blank line of the request header (state: how many of "\r\n\r\n" were seen). */
        private void readRequest(SelectionKey k, ByteBuffer in) throws IOException {
            SocketChannel c = (SocketChannel) k.channel();
            int[] matched = (int[]) k.attachment();
            in.clear();
            int n;
            try {
                n = c.read(in);
            } catch (IOException e) {
                k.cancel();
                c.close();
                return;
            }
            if (n < 0) {
                k.cancel();
                c.close();
                return;
            }
            for (int i = 0; i < n; i++) {
                byte b = in.get(i);
                byte want = (matched[0] % 2 == 0) ? (byte) '\r' : (byte) '\n';
                matched[0] = b == want ? matched[0] + 1 : (b == '\r' ? 1 : 0);
                if (matched[0] == 4) {
                    try {
                        c.write(ByteBuffer.wrap(HTTP_RESPONSE));
                    } catch (IOException ignored) {
                        // the checker gave up
                    }
                    k.cancel();
                    c.close();
                    return;
                }
            }
        }

        private void record(boolean isHttp, int overshootUs) {
            if (isHttp) {
                if (httpCount == httpOvershootUs.length) {
                    httpOvershootUs = Arrays.copyOf(httpOvershootUs, httpCount * 2);
                }
                httpOvershootUs[httpCount++] = overshootUs;
            } else {
                if (tcpCount == tcpOvershootUs.length) {
                    tcpOvershootUs = Arrays.copyOf(tcpOvershootUs, tcpCount * 2);
                }
                tcpOvershootUs[tcpCount++] = overshootUs;
            }
        }

        void report(java.io.PrintStream out, double windowS) {
            synchronized (this) {
                int[] t = Arrays.copyOf(tcpOvershootUs, tcpCount);
                int[] h = Arrays.copyOf(httpOvershootUs, httpCount);
                long tcpSeen = 0;
                long httpSeen = 0;
                long tcpChecks = 0;
                long httpChecks = 0;
                for (int i = 0; i < arrivalsInWindow.length; i++) {
                    boolean isHttp = i >= ADDRESSES * 100;
                    if (arrivalsInWindow[i] > 0) {
                        if (isHttp) {
                            httpSeen++;
                            httpChecks += arrivalsInWindow[i];
                        } else {
                            tcpSeen++;
                            tcpChecks += arrivalsInWindow[i];
                        }
                    }
                }
                out.printf("TCP_CHECK: %d of %d real servers checked in the window, %.0f checks/s; %s%n", tcpSeen,
                        tcp, tcpChecks / windowS, percentiles(t));
                out.printf("HTTP_GET:  %d of %d real servers checked in the window, %.0f checks/s; %s%n", httpSeen,
                        http, httpChecks / windowS, percentiles(h));
            }
        }

        private static String percentiles(int[] us) {
            if (us.length == 0) {
                return "no intervals";
            }
            Arrays.sort(us);
            return String.format("check latency (interval - delay_loop) p50 %.2f ms, p99 %.2f ms, max %.2f ms over"
                    + " %d intervals", us[us.length / 2] / 1000.0, us[(int) (us.length * 0.99)] / 1000.0,
                    us[us.length - 1] / 1000.0, us.length);
        }

        @Override
        public void close() {
            closed = true;
            if (selector != null) {
                selector.wakeup();
            }
            for (ServerSocketChannel s : listeners) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // shutting down
                }
            }
        }
    }
}
