package org.keepalivedjava.vrrp.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.keepalivedjava.os.testing.Netns;

/**
 * keepalived-java (the real launcher, VRRP only) in a namespace with a /tmp of its own (a bind mount in a private
 * mount namespace), so that its SIGUSR2 stats dump, /tmp/keepalived.stats, is read by this test alone even when
 * other daemons run on the machine. Root only.
 */
final class PrivateDaemon implements AutoCloseable {
    final Path tmp;
    final Path log;
    final Process process;

    private PrivateDaemon(Path tmp, Path log, Process process) {
        this.tmp = tmp;
        this.log = log;
        this.process = process;
    }

    /** Starts keepalived-java with {@code conf} in {@code ns}; {@code dir} holds its /tmp and its log. */
    static PrivateDaemon start(Netns ns, Path dir, String conf) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(tmp.resolve("kj.conf"), conf);
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount --bind \"$0\" /tmp && exec \"$@\"", tmp.toString(),
                "ip", "netns", "exec", ns.name(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", VrrpLab.classPath(), "org.keepalivedjava.cli.Main",
                "-n", "-l", "-D", "-P", "-f", "/tmp/kj.conf", "-p", "/tmp/kj.pid", "-r", "/tmp/vrrp.pid"));
        Path log = dir.resolve("daemon.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new PrivateDaemon(tmp, log, p);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGUSR2, then keepalived's stats file parsed as instance -> "Section.Name" (or "Name") -> value. */
    Map<String, Map<String, Long>> stats() throws Exception {
        Path file = tmp.resolve("keepalived.stats");
        Files.deleteIfExists(file);
        Netns.run("kill", "-USR2", Long.toString(process.pid()));
        VrrpLab.waitFor("the stats dump", 10_000, () -> Files.exists(file));
        Map<String, Map<String, Long>> stats = new HashMap<>();
        Map<String, Long> current = null;
        String section = null;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("VRRP Instance: ")) {
                current = new HashMap<>();
                stats.put(line.substring("VRRP Instance: ".length()).trim(), current);
                continue;
            }
            int colon = line.indexOf(':');
            if (current == null || colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (value.isEmpty()) {
                section = name;
            } else if (line.startsWith("    ")) {
                current.put(section + "." + name, Long.parseLong(value));
            } else {
                current.put(name, Long.parseLong(value));
            }
        }
        return stats;
    }

    /** Kills the daemon and its children (by pid, never by name). */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
