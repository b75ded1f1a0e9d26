package org.keepalivedjava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.lex.LoadOptions;

/**
 * Hostile input through the public loader: every case must come back as diagnostics (a clean error or warning that
 * names the place), never as an exception, a stack trace on the console, unbounded memory or a hang. The
 * {@link Timeout}s are hang guards only (generous, not performance limits).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
    private static final HostView NO_INTERFACES = new HostView() {
        @Override
        public boolean interfaceExists(String name) {
            return false;
        }

        @Override
        public boolean userExists(String name) {
            return "root".equals(name);
        }

        @Override
        public boolean groupExists(String name) {
            return "root".equals(name);
        }
    };

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ helpers

    /** Runs a load with stdout/stderr captured; fails on any exception or anything that looks like a stack trace. */
    private static Diagnostics quietly(Supplier<ConfigLoader.Result> load) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        ConfigLoader.Result result;
        try {
            System.setOut(capture);
            System.setErr(capture);
            result = load.get();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            System.setOut(out);
            System.setErr(err);
            throw new AssertionError("the loader threw instead of reporting a diagnostic: " + e, e);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String console = captured.toString(StandardCharsets.UTF_8);
        assertFalse(console.contains("Exception") || console.contains("\tat "),
                "the loader printed a stack trace:\n" + console);
        assertNotNull(result, "the loader returned no result");
        assertNotNull(result.config(), "the loader returned no config (it must build one even from errors)");
        Diagnostics d = result.diagnostics();
        for (Diagnostic diag : d.all()) {
            assertFalse(diag.message().contains("Exception") || diag.message().contains("\tat "),
                    "a diagnostic carries an exception instead of a message: " + diag);
        }
        assertTrue(d.all().size() <= Diagnostics.MAX_KEPT, "diagnostics must stay bounded");
        return d;
    }

    private static Diagnostics loadText(String name, String text) {
        return quietly(() -> ConfigLoader.loadText(name, text, LoadOptions.defaults().withConfigId("lb1"),
                NO_INTERFACES, new Diagnostics()));
    }

    private static Diagnostics load(Path file, LoadOptions options) {
        return quietly(() -> ConfigLoader.load(file, options, NO_INTERFACES, new Diagnostics()));
    }

    /** At least one error or warning is located in {@code fileName} at a real line. */
    private static void assertNamesPlaceIn(Diagnostics d, String fileName) {
        assertTrue(d.all().stream().anyMatch(x -> x.location().isKnown() && x.location().file().endsWith(fileName)),
                "expected a diagnostic naming a line of " + fileName + ", got " + d.all());
    }

    // ------------------------------------------------------------------ cases

    @Test
    void randomBytesGiveLocatedErrors() {
        Random random = new Random(20240521L);
        for (int round = 0; round < 20; round++) {
            byte[] bytes = new byte[16 * 1024];
            random.nextBytes(bytes);
            Diagnostics d = loadText("random-" + round + ".conf", new String(bytes, StandardCharsets.ISO_8859_1));
            assertTrue(d.hasErrors(), "random bytes cannot be a valid config (round " + round + ")");
            assertNamesPlaceIn(d, "random-" + round + ".conf");
        }
    }

    @Test
    void randomBytesFromDiskGiveLocatedErrors() throws IOException {
        byte[] bytes = new byte[256 * 1024];
        new Random(7L).nextBytes(bytes);
        Path f = Files.write(dir.resolve("random.conf"), bytes);
        Diagnostics d = load(f, LoadOptions.defaults());
        assertTrue(d.hasErrors());
        assertNamesPlaceIn(d, "random.conf");
    }

    @Test
    void nulBytesInsideAKeywordAreReportedAtTheirLine() {
        Diagnostics d = loadText("nul.conf", "global_defs {\n   bogus\0tail 1\n}\n\0\0\0\n");
        assertTrue(d.hasErrors(), "a keyword with a NUL in it is not a keyword");
        assertTrue(d.all().stream().anyMatch(x -> x.location().line() == 2),
                "the NUL line (2) must be named: " + d.all());
    }

    @Test
    void onlyNulBytes() {
        Diagnostics d = loadText("nuls.conf", "\0".repeat(100_000));
        // keepalived reads lines as C strings, so NULs end them; whether that is silence or an error, it must be clean.
        d.all().forEach(x -> assertTrue(x.location().isKnown() || x.isWarning() || !x.message().isBlank()));
    }

    @Test
    void tenMegabytesOfUnknownKeywordsKeepDiagnosticsBounded() throws IOException {
        StringBuilder sb = new StringBuilder(10 * 1024 * 1024 + 100);
        int line = 0;
        while (sb.length() < 10 * 1024 * 1024) {
            sb.append("frobnicate_").append(line++).append(" value {\n}\n");
        }
        Path f = dir.resolve("ten-mb.conf");
        Files.writeString(f, sb, StandardCharsets.ISO_8859_1);
        Diagnostics d = load(f, LoadOptions.defaults());
        assertTrue(d.hasErrors());
        assertEquals(Diagnostics.MAX_KEPT, d.all().size(), "memory for messages is bounded by MAX_KEPT");
        assertTrue(d.dropped() > 0, "the messages beyond MAX_KEPT are counted, not kept");
        assertNamesPlaceIn(d, "ten-mb.conf");
    }

    @Test
    void tenMegabytesOfValidConfigLoads() throws IOException {
        StringBuilder sb = new StringBuilder(10 * 1024 * 1024 + 100);
        while (sb.length() < 10 * 1024 * 1024) {
            sb.append("global_defs {\n   router_id LB_DOC\n}\n# a comment line to pad the file a little more\n");
        }
        Path f = dir.resolve("ten-mb-valid.conf");
        Files.writeString(f, sb, StandardCharsets.ISO_8859_1);
        Diagnostics d = load(f, LoadOptions.defaults());
        assertFalse(d.hasErrors(), () -> "repeated valid global_defs: " + d.all().stream().limit(5).toList());
    }

    @Test
    void hundredThousandDeepNestingDoesNotOverflowTheStack() {
        int depth = 100_000;
        String text = "global_defs {\n" + "frobnicate {\n".repeat(depth) + "}\n".repeat(depth) + "}\n";
        Diagnostics d = loadText("deep.conf", text);
        assertTrue(d.hasErrors());
        assertNamesPlaceIn(d, "deep.conf");
    }

    @Test
    void hundredThousandDeepGluedBracesOnOneLine() {
        int depth = 100_000;
        Diagnostics d = loadText("deep-line.conf", "vrrp_instance VI_1 " + "{".repeat(depth) + "}".repeat(depth));
        assertTrue(d.hasErrors());
        assertNamesPlaceIn(d, "deep-line.conf");
    }

    @Test
    void deepParameterChainExpandsOrFailsCleanly() {
        int depth = 100_000;
        StringBuilder sb = new StringBuilder("$P0=LB_DOC\n");
        for (int i = 1; i < depth; i++) {
            sb.append("$P").append(i).append("=${P").append(i - 1).append("}\n");
        }
        sb.append("global_defs {\n   router_id ${P").append(depth - 1).append("}\n}\n");
        loadText("param-chain.conf", sb.toString());
    }

    @Test
    void selfReferentialParameterTerminates() {
        Diagnostics d = loadText("param-loop.conf",
                "$A=${B}\n$B=${A}\n$C=$C$C\nglobal_defs {\n   router_id ${A}\n   router_id $C\n}\n");
        d.all().forEach(x -> assertTrue(!x.location().isKnown() || x.location().file().equals("param-loop.conf")));
    }

    @Test
    void includeLoopIsReportedAtTheIncludeAndTerminates() throws IOException {
        Files.writeString(dir.resolve("a.conf"), "include b.conf\nglobal_defs {\n   router_id A\n}\n");
        Files.writeString(dir.resolve("b.conf"), "include a.conf\n");
        Diagnostics d = load(dir.resolve("a.conf"), LoadOptions.defaults());
        assertFalse(d.all().isEmpty(), "an include loop must be reported");
        assertTrue(d.all().stream().anyMatch(x -> x.location().isKnown()
                        && (x.location().file().endsWith("a.conf") || x.location().file().endsWith("b.conf"))),
                "the loop must be named at an include line: " + d.all());
    }

    @Test
    void selfIncludeTerminates() throws IOException {
        Files.writeString(dir.resolve("self.conf"), "include self.conf\n");
        Diagnostics d = load(dir.resolve("self.conf"), LoadOptions.defaults());
        assertNamesPlaceIn(d, "self.conf");
    }

    @Test
    void globIncludingItselfAndEverythingTerminates() throws IOException {
        Files.writeString(dir.resolve("star.conf"), "include *.conf\n");
        Files.writeString(dir.resolve("other.conf"), "include star.conf\n");
        Diagnostics d = load(dir.resolve("star.conf"), LoadOptions.defaults());
        assertFalse(d.all().isEmpty(), "a glob that includes its own file loops and must be reported");
    }

    @Test
    void missingMainFileIsFileNotFoundNamingThePath() {
        Path missing = dir.resolve("nowhere/keepalived.conf");
        Diagnostics d = load(missing, LoadOptions.defaults());
        assertTrue(d.has(ConfigStatus.FILE_NOT_FOUND));
        assertEquals(ConfigTestVerdict.SECURITY_OR_MISSING_FILE, ConfigTestVerdict.exitCode(d));
        assertTrue(d.all().stream().anyMatch(x -> x.message().contains(missing.toString())), d.all().toString());
    }

    @Test
    void aDirectoryAsTheConfigFileIsACleanError() {
        Diagnostics d = load(dir, LoadOptions.defaults());
        assertTrue(d.hasErrors(), "a directory is not a config file");
    }

    @Test
    void missingIncludeIsAWarningAndAnErrorUnderAllConfig() throws IOException {
        Path main = Files.writeString(dir.resolve("main.conf"), "include missing.conf\n");
        Diagnostics lenient = load(main, LoadOptions.defaults());
        assertFalse(lenient.hasErrors(), "a missing include is only a warning: " + lenient.all());
        assertNamesPlaceIn(lenient, "main.conf");
        Diagnostics strict = load(main, LoadOptions.defaults().withAllConfig(true));
        assertEquals(ConfigTestVerdict.SECURITY_OR_MISSING_FILE, ConfigTestVerdict.exitCode(strict), strict.all().toString());
    }

    @Test
    void hugeSingleLine() {
        String text = "global_defs {\n   router_id " + "x".repeat(8 * 1024 * 1024) + "\n   frobnicate 1\n}\n";
        Diagnostics d = loadText("long-line.conf", text);
        assertTrue(d.all().stream().anyMatch(x -> x.location().line() == 3),
                "the line after the huge one is still parsed and located: " + d.all());
    }

    @Test
    void hugeLineOfManyWords() {
        String text = "global_defs {\n   router_id" + " w".repeat(1_000_000) + "\n}\n";
        loadText("many-words.conf", text);
    }

    @Test
    void unterminatedQuoteAtEndOfFile() {
        Diagnostics d = loadText("quote.conf", "global_defs {\n   router_id \"never closed");
        assertTrue(d.has(ConfigStatus.UNMATCHED_QUOTE));
        assertNamesPlaceIn(d, "quote.conf");
    }

    @Test
    void crlfAndLoneCarriageReturns() {
        Diagnostics d = loadText("crlf.conf", "global_defs {\r\n   router_id LB\r\n}\r\n\r\r\r");
        assertFalse(d.hasErrors(), () -> "CRLF line ends are whitespace to keepalived: " + d.all());
    }

    @Test
    void unbalancedBracesEverywhere() {
        Diagnostics d = loadText("braces.conf", "}}}}\n{{{{\n} { } {\nglobal_defs\n}\n");
        assertTrue(d.hasErrors());
        assertNamesPlaceIn(d, "braces.conf");
    }

    @Test
    void malformedPreprocessorDirectives() {
        String text = String.join("\n",
                "$=nothing", "$ =x", "${", "${UNCLOSED", "~SEQ(", "~SEQ(I, 1, 0, 5) x", "~LST(", "@", "@^",
                "include", "include \"\"", "$X=\\", "") + "\n";
        Diagnostics d = loadText("directives.conf", text);
        if (d.all().isEmpty()) {
            fail("malformed directives must produce at least one diagnostic");
        }
        assertNamesPlaceIn(d, "directives.conf");
    }
}
