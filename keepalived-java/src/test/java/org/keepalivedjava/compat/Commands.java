package org.keepalivedjava.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external commands for the compatibility harness, capturing their output through files (no pipe deadlock). */
final class Commands {
    private Commands() {
    }

    /** What a command did. {@code timedOut} means it was killed after its time limit, so {@code exit} is meaningless. */
    record Result(int exit, String stdout, String stderr, boolean timedOut) {
        String describe() {
            return (timedOut ? "TIMED OUT" : "exit " + exit) + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    static Result run(List<String> command, Path workDir, long timeoutSeconds) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("kj-cmd-out", ".txt");
            err = Files.createTempFile("kj-cmd-err", ".txt");
            Process p = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                // Only the process we started, by its handle (never by name).
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            return new Result(done ? p.exitValue() : -1, read(out), read(err), !done);
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + command + ": " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted running " + command, true);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** Runs a setup command that must succeed. */
    static void mustRun(List<String> command) {
        Result r = run(command, Path.of("/"), 30);
        if (r.timedOut() || r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.describe());
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.ISO_8859_1);
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A leftover temp file is harmless; the result matters more.
            }
        }
    }
}
