package org.keepalivedjava.config.lex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.ConfigTestVerdict;
import org.keepalivedjava.config.Diagnostics;

/** Include handling on real files; expectations observed with keepalived -t 2.2.7 on the same trees. */
class PreprocessorIncludeTest {
    @TempDir
    Path dir;

    private final Diagnostics diagnostics = new Diagnostics();

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.ISO_8859_1);
        return p;
    }

    private List<String> load(Path main, boolean allConfig) {
        LoadOptions options = LoadOptions.defaults().withConfigId("main").withAllConfig(allConfig).withRandomSeed(1);
        return new Preprocessor(options, diagnostics).load(main).stream()
                .map(l -> l.location().toString() + " " + String.join("|", l.words()))
                .toList();
    }

    private List<String> messages() {
        return diagnostics.all().stream()
                .map(d -> (d.isWarning() ? "WARNING" : d.status().name()) + " " + d.format())
                .toList();
    }

    private String m(String name, int line) {
        return "(" + dir.resolve(name) + ": Line " + line + ")";
    }

    @Test
    void includesAreRelativeToTheIncludingFileAndNamedAsWritten() throws IOException {
        write("a.conf", "in_a\n");
        write("sub/x.conf", "in_x\ninclude ../a.conf\ninclude y.conf\nlast_x\n");
        write("sub/y.conf", "in_y\n");
        Path main = write("m.conf", "first\ninclude sub/x.conf\nafter\n");
        assertEquals(List.of(m("m.conf", 1) + " first", "(sub/x.conf: Line 1) in_x", "(../a.conf: Line 1) in_a",
                "(y.conf: Line 1) in_y", "(sub/x.conf: Line 4) last_x", m("m.conf", 3) + " after"), load(main, false));
        assertEquals(List.of(), messages());
    }

    @Test
    void globMatchesAreSortedAndBracesExpandInOrder() throws IOException {
        write("conf.d/20-b.conf", "b\n");
        write("conf.d/10-a.conf", "a\n");
        write("conf.d/.hidden.conf", "hidden\n");
        write("z.conf", "z\n");
        write("y.conf", "y\n");
        Path main = write("m.conf", "include conf.d/*.conf\ninclude {z,y}.conf\n");
        assertEquals(List.of("(conf.d/10-a.conf: Line 1) a", "(conf.d/20-b.conf: Line 1) b", "(z.conf: Line 1) z",
                "(y.conf: Line 1) y"), load(main, false));
    }

    @Test
    void missingIncludesAreWarningsByDefault() throws IOException {
        write("a.conf", "in_a\n");
        Files.createDirectories(dir.resolve("dir.conf"));
        write("exec.conf", "x\n");
        Files.setPosixFilePermissions(dir.resolve("exec.conf"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path main = write("m.conf", String.join("\n", "include missing.conf", "include nodir/*.conf",
                "include {a,zz}.conf", "include a.conf b.conf", "include \"a.conf\"", "include exec.conf",
                "include dir.conf", "include *.none", "include g\\ h", "include", "") );
        assertEquals(List.of("(a.conf: Line 1) in_a", m("m.conf", 10) + " include"), load(main, false));
        assertEquals(List.of(
                "WARNING " + m("m.conf", 1) + " Config files missing 'missing.conf'.",
                "WARNING " + m("m.conf", 2) + " Config files missing 'nodir/*.conf'.",
                "WARNING " + m("m.conf", 3) + " Some config files missing: \"{a,zz}.conf\".",
                "WARNING " + m("m.conf", 4) + " Config files missing 'a.conf b.conf'.",
                "WARNING " + m("m.conf", 5) + " Config files missing '\"a.conf\"'.",
                "WARNING " + m("m.conf", 6) + " Configuration file 'exec.conf' is not a regular non-executable file"
                        + " - skipping",
                "WARNING " + m("m.conf", 7) + " Configuration file 'dir.conf/' is a directory - skipping"), messages());
        assertEquals(ConfigTestVerdict.OK, ConfigTestVerdict.exitCode(diagnostics));
    }

    @Test
    void missingIncludesAreFileNotFoundErrorsWithAllConfig() throws IOException {
        write("a.conf", "in_a\n");
        Path main = write("m.conf", "include missing.conf\ninclude {a,zz}.conf\ninclude *.none\nafter\n");
        assertEquals(List.of(m("m.conf", 4) + " after"), load(main, true));
        assertEquals(List.of(
                "FILE_NOT_FOUND " + m("m.conf", 1) + " Config files missing 'missing.conf'.",
                "FILE_NOT_FOUND " + m("m.conf", 2) + " Some config files missing: \"{a,zz}.conf\".",
                "FILE_NOT_FOUND " + m("m.conf", 3) + " No config files matched '*.none'."), messages());
        assertEquals(ConfigTestVerdict.SECURITY_OR_MISSING_FILE, ConfigTestVerdict.exitCode(diagnostics));
    }

    @Test
    void includeVariantsAndIncludeCheckMakeProblemsErrors() throws IOException {
        // includer only checks readability: a missing file is a "match" problem (keepalived -t exits 0 for it).
        Path main = write("m.conf", "includer gone1.conf\nincludem gone2.conf\ninclude gone3.conf\n"
                + "global_defs {\n include_check\n}\ninclude gone4.conf\n");
        load(main, false);
        assertEquals(List.of(
                "WARNING " + m("m.conf", 1) + " Config files missing 'gone1.conf'.",
                "FILE_NOT_FOUND " + m("m.conf", 2) + " Config files missing 'gone2.conf'.",
                "WARNING " + m("m.conf", 3) + " Config files missing 'gone3.conf'.",
                "FILE_NOT_FOUND " + m("m.conf", 7) + " Config files missing 'gone4.conf'."), messages());
    }

    @Test
    void problemsWithLaterGlobMatchesAreReportedAtTheEndOfThePreviousMatch() throws IOException {
        write("d/a.conf", "one\ntwo\n");
        Files.createDirectories(dir.resolve("d/b.conf"));
        Path main = write("m.conf", "include d/*.conf\n");
        assertEquals(List.of("(d/a.conf: Line 1) one", "(d/a.conf: Line 2) two"), load(main, false));
        assertEquals(List.of("WARNING (d/a.conf: Line 2) Configuration file 'd/b.conf/' is a directory - skipping"),
                messages());
    }

    @Test
    void includeLoopIsReportedOnceInsteadOfRecursing() throws IOException {
        // keepalived 2.2.7's verdict on a loop is 0 (it recurses until out of fds, then skips with a warning)
        write("b.conf", "in_b\ninclude m.conf\n");
        Path main = write("m.conf", "in_m\ninclude b.conf\ninclude m.conf\nafter\n");
        assertEquals(List.of(m("m.conf", 1) + " in_m", "(b.conf: Line 1) in_b", m("m.conf", 4) + " after"),
                load(main, false));
        assertEquals(List.of(
                "WARNING (b.conf: Line 2) Configuration file 'm.conf' is already being read (include loop)"
                        + " - skipping",
                "WARNING " + m("m.conf", 3) + " Configuration file 'm.conf' is already being read (include loop)"
                        + " - skipping"), messages());
    }

    @Test
    void includeLoopIsAnErrorUnderAllConfig() throws IOException {
        write("b.conf", "include m.conf\n");
        Path main = write("m.conf", "include b.conf\n");
        load(main, true);
        assertEquals(List.of(
                "FILE_NOT_FOUND (b.conf: Line 1) Configuration file 'm.conf' is already being read (include loop)"
                        + " - skipping"), messages());
    }

    @Test
    void sameFileTwiceInOneGlobIsNotALoop() throws IOException {
        write("a.conf", "in_a\n");
        Path main = write("m.conf", "include {a,a}.conf\n");
        assertEquals(List.of("(a.conf: Line 1) in_a", "(a.conf: Line 1) in_a"), load(main, false));
        assertEquals(List.of(), messages());
    }

    @Test
    void longIncludeChainIsBounded() throws IOException {
        int depth = ConfigReader.MAX_INCLUDE_DEPTH + 5;
        for (int i = 0; i < depth; i++) {
            write("c" + i + ".conf", "level" + i + "\ninclude c" + (i + 1) + ".conf\n");
        }
        Path main = write("m.conf", "include c0.conf\n");
        List<String> lines = load(main, false);
        assertEquals(ConfigReader.MAX_INCLUDE_DEPTH - 1, lines.size());
        assertEquals(1, diagnostics.warnings().size());
        assertTrue(messages().get(0).endsWith("open problem (Too many open files) - skipping"), messages().get(0));
    }

    @Test
    void sequenceOfIncludesOpensInnermostFirstLikeKeepalived() throws IOException {
        for (int i = 1; i <= 3; i++) {
            write("f" + i + ".conf", "in_f" + i + "\n");
        }
        Path main = write("m.conf", "~SEQ(I,1,3) include f${I}.conf\nafter\n");
        assertEquals(List.of("(f3.conf: Line 1) in_f3", "(f2.conf: Line 1) in_f2", "(f1.conf: Line 1) in_f1",
                m("m.conf", 2) + " after"), load(main, false));
    }

    @Test
    void pwdIsTheDirectoryOfTheCurrentFile() throws IOException {
        write("sub/s.conf", "pwd ${_PWD}\n");
        Path main = write("m.conf", "include sub/s.conf\npwd ${_PWD}\n");
        Path real = dir.toRealPath();
        assertEquals(List.of("(sub/s.conf: Line 1) pwd|" + real.resolve("sub"), m("m.conf", 2) + " pwd|" + real),
                load(main, false));
    }

    @Test
    void missingMainFileIsFileNotFound() {
        Path main = dir.resolve("nope.conf");
        assertEquals(List.of(), load(main, false));
        assertEquals(List.of("FILE_NOT_FOUND Configuration file '" + main + "' not found"), messages());
        assertEquals(ConfigStatus.FILE_NOT_FOUND, diagnostics.status());
    }

    @Test
    void binaryFileIsReadAsBytes() throws IOException {
        byte[] bytes = new byte[64 * 1024];
        new java.util.Random(3).nextBytes(bytes);
        Path main = dir.resolve("bin.conf");
        Files.write(main, bytes);
        List<String> lines = load(main, false);
        assertTrue(lines.size() > 10);
        Path utf8 = write("u.conf", "");
        Files.write(utf8, new byte[] {'r', 'i', 'd', ' ', (byte) 0xc3, (byte) 0xa9, (byte) 0xff, '\n'});
        assertEquals(List.of(m("u.conf", 1) + " rid|\u00c3\u00a9\u00ff"), load(utf8, false));
    }

    @Test
    void largeGeneratedConfigIsLexedCompletely() throws IOException {
        // ~20 MB: linear work only (no timing assertion; see the Javadoc for measured throughput).
        StringBuilder sb = new StringBuilder(21 * 1024 * 1024);
        int instances = 0;
        while (sb.length() < 20 * 1024 * 1024) {
            sb.append("vrrp_instance VI_").append(instances).append(" {\n")
                    .append("    interface eth0 # uplink\n")
                    .append("    virtual_router_id ").append(instances % 255 + 1).append('\n')
                    .append("    priority 100\n")
                    .append("    virtual_ipaddress {\n        192.0.2.").append(instances % 250 + 1).append("/24\n    }\n")
                    .append("    notify \"/usr/local/bin/notify.sh VI_").append(instances).append("\"\n")
                    .append("}\n");
            instances++;
        }
        Path main = dir.resolve("big.conf");
        Files.writeString(main, sb, StandardCharsets.ISO_8859_1);
        List<String> lines = load(main, false);
        assertEquals(instances * 11, lines.size());
        assertEquals(List.of(), messages());
    }
}
