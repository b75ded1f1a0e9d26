package org.keepalivedjava.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Removes labs: every process inside their namespaces (SIGKILL by pid, as {@code ip netns pids} lists them),
 * the namespaces, and their work directories. {@code keepalived-lab clean} uses it for every kj-lab- lab, e.g.
 * after a lab was SIGKILLed and could not clean up itself; a lab's own {@link Lab#close()} for its own id.
 */
public final class Cleaner {
    private Cleaner() {
    }

    /** The namespace names that belong to {@code idOrPrefix}: "kj-lab-" matches all labs, "kj-lab-42" one lab. */
    static List<String> matching(List<String> ipNetnsList, String idOrPrefix) {
        String prefix = idOrPrefix.endsWith("-") ? idOrPrefix : idOrPrefix + "-";
        List<String> out = new ArrayList<>();
        for (String line : ipNetnsList) {
            String name = line.trim().split("\\s+")[0];
            if (name.startsWith(prefix) && name.startsWith(LabPlan.PREFIX)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Deletes the namespaces of {@code idOrPrefix} and kills what runs in them; returns how many it deleted. */
    public static int deleteNamespaces(String idOrPrefix, PrintStream out) {
        List<String> names = matching(Shell.run("ip", "netns", "list").output().lines().toList(), idOrPrefix);
        List<ProcessHandle> killed = new ArrayList<>();
        for (String ns : names) {
            for (String pid : Shell.run("ip", "netns", "pids", ns).output().lines().toList()) {
                try {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(h -> {
                        h.destroyForcibly();
                        killed.add(h);
                    });
                } catch (NumberFormatException e) {
                    // not a pid line
                }
            }
        }
        Lab.awaitGone(killed, TimeUnit.SECONDS.toNanos(10));
        for (ProcessHandle h : killed) {
            if (h.isAlive()) {
                out.println("keepalived-lab: process " + h.pid() + " did not exit after SIGKILL");
            }
        }
        int deleted = 0;
        for (String ns : names) {
            Shell.Result r = Shell.run("ip", "netns", "del", ns);
            if (r.ok()) {
                deleted++;
            } else {
                out.println("keepalived-lab: ip netns del " + ns + ": " + r.output().trim());
            }
        }
        return deleted;
    }

    /** Cleans every lab on this machine; prints what it did. Returns 0, or 1 if something could not be removed. */
    public static int cleanAll(Path tmp, PrintStream out) {
        List<String> before = matching(Shell.run("ip", "netns", "list").output().lines().toList(), LabPlan.PREFIX);
        int deleted = deleteNamespaces(LabPlan.PREFIX, out);
        int dirs = 0;
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(LabPlan.PREFIX)
                    && Files.isDirectory(p)).toList()) {
                Lab.deleteDirectory(p);
                dirs++;
            }
        } catch (IOException e) {
            out.println("keepalived-lab: cannot list " + tmp + ": " + e.getMessage());
        }
        out.println("keepalived-lab: removed " + deleted + " namespace(s)"
                + (before.isEmpty() ? "" : " (" + String.join(" ", before) + ")") + " and " + dirs
                + " work director" + (dirs == 1 ? "y" : "ies"));
        return deleted == before.size() ? 0 : 1;
    }
}
