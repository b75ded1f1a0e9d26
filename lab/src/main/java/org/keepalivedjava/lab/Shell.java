package org.keepalivedjava.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short commands (ip, kill, mkfifo) and waits for them. IO. */
final class Shell {
    private Shell() {
    }

    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    /** Runs {@code argv} with stdout and stderr merged; a command still running after 30 s is killed. */
    static Result run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", argv) + ": timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, String.join(" ", argv) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, String.join(" ", argv) + ": interrupted");
        }
    }

    static Result run(String... argv) {
        return run(List.of(argv));
    }

    /**
     * The command that sends {@code signal} to {@code pid}: the shell's kill builtin, because a JVM can only
     * send TERM and KILL, and /bin/kill (procps) is not on every machine the .deb installs on.
     */
    static List<String> signal(String signal, long pid) {
        return List.of("sh", "-c", "kill -s " + signal + " " + pid);
    }

    static void must(List<String> argv) {
        must(argv.toArray(new String[0]));
    }

    /** Runs a setup step; a failure is fatal for the lab. */
    static void must(String... argv) {
        Result r = run(argv);
        if (!r.ok()) {
            throw new LabException(String.join(" ", argv) + " failed (" + r.status() + "): " + r.output().trim());
        }
    }
}
