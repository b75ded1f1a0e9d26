package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the BUILT distribution (target/keepalived-java, assembled at `package`) the way a user would: through a
 * symlink, from an unrelated working directory.
 */
class DistributionIT {
    static final Path DIST = Path.of(System.getProperty("distribution.dir", "target/keepalived-java"));
    static final Path TARBALL = Path.of(System.getProperty("distribution.tarball", "target/none.tar.gz"));
    static final String VERSION = System.getProperty("distribution.version", "?");
    static final Path LAUNCHER = DIST.resolve("bin/keepalived-java");

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    static Run run(Path cwd, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile("kj-out", ".txt");
        Path err = Files.createTempFile("kj-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not finish: " + command);
        }
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** A symlink to the launcher in a directory of its own, run from yet another directory. */
    Run viaSymlink(String... args) throws Exception {
        Path links = Files.createDirectories(tmp.resolve("links"));
        Path link = links.resolve("kj");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, LAUNCHER.toAbsolutePath());
        }
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
        List<String> cmd = new ArrayList<>();
        cmd.add(link.toString());
        cmd.addAll(Arrays.asList(args));
        return run(cwd, Map.of(), cmd);
    }

    @Test
    void treeHasLauncherLibsAndSample() throws Exception {
        assertTrue(Files.getPosixFilePermissions(LAUNCHER).contains(PosixFilePermission.OWNER_EXECUTE));
        assertTrue(Files.readString(LAUNCHER).startsWith("#!/bin/sh\n"));
        assertTrue(Files.exists(DIST.resolve("lib/keepalived-java-" + VERSION + ".jar")));
        assertTrue(Files.exists(DIST.resolve("lib/netlink-jni-" + VERSION + ".jar")));
        try (var libs = Files.list(DIST.resolve("lib"))) {
            assertTrue(libs.anyMatch(p -> p.getFileName().toString().matches("jffi-.*-native\\.jar")),
                    "jffi's native jar is needed at run time");
        }
        // Unpacked once at build time so that no JVM start extracts it to /tmp (os.libc.JffiLibrary).
        assertTrue(Files.isRegularFile(DIST.resolve("lib/jni/x86_64-Linux/libjffi-1.2.so")));
        assertTrue(Files.isRegularFile(DIST.resolve("lib/jni/aarch64-Linux/libjffi-1.2.so")));
        assertTrue(Files.readString(DIST.resolve("etc/keepalived/keepalived.conf")).contains("vrrp_instance"));
    }

    @Test
    void versionThroughSymlinkFromAnotherDirectory() throws Exception {
        Run r = viaSymlink("-v");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().startsWith("keepalived-java v" + VERSION + " (Keepalived v2.2.7 compatible)\n"), r.err());
    }

    @Test
    void helpAndUnknownOption() throws Exception {
        Run help = viaSymlink("--help");
        assertEquals(0, help.status());
        assertTrue(help.err().startsWith("Usage: keepalived-java [OPTION...]"), help.err());
        Run bad = viaSymlink("--frobnicate");
        assertEquals(1, bad.status());
        assertTrue(bad.err().startsWith("Unknown option --frobnicate\nUsage: keepalived-java [OPTION...]"), bad.err());
    }

    @Test
    void configTestGoodAndBadWithRelativeConfigPath() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(cwd.resolve("good.conf"), "global_defs {\n    router_id lb1\n}\n");
        Files.writeString(cwd.resolve("bad.conf"), "global_defs {\n    router_id lb1\n    frobnicate 3\n}\n");
        Run good = viaSymlink("-t", "-f", "good.conf");
        assertEquals(0, good.status(), good.err());
        assertEquals("", good.err());
        Run bad = viaSymlink("--config-test", "--use-file=bad.conf");
        assertEquals(5, bad.status(), bad.err());
        assertTrue(bad.err().contains("Line 3) Unknown keyword 'frobnicate'"), bad.err());
    }

    @Test
    void configTestWritesToAttachedLogFile() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(cwd.resolve("bad.conf"), "global_defs {\n    frobnicate 3\n}\n");
        Run r = viaSymlink("--config-test=t.log", "-f", "bad.conf");
        assertEquals(5, r.status());
        assertTrue(Files.readString(cwd.resolve("t.log")).contains("Unknown keyword 'frobnicate'"));
    }

    @Test
    void launcherWithNothingToRunStaysUpUntilSigterm() throws Exception {
        // keepalived 2.2.7 with neither VRRP nor virtual servers warns and idles until stopped; so do we.
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(cwd.resolve("good.conf"), "global_defs {\n    router_id lb1\n}\n");
        Path pid = tmp.resolve("k.pid");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(LAUNCHER.toAbsolutePath().toString(), "-n", "-l", "-G", "-f", "good.conf",
                "-p", pid.toString()).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(err.toFile()).start();
        try {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // hang guard only
            while (!Files.readString(err).contains("Warning - keepalived has no configuration to run")) {
                assertTrue(p.isAlive(), Files.readString(err));
                assertTrue(System.nanoTime() < giveUp, "no warning in 60 s: " + Files.readString(err));
                Thread.sleep(50);
            }
            assertTrue(Files.exists(pid), "pid file held while running");
            assertTrue(p.isAlive(), "stays up");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
            assertEquals(0, p.exitValue(), Files.readString(err));
            assertTrue(!Files.exists(pid), "pid file removed");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void javaHomeIsHonoured() throws Exception {
        Path fakeHome = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path fakeJava = fakeHome.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"fake java $*\"\n", StandardCharsets.UTF_8);
        fakeJava.toFile().setExecutable(true);
        Run r = run(tmp, Map.of("JAVA_HOME", tmp.resolve("jdk").toString()), List.of(LAUNCHER.toString(), "-v"));
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("fake java -XX:+UseSerialGC"), r.out());
        assertTrue(r.out().contains("org.keepalivedjava.cli.Main -v"), r.out());
    }

    @Test
    void tarballHoldsTheTree() throws Exception {
        Run r = run(tmp, Map.of(), List.of("tar", "tzvf", TARBALL.toAbsolutePath().toString()));
        assertEquals(0, r.status(), r.err());
        String listing = r.out();
        assertTrue(listing.contains("-rwxr-xr-x") && listing.contains(" keepalived-java/bin/keepalived-java\n"), listing);
        assertTrue(listing.contains(" keepalived-java/etc/keepalived/keepalived.conf\n"), listing);
        assertTrue(listing.contains(" keepalived-java/lib/keepalived-java-" + VERSION + ".jar\n"), listing);
        // Unpacked elsewhere it runs as well.
        Run x = run(tmp, Map.of(), List.of("tar", "xzf", TARBALL.toAbsolutePath().toString()));
        assertEquals(0, x.status(), x.err());
        Run v = run(tmp, Map.of(), List.of(tmp.resolve("keepalived-java/bin/keepalived-java").toString(), "-v"));
        assertEquals(0, v.status(), v.err());
    }
}
