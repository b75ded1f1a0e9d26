package org.keepalivedjava.vrrp.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.keepalivedjava.os.testing.Netns;

/**
 * Two hosts for interoperability runs: namespace {@code a} and namespace {@code b}, each with {@code eth0} on a
 * bridge in a third namespace (192.0.2.1/.2 and 2001:db8::1/::2), each able to run either keepalived-java (the real launcher,
 * {@code org.keepalivedjava.cli.Main}, which spawns the VRRP child) or the real keepalived 2.2.7, with pid files,
 * logs and notify records in a private directory. {@code ip monitor address} runs in both namespaces from the
 * start and timestamps (test JVM nanoTime) every appearance and disappearance of the VIP; a {@code tcpdump} in
 * each namespace counts gratuitous ARPs / unsolicited NAs for it. {@link #close} kills everything it started, by
 * pid, and deletes the namespaces. Root only.
 */
final class VrrpLab implements AutoCloseable {
    static final String RECORDER = "#!/bin/sh\nIFS='|'; echo \"$*\" >> \"$(dirname \"$0\")/argv-$NODE.log\"\n";

    /** One host. */
    final class Node {
        final String label;
        final Netns ns;
        final List<long[]> vipEvents = new ArrayList<>(); // {nanoTime, 1 present / 0 gone}
        volatile int garps;
        Process daemon;
        boolean keepalived;

        Node(String label, Netns ns) {
            this.label = label;
            this.ns = ns;
        }

        Path file(String name) {
            return dir.resolve(label + "-" + name);
        }

