package org.keepalivedjava.checkers.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.keepalivedjava.checkers.child.CheckerChildMain;
import org.keepalivedjava.os.testing.Netns;

/**
 * The checker child as a real process inside a namespace: {@code ip netns exec NS java <child JVM flags> -cp <test
 * class path> CheckerChildMain -n -l -D -G -f CONF} (ip execs java, so the process's pid is the JVM's). Its console
 * log is kept line by line (and copied to a file for post-mortems).
 */
final class ChildProcess implements AutoCloseable {
    /** The flags the daemon starts its children with (ChildSpec.DEFAULT_JVM_FLAGS). */
    static final List<String> CHILD_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildProcess(Process process, Path logCopy) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                 PrintWriter copy = new PrintWriter(Files.newBufferedWriter(logCopy), true)) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    copy.println(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "child-log");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(Netns ns, Path config, List<String> extraJvmFlags, Path logCopy) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(),
                System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(CHILD_JVM_FLAGS);
        cmd.addAll(extraJvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")),
                CheckerChildMain.class.getName(), "-n", "-l", "-D", "-G", "-f", config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        return new ChildProcess(p, logCopy);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    String output() {
        return String.join("\n", lines);
    }

    void waitForLine(String text, long timeoutMs) throws InterruptedException {
        waitFor(() -> count(text) > 0, timeoutMs, "log line '" + text + "'");
    }

    void waitFor(BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what + "; child output:\n" + output());
            }
            if (!process.isAlive()) {
                throw new AssertionError("child exited (" + process.exitValue() + ") while waiting for " + what
                        + "; output:\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** SIGTERM, then the exit status (or -1 if it did not stop within the timeout; it is then killed). */
    int terminate(long timeoutMs) throws Exception {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        reader.join(2000);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
