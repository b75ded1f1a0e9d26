package org.keepalivedjava.config;

import java.nio.file.Path;
import java.util.List;
import org.keepalivedjava.config.keywords.RootKeywords;
import org.keepalivedjava.config.lex.Line;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.lex.Preprocessor;
import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.tree.TreeParser;

/**
 * Loads a keepalived.conf in three phases: preprocess to logical lines, walk the keyword tree into builders,
 * validate into immutable records. Never throws on bad input: every problem is in the returned diagnostics.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** The result of a load: the config (built even when there are errors, as keepalived runs with defaults). */
    public record Result(KeepalivedConfig config, Diagnostics diagnostics) {
        public ConfigStatus status() {
            return diagnostics.status();
        }
    }

    public static Result load(Path file, LoadOptions options, HostView host, Diagnostics diagnostics) {
        List<Line> lines = new Preprocessor(options, diagnostics).load(file);
        return build(lines, host, diagnostics);
    }

    public static Result loadText(String fileName, String text, LoadOptions options, HostView host,
                                  Diagnostics diagnostics) {
        List<Line> lines = new Preprocessor(options, diagnostics).loadText(fileName, text);
        return build(lines, host, diagnostics);
    }

    private static Result build(List<Line> lines, HostView host, Diagnostics diagnostics) {
        ConfigBuilder builder = new ConfigBuilder();
        new TreeParser(diagnostics).parse(lines, RootKeywords.table(), builder);
        return new Result(builder.build(diagnostics, host), diagnostics);
    }
}
