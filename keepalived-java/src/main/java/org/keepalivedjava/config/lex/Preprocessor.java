package org.keepalivedjava.config.lex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.Location;

/**
 * Phase 1 of config loading: turns files into logical {@link Line}s tagged with file:line, reading exactly as
 * keepalived 2.2.7 does. Problems go to {@link Diagnostics} with their location; nothing here throws on bad input.
 *
 * <p>The rules below were checked against the real {@code keepalived -t} 2.2.7 binary (Debian 12).
 * <ul>
 * <li><b>Bytes.</b> Files are read as ISO-8859-1 (one char per byte, any bytes accepted). A physical line
 *   longer than 1023 bytes is cut into 1023-byte pieces, each read as a line of its own (keepalived's
 *   {@code fgets(buf, 1024)}). A NUL byte ends the text of its piece. Every piece carries its true physical
 *   line number (keepalived labels all pieces but the last with the previous line number, and loses count at a
 *   NUL; we name the real line). Trailing CR/LF are dropped (CRLF files work).</li>
 * <li><b>Comments.</b> Outside double quotes, {@code #} and {@code !} start a comment anywhere, even glued to a
 *   word ({@code foo#bar} is {@code foo}); {@code \#} and {@code \!} are a literal {@code #}/{@code !}. Inside
 *   "..." they are text. After parameter substitution a line is decommented again, so {@code ${_HASH}} and
 *   {@code ${_BANG}} only survive inside double quotes.</li>
 * <li><b>Words.</b> White space separates words; "..." makes one word without the quotes, and a double quote
 *   also ends an unquoted word ({@code a"b c"d} is {@code a}, {@code b c}, {@code d}). Single quotes and
 *   backslashes are plain characters here (script commands re-split {@link Line#text()} with shell-like rules,
 *   see {@link Line#scriptWords}). An odd double quote gives {@code Unterminated quote '...'} (GENERAL_ERROR)
 *   then {@code Unmatched quote: '...'} (UNMATCHED_QUOTE), and the words after it are lost.</li>
 * <li><b>Braces.</b> A '{' or '}' outside "..." is split off into a line of its own with the same location.
 *   A '}' with no open '{' gives {@code Extra '}' found}; unclosed braces give, at the end and without location,
 *   {@code There are N missing '}'s or extra '{'s}. (keepalived has CONFIG_UNEXPECTED_EOB/MISSING_EOB for these;
 *   our {@link ConfigStatus} lacks them, so UNEXPECTED_BOB/MISSING_BOB are used: same verdict, exit 5.)</li>
 * <li><b>Conditionals.</b> {@code @ID rest} keeps {@code rest} only if ID equals the config id ({@code -i},
 *   default host name up to the first dot); {@code @^ID rest} only if it does not; {@code @ID} alone is dropped.
 *   Leading blanks before '@' are allowed.</li>
 * <li><b>Parameters.</b> {@code $NAME=VALUE} (NAME: letter or '_' then letters, digits, '_'; no blank before
 *   '=') defines; a value ending in '\' continues on the next lines until one without '\' or a blank line.
 *   {@code $NAME} (followed by blank, ',', ')' or end of line) and {@code ${NAME}} expand at use time,
 *   recursively; an undefined name stays as written; a multi-line value expands only at the end of a line.
 *   Built-ins: {@code ${_PWD}} (physical directory of the current file), {@code ${_INSTANCE}} (the config id),
 *   {@code ${_RANDOM [MIN [MAX]]}} (default 0..32767), {@code ${_HASH}}, {@code ${_BANG}}. 2.2.7 has no
 *   {@code ${_ENV ...}}: it stays as written. A substitution that would make the line 1024 chars or longer
 *   stops there (keepalived: {@code $B=x $B} yields {@code x x ... $B}).</li>
 * <li><b>Replication.</b> {@code ~SEQ(V, [start, [step,]] end) text}, {@code ~SEQx(...)} (hex) and
 *   {@code ~LST(V, a, b)} / {@code ~LST({V,W}, {1,2}, {3,4}) text} repeat {@code text} for each value, nesting
 *   innermost-first, with keepalived's messages for bad specifications ({@code Invalid ~SEQ definition '...'},
 *   {@code Invalid ~SEQ values '...'}, {@code Invalid ~SEQ specification '...'},
 *   {@code ~LST specification has too many values '...'}, {@code Invalid ~LST specification '...'}).</li>
 * <li><b>Includes.</b> {@code include PATTERN} (also {@code includer/m/w/b/a}) takes the rest of the line as
 *   written, quotes included, as a glob with csh braces, relative to the including file's directory; matches
 *   are read in sorted order (per brace alternative). Without {@code -e} problems are warnings:
 *   {@code Config files missing '...'.}, {@code Some config files missing: "...".},
 *   {@code Configuration file '...' is a directory - skipping},
 *   {@code Configuration file '...' is not a regular non-executable file - skipping} (executable files are
 *   refused); a wildcard matching nothing is silent. With {@code -e} ({@link LoadOptions#allConfig}), an
 *   includeX variant or {@code include_check} in global_defs, they are FILE_NOT_FOUND errors ({@code -t} exits
 *   6), {@code No config files matched '...'.} is reported, and a brace pattern with a missing file includes
 *   nothing. Parameters, {@code @ID} and {@code ~SEQ} apply to include lines too.</li>
 * </ul>
 *
 * <p>Deliberate divergences from keepalived 2.2.7:
 * <ul>
 * <li>A missing or unreadable main file is an error, FILE_NOT_FOUND {@code Configuration file '...' not found}
 *   (keepalived -t wrongly exits 0); the main file is not globbed.</li>
 * <li>An include loop is reported once, {@code Configuration file '...' is already being read (include loop) -
 *   skipping}, as a file problem: a warning (FILE_NOT_FOUND under -e), the verdict keepalived reaches after
 *   re-including the file ~1000 times until it runs out of file descriptors. Includes nest at most
 *   {@value ConfigReader#MAX_INCLUDE_DEPTH} deep.</li>
 * <li>Self-referencing parameters ({@code $A=$A}) and endless multi-line expansion, on which keepalived hangs,
 *   are stopped with a GENERAL_ERROR; expansion makes at most {@value ConfigReader#MAX_GENERATED_LINES} lines.</li>
 * <li>keepalived corrupts a line when a parameter expanding to {@code @ID ...} makes it longer (a stale length in
 *   its memmove); we produce the intended line.</li>
 * <li>Diagnostics of this phase all come before those of the keyword phase, whereas keepalived interleaves them.</li>
 * </ul>
 *
 * <p>Single use per load, one thread.
 */
