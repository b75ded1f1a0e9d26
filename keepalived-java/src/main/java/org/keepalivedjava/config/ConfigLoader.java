package org.keepalivedjava.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.keepalivedjava.config.keywords.RootKeywords;
import org.keepalivedjava.config.lex.ConfigSnapshot;
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

    /**
     * A child's load: from the snapshot the parent validated and handed over ({@link ConfigSnapshot}) when there is
     * one, otherwise (a child started alone) from {@code file}. The snapshot's lines keep the operator's file names
     * and line numbers, so messages read as if the files had been read. An unreadable snapshot is a
     * FILE_NOT_FOUND error and gives an empty configuration.
     */
    public static Result loadHanded(Optional<Path> snapshot, Path file, LoadOptions options, HostView host,
                                    Diagnostics diagnostics) {
        if (snapshot.isEmpty()) {
            return load(file, options, host, diagnostics);
        }
        List<Line> lines;
        try {
            lines = ConfigSnapshot.read(snapshot.get()).lines();
        } catch (IOException | RuntimeException e) {
            diagnostics.error(ConfigStatus.FILE_NOT_FOUND, Location.NONE, "Configuration snapshot '"
                    + snapshot.get() + "' from the parent cannot be read (" + e.getMessage() + ")");
            lines = List.of();
        }
        return fromLines(lines, host, diagnostics);
    }

    /** Phases 2 and 3 on lines already read (the parent keeps them as the children's {@link ConfigSnapshot}). */
    public static Result fromLines(List<Line> lines, HostView host, Diagnostics diagnostics) {
        return build(lines, host, diagnostics);
    }

    private static Result build(List<Line> lines, HostView host, Diagnostics diagnostics) {
        ConfigBuilder builder = new ConfigBuilder();
        new TreeParser(diagnostics).parse(lines, RootKeywords.table(), builder);
        return new Result(builder.build(diagnostics, host), diagnostics);
    }
}