        /** Starts keepalived-java (true) or keepalived (false) with {@code conf}; returns the start nanoTime. */
        long start(boolean realKeepalived, String conf) throws IOException {
            keepalived = realKeepalived;
            Path confFile = file("conf");
            Files.writeString(confFile, conf.replace("@NOTIFY@", dir.resolve("rec-" + label + ".sh").toString()));
            Path rec = dir.resolve("rec-" + label + ".sh");
            Files.writeString(rec, RECORDER.replace("$NODE", label));
            Files.setPosixFilePermissions(rec, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
            if (realKeepalived) {
                cmd.addAll(List.of("keepalived", "-n", "-l", "-D", "-G", "-f", confFile.toString(),
                        "-p", file("pid").toString(), "-r", file("vrrp.pid").toString(),
                        "-c", file("checkers.pid").toString(), "-b", file("bfd.pid").toString()));
            } else {
                // As the launcher script starts it: the JSON signal blocked in every JVM thread (SignalFd).
                cmd.addAll(List.of("env", "--block-signal=RTMIN+2"));
                cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                        "org.keepalivedjava.cli.Main", "-n", "-l", "-D", "-G", "-f", confFile.toString(),
                        "-p", file("pid").toString(), "-r", file("vrrp.pid").toString()));
            }
            long t = System.nanoTime();
            Files.createDirectories(tmpDir());
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(file("log").toFile()));
            // Both daemons write their dumps (keepalived.json, .data, .stats) in $TMPDIR: one per node, not /tmp.
            builder.environment().put("TMPDIR", tmpDir().toString());
            daemon = builder.start();
            return t;
        }

        /** The node's $TMPDIR, where the daemon writes its dumps. */
        Path tmpDir() {
            return file("tmp");
        }

        /** The VRRP child's pid from its pid file (waits for it). */
        long vrrpChildPid() throws Exception {
            Path p = file("vrrp.pid");
            waitFor("VRRP pid file of " + label, 10_000, () -> Files.exists(p) && readable(p));
            return Long.parseLong(Files.readString(p).trim());
        }

        private boolean readable(Path p) {
            try {
                return !Files.readString(p).isBlank();
            } catch (IOException e) {
                return false;
            }
        }

        /** Sends {@code signal} to the daemon's main process; returns the nanoTime just before. */
        long signalDaemon(String signal) {
            long t = System.nanoTime();
            Netns.run("kill", "-" + signal, Long.toString(daemon.pid()));
            return t;
        }

        long signalChild(String signal) throws Exception {
            long pid = vrrpChildPid();
            long t = System.nanoTime();
            Netns.run("kill", "-" + signal, Long.toString(pid));
            return t;
        }

        /** Waits for the daemon to exit (after a stop signal). */
        void awaitExit(long ms) throws InterruptedException {
            if (daemon != null && !daemon.waitFor(ms, TimeUnit.MILLISECONDS)) {
                throw new AssertionError(label + " did not exit within " + ms + " ms");
            }
        }

        void kill() {
            if (daemon == null) {
                return;
            }
            List<ProcessHandle> all = new ArrayList<>(daemon.descendants().toList());
            all.add(daemon.toHandle());
            for (ProcessHandle h : all) {
                h.destroyForcibly();
            }
            try {
                daemon.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // keepalived's children are not our JVM's descendants once re-parented: by pid file
            for (String f : List.of("vrrp.pid", "checkers.pid", "bfd.pid")) {
                try {
                    Path p = file(f);
                    if (Files.exists(p)) {
                        long pid = Long.parseLong(Files.readString(p).trim());
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // already gone
                }
            }
        }

        synchronized boolean hasVip() {
            return !vipEvents.isEmpty() && vipEvents.get(vipEvents.size() - 1)[1] == 1;
        }

        /** nanoTime of the first VIP appearance (or disappearance with present=false) after {@code sinceNs}. */
        synchronized long firstChange(boolean present, long sinceNs) {
            for (long[] e : vipEvents) {
                if (e[0] - sinceNs >= 0 && (e[1] == 1) == present) {
                    return e[0];
                }
            }
            return -1;
        }

        synchronized List<long[]> events() {
            return new ArrayList<>(vipEvents);
        }

        String log() {
            try {
                return Files.readString(file("log"));
            } catch (IOException e) {
                return "";
            }
        }

        List<String> notifyRecords() throws IOException {
            Path p = dir.resolve("argv-" + label + ".log");
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        }
    }

    /**
     * The test class path as a list of real entries: surefire's own property when present (java.class.path may be
     * a manifest-only booter jar that surefire deletes when it likes).
     */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    final Path dir;
    final String vip;
    final Node a;
    final Node b;
    private final Netns bridge;
    private final List<Process> watchers = new ArrayList<>();

    VrrpLab(Path dir, String vip) throws Exception {
        this.dir = dir;
        this.vip = vip;
        Netns na = Netns.create("ia");
        Netns nb = null;
        Netns nbr = null;
        try {
            nb = Netns.create("ib");
            nbr = Netns.create("ibr");
        } catch (RuntimeException e) {
            na.close();
            if (nb != null) {
                nb.close();
            }
            throw e;
        }
        a = new Node("a", na);
        b = new Node("b", nb);
        bridge = nbr;
        try {
            // a bridge between the two, so that one node's link going down leaves the other's carrier up
            nbr.ip("link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0",
                    "mcast_snooping", "0");
            nbr.ip("link", "set", "br0", "up");
            na.vethTo(nbr, "eth0", "pa");
            nb.vethTo(nbr, "eth0", "pb");
            nbr.ip("link", "set", "pa", "master", "br0");
            nbr.ip("link", "set", "pb", "master", "br0");
            na.ip("addr", "add", "192.0.2.1/24", "dev", "eth0");
            nb.ip("addr", "add", "192.0.2.2/24", "dev", "eth0");
            na.ip("addr", "add", "2001:db8::1/64", "dev", "eth0", "nodad");
            nb.ip("addr", "add", "2001:db8::2/64", "dev", "eth0", "nodad");
            for (Node n : List.of(a, b)) {
                watchAddresses(n);
                watchGarps(n);
            }
            Thread.sleep(300); // let the watchers subscribe before anything happens
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void watchAddresses(Node n) throws IOException {
        Process p = new ProcessBuilder("ip", "-n", n.ns.name(), "monitor", "address").redirectErrorStream(true)
                .start();
        watchers.add(p);
        String needle = " " + vip + "/";
        reader(p, line -> {
            if (line.contains(needle)) {
                synchronized (n) {
                    n.vipEvents.add(new long[] {System.nanoTime(), line.startsWith("Deleted") ? 0 : 1});
                }
            }
        });
    }

    private void watchGarps(Node n) throws IOException {
        boolean v6 = vip.contains(":");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", n.ns.name(), "tcpdump", "-i", "eth0",
                "-n", "-l", "-p"));
        cmd.add(v6 ? "icmp6 and ip6[40] == 136" : "arp");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        watchers.add(p);
        reader(p, line -> {
            // announcements: ARP "Request who-has VIP (ff:ff:ff:ff:ff:ff) tell VIP," / "Reply VIP is-at", NA "tgt is VIP,"
            if ((line.contains("who-has " + vip + " ") && line.contains("tell " + vip + ","))
                    || line.contains("Reply " + vip + " is-at") || line.contains("tgt is " + vip + ",")) {
                n.garps++;
            }
        });
    }

    private static void reader(Process p, java.util.function.Consumer<String> onLine) {
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
        }, "lab-reader");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The longest time (ns) the VIP was present on both nodes at once, from the two event streams (a node without
     * events never had it).
     */
    long longestOverlapNs() {
        List<long[]> ea = a.events();
        List<long[]> eb = b.events();
        List<long[]> all = new ArrayList<>();
        for (long[] e : ea) {
            all.add(new long[] {e[0], 0, e[1]});
        }
        for (long[] e : eb) {
            all.add(new long[] {e[0], 1, e[1]});
        }
        all.sort((x, y) -> Long.compare(x[0], y[0]));
        boolean[] present = new boolean[2];
        long bothSince = -1;
        long longest = 0;
        for (long[] e : all) {
            present[(int) e[1]] = e[2] == 1;
            if (present[0] && present[1]) {
                if (bothSince < 0) {
                    bothSince = e[0];
                }
            } else if (bothSince >= 0) {
                longest = Math.max(longest, e[0] - bothSince);
                bothSince = -1;
            }
        }
        if (bothSince >= 0) {
            longest = Math.max(longest, System.nanoTime() - bothSince);
        }
        return longest;
    }

    static void waitFor(String what, long ms, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + ms + " ms waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        for (Node n : new Node[] {a, b}) {
            if (n != null) {
                n.kill();
            }
        }
        for (Process p : watchers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Node n : new Node[] {a, b}) {
            if (n != null) {
                n.ns.close();
            }
        }
        if (bridge != null) {
            bridge.close();
        }
    }
}
