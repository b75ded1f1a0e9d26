package org.keepalivedjava.config.lex;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.keepalivedjava.config.Diagnostic;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.keywords.RootKeywords;
import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.tree.KeywordTable;
import org.keepalivedjava.config.tree.TreeParser;

/**
 * Coverage-guided fuzz target over the three config phases (lexer/preprocessor, keyword tree, builders and their
 * validation checks): any text of up to {@value #MAX_INPUT_BYTES} bytes ends, within a deadline, in a config and
 * clean diagnostics — never an exception, a stack trace in a message, or a hang. Complements
 * {@code BadInputTest} (hand-picked hostile inputs through the public loader).
 *
 * <p>Hermetic: expansion is bounded to {@value #MAX_LINES} lines, the host view knows only eth0 and root,
 * script programs are only looked at (stat, never run), and includes that could reach the real file system (an
 * include with a '/' anywhere in the text) are defused; relative includes resolve in a directory that does not
 * exist.
 */
class ConfigParserFuzzTest {
    static final int MAX_INPUT_BYTES = 8 * 1024;
    private static final int MAX_LINES = 2_000;
    /** Built once: the tables are immutable once built, and building them costs more than a small parse. */
    private static final KeywordTable<ConfigBuilder> ROOT = RootKeywords.table();
    /** A hang guard, not a speed limit: a run that has not ended by then never will in a useful time. */
    private static final long DEADLINE_SECONDS = 20;
    private static final ExecutorService PARSER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "config-fuzz");
        t.setDaemon(true);
        return t;
    });

    private static final HostView HOST = new HostView() {
        @Override
        public boolean interfaceExists(String name) {
            return "eth0".equals(name);
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

    @FuzzTest(maxDuration = "12s")
    void parse(byte[] input) throws InterruptedException {
        if (input.length > MAX_INPUT_BYTES) {
            return;
        }
        String text = new String(input, StandardCharsets.ISO_8859_1);
        if (text.contains("include") && text.indexOf('/') >= 0) {
            text = text.replace("include", "inc1ude");
        }
        String config = text;
        Future<Diagnostics> run = PARSER.submit(() -> load(config));
        Diagnostics d;
        try {
            d = run.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            fail("the parser did not end within " + DEADLINE_SECONDS + " s");
            return;
        } catch (ExecutionException e) {
            throw new AssertionError("the parser threw instead of reporting a diagnostic: " + e.getCause(),
                    e.getCause());
        }
        assertTrue(d.all().size() <= Diagnostics.MAX_KEPT, "diagnostics must stay bounded");
        for (Diagnostic diag : d.all()) {
            assertNotNull(diag.message(), "a diagnostic without a message");
            // a message may quote the input; only an exception name the input did not contain is a leak
            for (String leak : new String[] {"Exception", "Error:", "\tat ", "java."}) {
                assertFalse(diag.message().contains(leak) && !config.contains(leak),
                        () -> "a diagnostic carries an exception instead of a message: " + diag);
            }
        }
    }

    private static Diagnostics load(String text) {
        Diagnostics diagnostics = new Diagnostics();
        LoadOptions options = LoadOptions.defaults().withConfigId("lb1").withEnvironment(Map.of("KJ_FUZZ", "1"))
                .withRandomSeed(1);
        List<Line> lines = new Preprocessor(options, diagnostics, MAX_LINES)
                .loadText("/nonexistent-kj-fuzz/keepalived.conf", text);
        ConfigBuilder builder = new ConfigBuilder();
        new TreeParser(diagnostics).parse(lines, ROOT, builder);
        KeepalivedConfig config = builder.build(diagnostics, HOST);
        assertNotNull(config, "no config built (one is built even from errors)");
        return diagnostics;
    }
}
