package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/keepalived-java-cds of the BUILT distribution: the archive it writes is one the installed JVM accepts with
 * -Xshare:on (where a mismatch is an error, not a silent fallback), and the launcher ignores a broken archive
 * instead of failing. As root the training runs the daemon in a kj-cds-PID namespace and writes one archive per
 * JVM (the children's next to the parent's); otherwise it trains on -t and writes the parent's only.
 */
class CdsIT {
    @TempDir
    Path tmp;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void generatedArchiveIsAcceptedByTheJvm() throws Exception {
        Path archive = tmp.resolve("kj.jsa");
        DistributionIT.Run made = DistributionIT.run(tmp, Map.of(),
                List.of(DistributionIT.DIST.resolve("bin/keepalived-java-cds").toString(), "--archive",
                        archive.toString()));
        assertEquals(0, made.status(), made.out() + made.err());

        assertAccepted(archive);
        if (DebIT.isRoot()) {
            // Trained in a namespace: each child has its own archive next to the parent's (ChildSpec.childArchive).
            assertAccepted(tmp.resolve("kj-vrrp.jsa"));
            assertAccepted(tmp.resolve("kj-checker.jsa"));
        }
    }

    private void assertAccepted(Path archive) throws Exception {
        assertTrue(Files.isRegularFile(archive) && Files.size(archive) > 0, archive + " missing or empty");
        String classPath = DistributionIT.DIST.toAbsolutePath().resolve("lib") + "/*";
        DistributionIT.Run used = DistributionIT.run(tmp, Map.of(), List.of(java(), "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive, "-XX:+UseSerialGC", "-Xmx64m", "-XX:+UseCompressedOops",
                "-cp", classPath, "org.keepalivedjava.cli.Main", "-v"));
        assertEquals(0, used.status(), used.out() + used.err());
        assertTrue((used.out() + used.err()).contains("keepalived-java v"), used.out() + used.err());
    }

    @Test
    void brokenArchiveIsIgnoredByTheLauncher() throws Exception {
        Path archive = tmp.resolve("broken.jsa");
        Files.writeString(archive, "not an archive");
        DistributionIT.Run r = DistributionIT.run(tmp, Map.of("KEEPALIVED_JAVA_CDS_ARCHIVE", archive.toString()),
                List.of(DistributionIT.LAUNCHER.toAbsolutePath().toString(), "-v"));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains("keepalived-java v"), r.out() + r.err());
    }
}
