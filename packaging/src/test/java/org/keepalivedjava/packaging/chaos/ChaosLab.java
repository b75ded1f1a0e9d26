package org.keepalivedjava.packaging.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A LAN of network namespaces for the chaos suite: {@code kj-chaos-PID-N-br} holds a bridge (STP off, no multicast
 * snooping), and each node {@code kj-chaos-PID-N-LABEL} has {@code eth0} (192.0.2.1, .2, .3...) on a veth whose
 * other end {@code pLABEL} is a bridge port. A node runs either the BUILT keepalived-java distribution
 * (bin/keepalived-java -n -s NS, so parent, VRRP child and checker child are real separate JVMs) or the real
 * keepalived 2.2.7, each with its own pid files and log in the lab directory.
 *
 * <p>From the start an {@code ip monitor address} per node feeds one {@link VipTimeline} per VIP. Network faults:
 * {@link #impair} (a userspace bridge with netem's knobs; carriers stay up, as with a broken switch). {@link #close}
 * kills by pid what it started, then deletes the
 * namespaces; {@link #residue} lists what would survive (processes in the lab's namespaces or naming its directory,
 * namespaces still present). Root only.
 */
final class ChaosLab implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("distribution.dir", "target/keepalived-java"));
    static final Path LAUNCHER = DIST.resolve("bin/keepalived-java").toAbsolutePath();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    enum Kind { KEEPALIVED_JAVA, KEEPALIVED }

    /** One host. Its processes are found through its pid files (what an operator would use too). */
    final class Node {
        final String label;
        final String ns;
        final String address;
        final Kind kind;
        Process daemon;

        Node(String label, String ns, String address, Kind kind) {
            this.label = label;
            this.ns = ns;
            this.address = address;
            this.kind = kind;
        }

        Path file(String name) {
            return dir.resolve(label + "-" + name);
        }

        Path conf() {
            return file("conf");
        }

        Path log() {
            return file("log");
        }

        /** Writes the configuration (a reload reads it from the same path). */
        void writeConf(String text) throws IOException {
            Files.writeString(conf(), text);
        }

        /** Starts the daemon in the foreground (-n) with the configuration already written; logs to {@link #log}. */
        void start() throws IOException {
            start(List.of());
        }

        /** As {@link #start()}, the command line prefixed with {@code wrapper} (e.g. unshare for a private /tmp). */
        void start(List<String> wrapper) throws IOException {
            List<String> cmd = new ArrayList<>(wrapper);
            if (kind == Kind.KEEPALIVED) {
                cmd.addAll(List.of("ip", "netns", "exec", ns, "keepalived", "-n", "-l", "-D", "-G", "-f",
                        conf().toString(), "-p", file("pid").toString(), "-r", file("vrrp.pid").toString(), "-c",
                        file("checkers.pid").toString(), "-b", file("bfd.pid").toString()));
            } else {
                cmd.addAll(List.of(LAUNCHER.toString(), "-n", "-l", "-D", "-s", ns, "-f", conf().toString(), "-p",
                        file("pid").toString(), "-r", file("vrrp.pid").toString(), "-c",
                        file("checkers.pid").toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            pb.environment().put("KEEPALIVED_JAVA_START_TIMEOUT", "60");
            daemon = pb.start();
        }

        /** The pid in one of this node's pid files ("pid", "vrrp.pid", "checkers.pid"), or -1. */
        long pid(String pidFile) {
            try {
                long pid = Long.parseLong(Files.readString(file(pidFile)).trim());
                return alive(pid) ? pid : -1;
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }

        long parentPid() {
            return pid("pid");
        }

        long vrrpPid() {
            return pid("vrrp.pid");
        }

        long checkerPid() {
            return pid("checkers.pid");
        }

        /** The daemon is up: its parent and VRRP processes are alive (and the checker's, for keepalived-java). */
        boolean running(boolean withChecker) {
            return parentPid() > 0 && vrrpPid() > 0 && (!withChecker || checkerPid() > 0);
        }

        /** SIGTERM to the parent; waits for it (and the children it owns) to go. */
        void stop(long guardMs) throws InterruptedException {
            long parent = parentPid();
            List<Long> all = new ArrayList<>(List.of(parent, vrrpPid(), checkerPid()));
            if (parent > 0) {
                signal(parent, "TERM");
            }
            await(label + " stopped", guardMs, () -> all.stream().noneMatch(ChaosLab::alive));
            if (daemon != null) {
                daemon.waitFor(guardMs, TimeUnit.MILLISECONDS);
            }
        }

        String logText() {
            try {
                return Files.readString(log());
            } catch (IOException e) {
                return "";
            }
        }

        /** Runs a command inside this node's namespace. */
        String exec(String... command) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            cmd.addAll(List.of(command));
            return run(cmd);
        }

        /** Kills whatever of this node is still alive (by pid file and by process handle), never by name. */
        void kill() {
            for (String f : List.of("pid", "vrrp.pid", "checkers.pid", "bfd.pid")) {
                long pid = pid(f);
                if (pid > 0) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        h.descendants().forEach(ProcessHandle::destroyForcibly);
                        h.destroyForcibly();
                    });
                }
            }
            if (daemon != null) {
                daemon.descendants().forEach(ProcessHandle::destroyForcibly);
                daemon.destroyForcibly();
            }
        }
    }

    final Path dir;
    final String prefix;
    final String bridge;
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Map<String, VipTimeline> vips = new LinkedHashMap<>();
    private final List<Process> helpers = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    /**
     * @param kinds the nodes in order: a, b, c... at 192.0.2.1, .2, .3...
     * @param vips  the VIPs to watch (address only)
     */
    ChaosLab(Path dir, List<Kind> kinds, List<String> vips) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.prefix = "kj-chaos-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        this.bridge = prefix + "-br";
        for (String v : vips) {
            this.vips.put(v, new VipTimeline(v));
        }
        try {
            addNamespace(bridge);
            run(List.of("ip", "-n", bridge, "link", "add", "br0", "type", "bridge", "stp_state", "0",
                    "forward_delay", "0", "mcast_snooping", "0"));
            run(List.of("ip", "-n", bridge, "link", "set", "br0", "up"));
            for (int i = 0; i < kinds.size(); i++) {
                String label = String.valueOf((char) ('a' + i));
                String ns = prefix + "-" + label;
                addNamespace(ns);
                run(List.of("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "p" + label,
                        "netns", bridge));
                run(List.of("ip", "-n", bridge, "link", "set", "p" + label, "master", "br0"));
                run(List.of("ip", "-n", bridge, "link", "set", "p" + label, "up"));
                run(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
                String address = "192.0.2." + (i + 1);
                run(List.of("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0"));
                Node node = new Node(label, ns, address, kinds.get(i));
                nodes.put(label, node);
                watchAddresses(node);
            }
            Thread.sleep(300); // the monitors subscribe before anything happens
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    Node node(String label) {
        return nodes.get(label);
    }

    VipTimeline vip(String address) {
        return vips.get(address);
    }

    private void addNamespace(String name) throws IOException, InterruptedException {
        run(List.of("ip", "netns", "add", name));
        namespaces.add(name);
        run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
    }

    /** Also keeps every address event in LABEL-addresses.log (test clock ns, then the line), for diagnosis. */
    private void watchAddresses(Node node) throws IOException {
        Process p = new ProcessBuilder("ip", "-n", node.ns, "monitor", "address").redirectErrorStream(true).start();
        helpers.add(p);
        Path record = node.file("addresses.log");
        reader(p, line -> {
            long now = System.nanoTime();
            try {
                Files.writeString(record, now + " " + line + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                // diagnosis only
            }
            for (VipTimeline t : vips.values()) {
                if (line.contains(" " + t.vip + "/")) {
                    t.add(now, node.label, !line.startsWith("Deleted"));
                }
            }
        });
    }

    /** Starts a helper process (capture, tarpit...) that {@link #close} kills; its stdout lines go to onLine. */
    Process helper(List<String> command, Consumer<String> onLine) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        helpers.add(p);
        reader(p, onLine);
        return p;
    }

    /**
     * Network faults. This kernel has no sch_netem (CONFIG_NET_SCH_NETEM unset, no module), so {@code tc netem}
     * cannot run here; the same knobs come from a userspace bridge ({@code src/test/chaos/impair.py}, AF_PACKET
     * sockets on the ports): every port leaves the kernel bridge and the script forwards each frame to the other
     * ports through the current mode (loss, delay with jitter, duplication, reordering, partition). Seeded.
     */
    Impairer impair(long seed) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", bridge, "python3", "-u",
                IMPAIR_SCRIPT.toString()));
        for (Node n : nodes.values()) {
            run(List.of("ip", "-n", bridge, "link", "set", "p" + n.label, "nomaster"));
            cmd.add("p" + n.label);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SEED", Long.toString(seed));
        Process p = pb.start();
        helpers.add(p);
        Impairer impairer = new Impairer(p);
        reader(p, impairer::onLine);
        await("the impairing bridge ready", 30_000, () -> impairer.saw("ready"));
        return impairer;
    }

    static final Path IMPAIR_SCRIPT = Path.of("src/test/chaos/impair.py").toAbsolutePath();

    /** The userspace bridge's control: one mode line at a time, acknowledged. */
    static final class Impairer {
        private final Process process;
        private final List<String> lines = new ArrayList<>();

        Impairer(Process process) {
            this.process = process;
        }

        synchronized void onLine(String line) {
            lines.add(line);
        }

        synchronized boolean saw(String line) {
            return lines.contains(line);
        }

        synchronized String last(String prefix) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(prefix)) {
                    return lines.get(i);
                }
            }
            return "";
        }

        /** Switches the mode ("pass", "loss 30", "delay 100 50", "duplicate 50", "reorder 50 1500", "partition"). */
        void mode(String mode) throws IOException, InterruptedException {
            synchronized (this) {
                lines.remove("mode " + mode);
            }
            process.getOutputStream().write((mode + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            await("impairer mode " + mode, 10_000, () -> saw("mode " + mode));
        }

        /** The counters line ("stats frames=.. sent=.. dropped=.. duplicated=.. held=.."). */
        String stats() throws IOException, InterruptedException {
            int before;
            synchronized (this) {
                before = lines.size();
            }
            process.getOutputStream().write("stats\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            await("impairer stats", 10_000, () -> {
                synchronized (this) {
                    return lines.subList(before, lines.size()).stream().anyMatch(l -> l.startsWith("stats "));
                }
            });
            return last("stats ");
        }
    }

    /** Processes that would outlive the lab: in one of its namespaces, or naming its directory. */
    List<String> residue() {
        List<String> inodes = new ArrayList<>();
        for (String ns : namespaces) {
            try {
                inodes.add("net:[" + Files.readAttributes(Path.of("/run/netns", ns),
                        java.nio.file.attribute.BasicFileAttributes.class).fileKey().toString()
                        .replaceAll(".*ino=(\\d+).*", "$1") + "]");
            } catch (IOException e) {
                // namespace already gone
            }
        }
        long self = ProcessHandle.current().pid();
        List<Long> helperPids = helpers.stream().filter(Process::isAlive).map(Process::pid).toList();
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(q -> q.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid == self || helperPids.contains(pid)) {
                    continue;
                }
                try {
                    String net = Files.readSymbolicLink(p.resolve("ns/net")).toString();
                    String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ').trim();
                    if (inodes.contains(net) || cmdline.contains(dir.toString())) {
                        found.add(pid + " " + cmdline);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or a kernel thread
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    /** The lab's namespaces that still exist. */
    List<String> namespacesLeft() throws IOException, InterruptedException {
        String list = run(List.of("ip", "netns", "list"));
        return namespaces.stream().filter(n -> list.contains(n + " ") || list.contains(n + "\n")
                || list.endsWith(n)).toList();
    }

    /** Stops helpers and kills every daemon of the lab (by pid), then deletes the namespaces. Idempotent. */
    @Override
    public void close() {
        for (Node n : nodes.values()) {
            n.kill();
        }
        for (Process p : helpers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : helpers) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            runUnchecked(List.of("ip", "netns", "del", ns));
        }
    }

    static boolean alive(long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            // a zombie is gone for our purposes (its parent has not reaped it yet)
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** The process state letter from /proc (R, S, T when stopped...), or '?' when gone. */
    static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return '?';
        }
    }

    static void signal(long pid, String signal) {
        try {
            run(List.of("kill", "-" + signal, Long.toString(pid)));
        } catch (IOException | InterruptedException | AssertionError e) {
            // gone meanwhile: the chaos loop may race a respawn
        }
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + command);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " -> " + p.exitValue() + ": " + out);
        }
        return out;
    }

    static void runUnchecked(List<String> command) {
        try {
            run(command);
        } catch (IOException | InterruptedException | AssertionError e) {
            // best effort (cleanup, removing a qdisc that is not there)
        }
    }

    private static void reader(Process p, Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "chaos-reader");
        t.setDaemon(true);
        t.start();
    }

    /** Polls {@code condition} every 10 ms; fails after {@code guardMs} (a hang guard, never a speed claim). */
    static void await(String what, long guardMs, BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(guardMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError(what + ": not within " + guardMs + " ms");
            }
            Thread.sleep(10);
        }
    }
}
