package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BUILT .deb (target/keepalived-java_VERSION_all.deb, made by jdeb at `package`) as dpkg-deb and lintian
 * see it: control fields, files with their modes, conffiles, md5sums, the service files' key settings, and no
 * lintian error. Installing it for real is {@link DebInstallIT}.
 */
class DebIT {
    static final Path DEB = Path.of(System.getProperty("distribution.deb", "target/none.deb"));
    static final String VERSION = DistributionIT.VERSION;

    @TempDir
    static Path tmp;
    /** The package's files and control files, unpacked once (xz is slow on a busy host). */
    static Path root;
    static Path control;

    @BeforeAll
    static void unpack() throws Exception {
        assertTrue(Files.isRegularFile(DEB), "built by mvn package: " + DEB);
        root = tmp.resolve("root");
        control = tmp.resolve("DEBIAN");
        assertEquals(0, run("dpkg-deb", "-x", DEB.toString(), root.toString()).status());
        assertEquals(0, run("dpkg-deb", "-e", DEB.toString(), control.toString()).status());
    }

    record Run(int status, String out) {
    }

    /** Runs a command to its end (hang guard only), stdout and stderr together. */
    static Run run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kj-deb", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("did not finish: " + String.join(" ", command));
            }
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static String field(String name) throws Exception {
        Run r = run("dpkg-deb", "-f", DEB.toString(), name);
        assertEquals(0, r.status(), r.out());
        return r.out().strip();
    }

    @Test
    void controlFields() throws Exception {
        assertTrue(Files.isRegularFile(DEB), "built by mvn package: " + DEB);
        assertEquals("keepalived-java_" + VERSION + "_all.deb", DEB.getFileName().toString());
        assertEquals("keepalived-java", field("Package"));
        assertEquals(VERSION, field("Version"));
        assertEquals("all", field("Architecture"));
        assertEquals("net", field("Section"));
        List<String> depends = Arrays.stream(field("Depends").split(",")).map(String::strip).toList();
        assertEquals(List.of("default-jre-headless (>= 2:1.17) | java17-runtime-headless", "jsvc", "iproute2"), depends);
        // invoke-rc.d --skip-systemd-native in the maintainer scripts needs this version.
        assertEquals("init-system-helpers (>= 1.54~)", field("Pre-Depends"));
        assertTrue(Integer.parseInt(field("Installed-Size")) > 1000, "KiB; the jars alone are several MiB");
        assertTrue(field("Description").startsWith("keepalived-compatible"));
    }

    @Test
    void filesAndModes() throws Exception {
        Run r = run("dpkg-deb", "-c", DEB.toString());
        assertEquals(0, r.status(), r.out());
        Map<String, String> modes = new TreeMap<>(); // path -> "mode owner" (symlinks: "-> target")
        for (String line : r.out().split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length < 6) {
                continue;
            }
            String path = w[5].replaceFirst("^\\./", "/");
            modes.put(path, w.length >= 8 && "->".equals(w[6]) ? "-> " + w[7] : w[0] + " " + w[1]);
        }
        assertEquals("-rwxr-xr-x root/root", modes.get("/usr/share/keepalived-java/bin/keepalived-java"), r.out());
        assertEquals("-> ../share/keepalived-java/bin/keepalived-java", modes.get("/usr/sbin/keepalived-java"));
        assertEquals("-rwxr-xr-x root/root", modes.get("/etc/init.d/keepalived-java"));
        assertEquals("-rw-r--r-- root/root", modes.get("/etc/default/keepalived-java"));
        assertEquals("-rw-r--r-- root/root", modes.get("/lib/systemd/system/keepalived-java.service"));
        assertEquals("-rw-r--r-- root/root", modes.get("/usr/share/keepalived-java/lib/keepalived-java-" + VERSION + ".jar"));
        assertEquals("-rw-r--r-- root/root", modes.get("/usr/share/keepalived-java/default/keepalived.conf"));
        assertEquals("-rw-r--r-- root/root", modes.get("/usr/share/keepalived-java/etc/keepalived/keepalived.conf"));
        assertEquals("-rw-r--r-- root/root", modes.get("/usr/share/doc/keepalived-java/copyright"));
        assertEquals("-rw-r--r-- root/root", modes.get("/usr/share/doc/keepalived-java/changelog.gz"));
        assertEquals("-rw-r--r-- root/root", modes.get("/usr/share/man/man8/keepalived-java.8.gz"));
        assertEquals("-rw-r--r-- root/root", modes.get("/usr/share/lintian/overrides/keepalived-java"));
        // Not shipped: keepalived (the C daemon) reads the same file; postinst creates it only when absent.
        assertFalse(modes.containsKey("/etc/keepalived/keepalived.conf"), "see postinst");
        assertEquals(List.of(), modes.keySet().stream()
                .filter(p -> !p.startsWith("/usr/") && !p.startsWith("/etc/default/") && !p.startsWith("/etc/init.d/")
                        && !p.startsWith("/lib/systemd/system/") && !p.matches("/(etc|lib|lib/systemd)?/?"))
                .toList(), "nothing outside the package's own paths");
        assertEquals(modes.keySet().stream().filter(p -> p.startsWith("/usr/share/keepalived-java/lib/")).count(),
                countJars(DistributionIT.DIST.resolve("lib")) + 1, "every jar of the distribution (+ the directory)");
        assertFalse(modes.keySet().stream().anyMatch(p -> p.contains("/lib/jni/")),
                "no native library in an Architecture: all package (the distribution's lib/jni is left out)");
    }

    @Test
    void conffilesAndMd5sums() throws Exception {
        assertEquals(List.of("/etc/default/keepalived-java", "/etc/init.d/keepalived-java"),
                Files.readAllLines(control.resolve("conffiles")).stream().filter(l -> !l.isBlank()).sorted().toList());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(Files.isExecutable(control.resolve(script)), script);
            assertEquals(0, run("sh", "-n", control.resolve(script).toString()).status(), script + " parses");
        }
        // md5sums: every regular file, with a checksum md5sum agrees with.
        List<String> sums = Files.readAllLines(control.resolve("md5sums"));
        long files;
        try (var walk = Files.walk(root)) {
            files = walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).count();
        }
        assertEquals(files, sums.size(), "one line per regular file");
        Run check = runIn(root, "md5sum", "--check", "--strict", control.resolve("md5sums").toString());
        assertEquals(0, check.status(), check.out());
    }

    @Test
    void changelogAndManualPageAreGzippedTheDebianWay() throws Exception {
        for (String gz : List.of("usr/share/doc/keepalived-java/changelog.gz", "usr/share/man/man8/keepalived-java.8.gz")) {
            byte[] header = Arrays.copyOf(Files.readAllBytes(root.resolve(gz)), 10);
            // RFC 1952: FLG (no FNAME), MTIME zero (gzip -n), XFL 2 (maximum compression, gzip -9).
            assertEquals(0, header[3], gz + ": no file name in the header");
            assertArrayEquals(new byte[4], Arrays.copyOfRange(header, 4, 8), gz + ": no time stamp");
            assertEquals(2, header[8], gz + ": -9");
        }
        String changelog;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(root.resolve("usr/share/doc/keepalived-java/changelog.gz")))) {
            changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(changelog.startsWith("keepalived-java (" + VERSION + ") unstable; urgency=medium\n"), changelog);
        // Debian changelog format (deb-changelog(5)): the trailer line with maintainer and RFC 5322 date.
        assertTrue(changelog.lines().anyMatch(l -> l.matches(
                " -- [^<]+ <[^>]+>  \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}")), changelog);
    }

    @Test
    void serviceFiles() throws Exception {
        List<String> unit = Files.readAllLines(root.resolve("lib/systemd/system/keepalived-java.service"));
        for (String line : List.of("Type=notify", "ExecStart=/usr/sbin/keepalived-java -n $DAEMON_ARGS",
                "ExecReload=/usr/sbin/keepalived-java -t $DAEMON_ARGS", "ExecReload=/bin/kill -HUP $MAINPID", "KillMode=process", "Restart=on-failure",
                "EnvironmentFile=-/etc/default/keepalived-java", "After=network-online.target",
                "Wants=network-online.target", "WantedBy=multi-user.target")) {
            assertTrue(unit.contains(line), "unit has " + line);
        }
        String init = Files.readString(root.resolve("etc/init.d/keepalived-java"));
        assertTrue(init.startsWith("#!/bin/sh\n### BEGIN INIT INFO\n"), "LSB header");
        assertTrue(init.contains("org.keepalivedjava.daemon.KeepalivedDaemon"), "jsvc runs the Commons Daemon class");
        for (String action : List.of("start)", "stop)", "restart)", "reload|force-reload)", "status)")) {
            assertTrue(init.contains("\n    " + action), action);
        }
        Run syntax = run("sh", "-n", root.resolve("etc/init.d/keepalived-java").toString());
        assertEquals(0, syntax.status(), syntax.out());
        assertTrue(Files.readAllLines(root.resolve("etc/default/keepalived-java")).contains("DAEMON_ARGS=\"\""));
    }

    /**
     * lintian must find no error. CI (root) installs lintian, so there its absence fails the test; a developer
     * without it (not root, cannot apt-get it) skips this one test.
     */
    @Test
    void lintianReportsNoError() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/lintian"));
        if (!present) {
            assumeTrue(isRoot(), "lintian is not installed (apt-get install lintian); skipped for a non-root developer");
            fail("lintian is not installed; CI installs it (.ci/run)");
        }
        Run r = run("lintian", "--tag-display-limit", "0", "--display-info", DEB.toString());
        System.out.println("lintian:\n" + r.out());
        List<String> errors = r.out().lines().filter(l -> l.startsWith("E: ")).collect(Collectors.toList());
        assertEquals(List.of(), errors, r.out());
        // lintian exits 2 when it could not run at all (bad package, internal error), 1 on errors.
        assertEquals(0, r.status(), r.out());
    }

    static boolean isRoot() throws Exception {
        return "0".equals(run("id", "-u").out().strip());
    }

    private static long countJars(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".jar")).count();
        }
    }

    private static Run runIn(Path cwd, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("did not finish: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), out);
    }
}