public final class Preprocessor {
    private final LoadOptions options;
    private final Diagnostics diagnostics;

    private final int maxGeneratedLines;

    public Preprocessor(LoadOptions options, Diagnostics diagnostics) {
        this(options, diagnostics, ConfigReader.MAX_GENERATED_LINES);
    }

    /** For tests: a smaller bound on lines made by expansion. */
    Preprocessor(LoadOptions options, Diagnostics diagnostics, int maxGeneratedLines) {
        this.options = options;
        this.diagnostics = diagnostics;
        this.maxGeneratedLines = maxGeneratedLines;
    }

    /** Reads {@code mainFile} and everything it includes. A missing main file is reported, giving no lines. */
    public List<Line> load(Path mainFile) {
        String text;
        try {
            if (!Files.isRegularFile(mainFile)) {
                throw new IOException("not a regular file");
            }
            if (Files.size(mainFile) > ConfigReader.MAX_FILE_BYTES) {
                diagnostics.error(ConfigStatus.FILE_NOT_FOUND, Location.NONE,
                        "Configuration file '" + mainFile + "' is too large");
                return new ArrayList<>();
            }
            text = new String(Files.readAllBytes(mainFile), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            diagnostics.error(ConfigStatus.FILE_NOT_FOUND, Location.NONE,
                    "Configuration file '" + mainFile + "' not found");
            return new ArrayList<>();
        }
        ConfigReader reader = new ConfigReader(options, diagnostics, maxGeneratedLines);
        reader.startText(mainFile.toString(), text, directoryOf(mainFile.toString()));
        reader.markOpen(mainFile);
        return run(reader);
    }

    /**
     * Lexes one in-memory text (tests, and the canonical config handed to children). Relative includes and
     * {@code ${_PWD}} use the directory of {@code fileName} when it has one, else the current directory.
     */
    public List<Line> loadText(String fileName, String text) {
        ConfigReader reader = new ConfigReader(options, diagnostics, maxGeneratedLines);
        reader.startText(fileName, text, directoryOf(fileName));
        return run(reader);
    }

    private static Path directoryOf(String fileName) {
        try {
            Path parent = Path.of(fileName).toAbsolutePath().getParent();
            if (fileName.indexOf('/') >= 0 && parent != null) {
                return parent;
            }
            return Path.of("").toAbsolutePath();
        } catch (RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private List<Line> run(ConfigReader reader) {
        List<Line> out = new ArrayList<>();
        int blockDepth = 0;
        String lastTopKeyword = null;
        String topBlock = null;
        ConfigReader.Raw raw;
        while ((raw = reader.next()) != null) {
            String text = raw.text();
            Location where = raw.location();
            if (text.equals("{")) {
                if (blockDepth++ == 0) {
                    topBlock = lastTopKeyword;
                }
            } else if (text.equals("}")) {
                if (blockDepth-- < 1) {
                    diagnostics.error(ConfigStatus.UNEXPECTED_BOB, where, "Extra '}' found");
                    blockDepth = 0;
                }
            }
            List<String> words = TextOps.splitWords(text,
                    line -> diagnostics.error(ConfigStatus.UNMATCHED_QUOTE, where, "Unmatched quote: '" + line + "'"));
            if (words.isEmpty()) {
                continue;
            }
            Line line = new Line(where, words, text);
            out.add(line);
            if (blockDepth == 0 && !line.isCloseBrace()) {
                lastTopKeyword = line.keyword();
            }
            // include_check (a global_defs keyword) changes how the includes read after it are checked, so it
            // must act while reading; its own messages are left to the keyword phase.
            if (blockDepth == 1 && "global_defs".equals(topBlock) && "include_check".equals(line.keyword())) {
                reader.setIncludeCheck(words);
            }
        }
        if (blockDepth > 0) {
            diagnostics.error(ConfigStatus.MISSING_BOB, Location.NONE,
                    "There are " + blockDepth + " missing '}'s or extra '{'s");
        }
        return out;
    }
}
