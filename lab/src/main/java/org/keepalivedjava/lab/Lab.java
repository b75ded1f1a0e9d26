package org.keepalivedjava.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One running lab: creates the namespaces of a {@link LabPlan}, runs the services and the nodes' daemons
 * (the distribution's own {@code bin/keepalived-java -s NS}), carries out the operator's actions, and turns what it
 * observes into timeline lines. {@link #close()} (also run by the shutdown hook on INT/TERM) kills every process it
 * started, by pid, and deletes the namespaces and the work directory.
 *
 * <p>Threading: reader threads only put {@link Observation}s on a queue; everything else, including
 * {@link LabState}, belongs to the thread that calls {@link #pump}.
 */
public final class Lab implements AutoCloseable {
    private final LabPlan plan;
    private final Path home;
    private final Path dir;
    private final PrintStream out;
    private final Timeline timeline;
    private final LabState state;
    private final BlockingQueue<Observation> queue = new LinkedBlockingQueue<>();
    private final List<Process> helpers = new ArrayList<>();
    private final Map<String, Process> daemons = new LinkedHashMap<>();
    private final Map<String, Integer> generation = new HashMap<>();
    private final Map<String, Boolean> crashed = new HashMap<>();
    private final List<RandomAccessFile> fifos = new ArrayList<>();
    private Process services;
    private OutputStream servicesControl;
    private boolean closed;
    private java.util.function.Consumer<Observation> commandSink;

    public Lab(LabPlan plan, Path home, Path dir, PrintStream out, long startNs) {
        this.plan = plan;
        this.home = home;
        this.dir = dir;
        this.out = out;
        this.timeline = new Timeline(startNs);
        Map<String, String> base = new LinkedHashMap<>();
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (LabPlan.Node n : plan.nodes()) {
            base.put(n.name(), n.address());
            extra.put(n.name(), n.extra());
        }
        this.state = new LabState(base, extra);
    }

    public LabPlan plan() {
        return plan;
    }

    public Path dir() {
        return dir;
    }

    public LabState state() {
        return state;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The lab's notify log, where the demo's notify scripts write "NODE argv...". */
    public Path notifyLog() {
        return dir.resolve("notify.log");
    }

    public Path fifo(String node) {
        return dir.resolve(node + ".fifo");
    }

    /** Prints a timeline line now. */
    public void say(LabEvent.Kind kind, String source, String text) {
        say(System.nanoTime(), kind, source, text);
    }

    /** Prints a timeline line stamped {@code atNs} (e.g. the moment the event that decided a step was seen). */
    public void say(long atNs, LabEvent.Kind kind, String source, String text) {
        print(new LabEvent(atNs, source, kind, text));
    }

    /** Prints a line outside the timeline (summary, log tails). */
    public void println(String line) {
        out.println(line);
        out.flush();
    }

    /** The last {@code lines} lines of each node's daemon log, for a step that failed. */
    public void printLogTails(int lines) {
        for (LabPlan.Node n : plan.nodes()) {
            Path log = dir.resolve(n.name() + ".log");
            try {
                List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
                println("---- last lines of " + n.name() + "'s keepalived-java log ----");
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(this::println);
            } catch (IOException e) {
                println("(cannot read " + log + ": " + e.getMessage() + ")");
            }
        }
    }

    private void print(LabEvent e) {
        out.println(timeline.format(e));
        out.flush();
    }

    /** Creates the namespaces, the bridge, the links and addresses, the FIFOs, and starts the services. */
    public void build() throws IOException {
        buildNetwork();
        startServices();
    }

    /**
     * Synchronized with {@link #close()}: a shutdown hook that runs meanwhile waits, then finds every namespace
     * made so far; nothing is made after it.
     */
    private synchronized void buildNetwork() throws IOException {
        open();
        Files.createDirectories(dir);
        Files.writeString(notifyLog(), "");
        String net = plan.netNs();
        Shell.must("ip", "netns", "add", net);
        Shell.must("ip", "-n", net, "link", "set", "lo", "up");
        // A fixed MAC: by default a bridge takes the lowest MAC of its ports, so detaching or attaching a node
        // (kill, cut, mend) would change it, and every node's ARP entry for the services and real servers would
        // point nowhere until it is refreshed (seconds of failed health checks).
        Shell.must("ip", "-n", net, "link", "add", LabPlan.BRIDGE, "address", LabPlan.BRIDGE_MAC, "type", "bridge",
                "stp_state", "0", "forward_delay", "0", "mcast_snooping", "0");
        Shell.must("ip", "-n", net, "link", "set", LabPlan.BRIDGE, "up");
        Shell.must("ip", "-n", net, "addr", "add", LabPlan.SERVICES_ADDRESS + "/" + LabPlan.PREFIX_LENGTH, "dev",
                LabPlan.BRIDGE);
        for (String a : plan.realServerAddresses()) {
            Shell.must("ip", "-n", net, "addr", "add", a + "/" + LabPlan.PREFIX_LENGTH, "dev", LabPlan.BRIDGE);
        }
        for (LabPlan.Node n : plan.nodes()) {
            Shell.must("ip", "netns", "add", n.ns());
            Shell.must("ip", "-n", n.ns(), "link", "set", "lo", "up");
            Shell.must("ip", "-n", n.ns(), "link", "add", LabPlan.LAB_IF, "type", "veth", "peer", "name", n.peerIf(),
                    "netns", net);
            // No duplicate address detection: IPv6 VIPs would stay tentative (unusable) for a second.
            // (The kernel uses the larger of "all" and the interface's value, so both are set.)
            Shell.must("ip", "netns", "exec", n.ns(), "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad"
                    + " && echo 0 > /proc/sys/net/ipv6/conf/" + LabPlan.LAB_IF + "/accept_dad");
            Shell.must("ip", "-n", net, "link", "set", n.peerIf(), "master", LabPlan.BRIDGE);
            Shell.must("ip", "-n", net, "link", "set", n.peerIf(), "up");
            addOwnAddresses(n);
            Shell.must("ip", "-n", n.ns(), "link", "set", LabPlan.LAB_IF, "up");
            Shell.must("ip", "-n", n.ns(), "route", "add", "default", "via", LabPlan.SERVICES_ADDRESS);
            Shell.must("mkfifo", "-m", "600", fifo(n.name()).toString());
            // Opened read-write by the lab, so neither side ever waits for the other and a daemon that dies does
            // not end the reader (keepalived also opens its FIFO read-write).
            RandomAccessFile f = new RandomAccessFile(fifo(n.name()).toFile(), "rw");
            fifos.add(f);
            reader("fifo " + n.name(), () -> {
                for (String line; (line = f.readLine()) != null; ) {
                    queue.add(new Observation(System.nanoTime(), n.name(), Observation.Type.FIFO, line));
                }
            });
            Process monitor = new ProcessBuilder("ip", "-o", "-n", n.ns(), "monitor", "address")
                    .redirectErrorStream(true).start();
            helpers.add(monitor);
            lines("monitor " + n.name(), monitor.getInputStream(), n.name(), Observation.Type.ADDRESS);
        }
        tailNotifyLog();
    }

    private void startServices() throws IOException {
        startServicesProcess();
        if (!pump(state::servicesReady, TimeUnit.SECONDS.toNanos(60))) {
            String log;
            try {
                log = Files.readString(dir.resolve("services.log")).strip();
            } catch (IOException e) {
                log = e.getMessage();
            }
            // Quoted here: the work directory goes away with the lab.
            throw new LabException("the lab's SMTP sink and real servers did not start: " + log);
        }
        say(LabEvent.Kind.INFO, "lab", "SMTP sink on " + LabPlan.SERVICES_ADDRESS + ":" + LabPlan.SMTP_PORT
                + (plan.realServers().isEmpty() ? "" : ", real servers " + String.join(" ", plan.realServers())));
    }

    private synchronized void startServicesProcess() throws IOException {
        open();
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", plan.netNs(), javaBin(), "-XX:+UseSerialGC",
                "-Xmx32m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", home.resolve("lib") + "/*",
                LabServices.class.getName(), "--smtp", LabPlan.SERVICES_ADDRESS + ":" + LabPlan.SMTP_PORT));
        for (String rs : plan.realServers()) {
            cmd.add("--http");
            cmd.add(rs);
        }
        services = new ProcessBuilder(cmd).redirectError(dir.resolve("services.log").toFile()).start();
        helpers.add(services);
        servicesControl = services.getOutputStream();
        lines("services", services.getInputStream(), "services", Observation.Type.SERVICES);
    }

    private static void addOwnAddresses(LabPlan.Node n) {
        for (String a : n.ownAddresses()) {
            Shell.must("ip", "-n", n.ns(), "addr", "add", a + "/" + LabPlan.PREFIX_LENGTH, "dev", LabPlan.LAB_IF);
        }
    }

    /** Starts the node's daemon with {@code conf} (already rewritten for the lab), in the foreground (-n). */
    public synchronized void start(String node, Path conf) throws IOException {
        open();
        LabPlan.Node n = node(node);
        if (daemons.containsKey(node)) {
            throw new LabException(node + " is already running");
        }
        drain();
        long at = System.nanoTime();
        if (Boolean.TRUE.equals(crashed.remove(node))) {
            // The machine comes back: its own addresses, its route and its cable.
            addOwnAddresses(n);
            Shell.run("ip", "-n", n.ns(), "route", "add", "default", "via", LabPlan.SERVICES_ADDRESS);
            Shell.must("ip", "-n", plan.netNs(), "link", "set", n.peerIf(), "master", LabPlan.BRIDGE);
        }
        Path log = dir.resolve(node + ".log");
        Process p = new ProcessBuilder(home.resolve("bin/keepalived-java").toString(), "-s", n.ns(), "-n", "-l", "-D",
                "-f", conf.toString(), "-p", dir.resolve(node + ".pid").toString(), "-r",
                dir.resolve(node + "-vrrp.pid").toString(), "-c", dir.resolve(node + "-checkers.pid").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        daemons.put(node, p);
        int gen = generation.merge(node, 1, Integer::sum);
        p.onExit().thenAccept(done -> {
            if (generation.getOrDefault(node, 0) == gen) {
                queue.add(new Observation(System.nanoTime(), node, Observation.Type.EXITED,
                        Integer.toString(done.exitValue())));
            }
        });
        say(LabEvent.Kind.ACTION, node, "start keepalived-java (pid " + p.pid() + ", log " + log + ")");
    }

    /** A crash of the whole node: it falls silent on the LAN at once, then its processes are SIGKILLed. */
    public synchronized void kill(String node) {
        open();
        LabPlan.Node n = node(node);
        Process p = daemons.remove(node);
        if (p == null) {
            throw new LabException(node + " is not running");
        }
        drain();
        long at = System.nanoTime();
        Shell.run("ip", "-n", plan.netNs(), "link", "set", n.peerIf(), "nomaster");
        generation.merge(node, 1, Integer::sum);
        // SIGKILL takes effect at once; the processes are not waited for (the JDK sees a non-child's exit late).
        killTree(p, false);
        // A crashed machine answers for nothing: the addresses the dead daemon left behind go with it.
        state.clearVips(node);
        Shell.run("ip", "-n", n.ns(), "addr", "flush", "dev", LabPlan.LAB_IF);
        crashed.put(node, true);
        state.forget(node);
        say(at, LabEvent.Kind.ACTION, node, "killed: SIGKILL to keepalived-java and its children, the node dropped off"
                + " the LAN with its addresses, as a crashed machine");
    }

    /** keepalived-java's orderly stop (SIGTERM): it sends priority 0 and removes its VIPs. */
    public synchronized void stop(String node) {
        open();
        Process p = daemons.remove(node);
        if (p == null) {
            throw new LabException(node + " is not running");
        }
        drain();
        say(LabEvent.Kind.ACTION, node, "stop (SIGTERM)");
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                killTree(p, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cuts the node's cable without carrier loss (split brain shows), or mends it. */
    public synchronized void cut(String node, boolean cut) {
        open();
        LabPlan.Node n = node(node);
        drain();
        if (cut) {
            Shell.must("ip", "-n", plan.netNs(), "link", "set", n.peerIf(), "nomaster");
        } else {
            Shell.must("ip", "-n", plan.netNs(), "link", "set", n.peerIf(), "master", LabPlan.BRIDGE);
        }
        say(LabEvent.Kind.ACTION, node, cut ? "link cut (detached from the LAN)" : "link mended");
    }

    /** SIGHUP: the daemon re-reads its configuration file. */
    public synchronized void reload(String node) {
        open();
        Process p = daemons.get(node);
        if (p == null) {
            throw new LabException(node + " is not running");
        }
        drain();
        Shell.must(Shell.signal("HUP", p.pid()));
        say(LabEvent.Kind.ACTION, node, "reload (SIGHUP)");
    }

    /** Stops or starts a real server's HTTP responder. */
    public void realServer(String addressPort, boolean up) throws IOException {
        if (!plan.realServers().contains(addressPort)) {
            throw new LabException("no real server " + addressPort + "; the lab has " + plan.realServers());
        }
        servicesControl.write(((up ? "start " : "stop ") + addressPort + "\n").getBytes(StandardCharsets.UTF_8));
        servicesControl.flush();
    }

    public boolean running(String node) {
        return daemons.containsKey(node);
    }

    /**
     * Prints observations as timeline lines until {@code done} holds or {@code timeoutNs} passes; returns
     * whether {@code done} held. A COMMAND observation is handed to {@code commands} (may be null).
     */
    public boolean pump(BooleanSupplier done, long timeoutNs) {
        return pump(done, timeoutNs, commandSink);
    }

    /** Where commands go when a pump was not given a handler (e.g. while an action drains the queue). */
    public void commandSink(java.util.function.Consumer<Observation> sink) {
        this.commandSink = sink;
    }

    public boolean pump(BooleanSupplier done, long timeoutNs, java.util.function.Consumer<Observation> commands) {
        long deadline = System.nanoTime() + timeoutNs;
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Observation o;
            try {
                o = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (o == null) {
                continue;
            }
            if (o.type() == Observation.Type.COMMAND) {
                if (commands != null) {
                    commands.accept(o);
                }
                continue;
            }
            if (o.type() == Observation.Type.EXITED) {
                daemons.remove(o.source());
            }
            LabEvent e = state.observe(o);
            if (e != null) {
                print(e);
            }
        }
        return true;
    }

    /** Prints what was observed so far, so an action's line comes after everything that happened before it. */
    public void drain() {
        pump(queue::isEmpty, TimeUnit.SECONDS.toNanos(1));
    }

    /** Actions after {@link #close()} (the shutdown hook ran while the scenario went on) are refused. */
    private void open() {
        if (closed) {
            throw new LabException("the lab is closed");
        }
    }

    /** For the interactive mode: operator commands join the same queue as observations. */
    public void offerCommand(String line) {
        queue.add(new Observation(System.nanoTime(), "operator", Observation.Type.COMMAND, line));
    }

    /** Kills every process the lab started (by pid), deletes its namespaces and work directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (String node : List.copyOf(daemons.keySet())) {
            generation.merge(node, 1, Integer::sum);
            killTree(daemons.remove(node), true);
        }
        for (Process h : helpers) {
            killTree(h, true);
        }
        for (RandomAccessFile f : fifos) {
            try {
                f.close();
            } catch (IOException e) {
                // closing only; nothing to do
            }
        }
        Cleaner.deleteNamespaces(plan.id(), out);
        deleteDirectory(dir);
    }

    /**
     * SIGKILL a process and everything under it: the parent is stopped first so it cannot start a new child
     * in between; with {@code wait}, until they are gone.
     */
    static void killTree(Process p, boolean wait) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        Shell.run(Shell.signal("STOP", p.pid()));
        all.addAll(p.descendants().toList());
        all.add(p.toHandle());
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        if (wait) {
            awaitGone(all, TimeUnit.SECONDS.toNanos(10));
        }
    }

    /**
     * Waits until none of {@code processes} is alive (a deadline, not an expectation). Polled, because the JDK
     * learns of a non-child's exit only by polling, and slowly; still there after the deadline: reported by
     * {@code keepalived-lab clean}, which kills by namespace.
     */
    static void awaitGone(List<ProcessHandle> processes, long timeoutNs) {
        long deadline = System.nanoTime() + timeoutNs;
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && deadline - System.nanoTime() > 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void tailNotifyLog() {
        Path log = notifyLog();
        reader("notify log", () -> {
            long read = 0;
            StringBuilder partial = new StringBuilder();
            while (!closed) {
                long size = Files.exists(log) ? Files.size(log) : 0;
                if (size > read) {
                    try (var ch = Files.newByteChannel(log)) {
                        ch.position(read);
                        var buf = java.nio.ByteBuffer.allocate((int) Math.min(size - read, 1 << 16));
                        int n = ch.read(buf);
                        read += Math.max(n, 0);
                        partial.append(new String(buf.array(), 0, Math.max(n, 0), StandardCharsets.UTF_8));
                    }
                    int nl;
                    while ((nl = partial.indexOf("\n")) >= 0) {
                        queue.add(new Observation(System.nanoTime(), "notify", Observation.Type.NOTIFY_LOG,
                                partial.substring(0, nl)));
                        partial.delete(0, nl + 1);
                    }
                }
                // Polling a small file: notify scripts are separate processes that only append to it.
                Thread.sleep(50);
            }
        });
    }

    private void lines(String name, InputStream in, String source, Observation.Type type) {
        reader(name, () -> {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                queue.add(new Observation(System.nanoTime(), source, type, line));
            }
        });
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void reader(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                // The source closed (lab shutting down); nothing more to read.
            }
        }, "lab " + name);
        t.setDaemon(true);
        t.start();
    }

    private LabPlan.Node node(String name) {
        LabPlan.Node n = plan.node(name);
        if (n == null) {
            throw new LabException("no node " + name + "; the lab has " + plan.nodes().stream()
                    .map(LabPlan.Node::name).toList());
        }
        return n;
    }

    static String javaBin() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Left behind: `keepalived-lab clean` removes it.
        }
    }
}
