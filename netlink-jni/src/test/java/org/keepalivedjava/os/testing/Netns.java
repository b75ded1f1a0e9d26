package org.keepalivedjava.os.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.keepalivedjava.os.libc.Native;

/**
 * A throw-away network namespace for real-kernel tests (root only). Named {@code kj-<purpose>-<random>} so it is
 * ours and unique; {@link #close()} deletes it after killing whatever still runs in it. Use with
 * try-with-resources or from @AfterAll, so it goes even when a test fails.
 *
 * <p>{@link #call} runs code on a fresh thread that has entered the namespace: sockets created there stay in the
 * namespace for their whole life, whichever thread uses them afterwards. That lets one test JVM drive several
 * "hosts" at once without running the JVM itself inside a namespace.
 *
 * <p>Network safety: only namespaces we create, only documentation addresses (RFC 5737, RFC 3849).
 */
public final class Netns implements AutoCloseable {
    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates {@code kj-<purpose>-<random>} with its loopback up. */
    public static Netns create(String purpose) {
        String name = "kj-" + purpose + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        run("ip", "netns", "add", name);
        Netns ns = new Netns(name);
        try {
            ns.ip("link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs {@code ip ARGS...} inside the namespace; fails the test with ip's stderr if it fails. */
    public String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** Runs any command inside the namespace (ip netns exec). */
    public String exec(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /**
     * Links this namespace to {@code peer} with a veth pair: {@code localIf} here, {@code peerIf} there, both up.
     * IPv6 DAD is switched off on both ends so addresses are usable at once.
     */
    public void vethTo(Netns peer, String localIf, String peerIf) {
        String tmp = "kjv" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        ip("link", "add", localIf, "type", "veth", "peer", "name", tmp);
        ip("link", "set", tmp, "netns", peer.name);
        peer.ip("link", "set", tmp, "name", peerIf);
        for (Netns ns : List.of(this, peer)) {
            String dev = ns == this ? localIf : peerIf;
            ns.exec("sysctl", "-q", "-w", "net.ipv6.conf." + dev + ".accept_dad=0");
            ns.ip("link", "set", dev, "up");
        }
    }

    /** Runs {@code body} on a new thread inside this namespace and returns its result (rethrowing its failure). */
    public <T> T call(Callable<T> body) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                Native.enterNetworkNamespace("/var/run/netns/" + name);
                result[0] = body.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "netns-" + name);
        t.start();
        t.join(TimeUnit.MINUTES.toMillis(2));
        if (t.isAlive()) {
            t.interrupt();
            throw new IllegalStateException("code in namespace " + name + " did not finish within 2 minutes");
        }
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new ExecutionException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T t0 = (T) result[0];
        return t0;
    }

    /** Kills what still runs in the namespace and deletes it. Never throws. */
    @Override
    public void close() {
        try {
            String pids = run("ip", "netns", "pids", name).trim();
            if (!pids.isEmpty()) {
                List<String> kill = new ArrayList<>(List.of("kill", "-9"));
                kill.addAll(List.of(pids.split("\\s+")));
                runQuietly(kill.toArray(String[]::new));
            }
        } catch (RuntimeException ignored) {
            // the namespace may already be gone
        }
        runQuietly("ip", "netns", "delete", name);
    }

    /** Runs a command, returning stdout; throws with stderr if it exits non-zero. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + ": timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": "
                        + new String(err, StandardCharsets.UTF_8).trim());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", cmd) + ": interrupted", e);
        }
    }

    private static void runQuietly(String... cmd) {
        try {
            run(cmd);
        } catch (RuntimeException ignored) {
            // best effort cleanup
        }
    }
}
