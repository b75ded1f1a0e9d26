package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BUILT distribution under Debian's jsvc (Commons Daemon), as an init script would run it:
 * {@code jsvc -nodetach -cp lib/* ... org.keepalivedjava.daemon.KeepalivedDaemon -f CONF}. SIGTERM to jsvc's
 * process must reach Daemon.stop() (the parent must not take SIGTERM from jsvc) and end everything cleanly.
 * Tagged root because it needs the jsvc package, which CI (root) installs; waits are hang guards.
 */
@Tag("root")
class JsvcIT {
    static final long GUARD_MS = 60_000;

    @TempDir
    Path tmp;

    @Test
    void jsvcRunsAndStopsTheDaemon() throws Exception {
        Path conf = Files.writeString(tmp.resolve("idle.conf"), "global_defs {\n    router_id lb1\n}\n");
        Path jsvcPid = tmp.resolve("jsvc.pid");
        Path ourPid = tmp.resolve("k.pid");
        Path out = tmp.resolve("out.log");
        String classPath;
        try (Stream<Path> libs = Files.list(DistributionIT.DIST.resolve("lib").toAbsolutePath())) {
            classPath = libs.map(Path::toString).sorted().collect(Collectors.joining(":"));
        }
        Process jsvc = new ProcessBuilder("/usr/bin/jsvc", "-nodetach", "-home", System.getProperty("java.home"),
                "-cp", classPath, "-pidfile", jsvcPid.toString(), "-outfile", out.toString(), "-errfile", "&1",
                "org.keepalivedjava.daemon.KeepalivedDaemon", "-l", "-G", "-f", conf.toString(), "-p", ourPid.toString())
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("jsvc.log").toFile())
                .start();
        try {
            awaitTrue("the daemon runs under jsvc", () -> read(out).contains("no configuration to run"), jsvc);
            assertTrue(Files.exists(ourPid), "keepalived's own pid file (-p)");
            long pid = Long.parseLong(Files.readString(jsvcPid).trim());
            assertEquals(pid + "\n", Files.readString(ourPid), "the parent is jsvc's JVM process");

            long t0 = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroy(); // SIGTERM, as `jsvc -stop` sends
            assertTrue(jsvc.waitFor(GUARD_MS, TimeUnit.MILLISECONDS), "jsvc ends after SIGTERM\n" + read(out));
            System.out.println("jsvc: SIGTERM to exit " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals(0, jsvc.exitValue(), read(out) + read(tmp.resolve("jsvc.log")));
            assertTrue(read(out).contains("Stopped keepalived-java"), read(out));
            assertFalse(read(out).contains("Received SIGTERM"), "jsvc, not the parent's loop, took SIGTERM");
            assertFalse(Files.exists(ourPid), "pid file removed");
        } finally {
            jsvc.descendants().forEach(ProcessHandle::destroyForcibly);
            jsvc.destroyForcibly();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition, Process p) throws InterruptedException {
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                fail(what + ": jsvc exited with " + p.exitValue());
            }
            if (System.nanoTime() - giveUp > 0) {
                fail(what + ": not within the hang guard");
            }
            Thread.sleep(20);
        }
    }

}
