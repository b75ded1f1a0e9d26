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
 * Phase 1 of config loading: turns files into logical {@link Line}s tagged with file:line.
 *
 * <p>Handles comments, quoting and escapes, braces glued to words (each brace becomes a line of its own),
 * {@code include}, {@code @ID}/{@code @^ID}, {@code $NAME} parameters and {@code ~SEQ}/{@code ~LST}. Problems are
 * reported to {@link Diagnostics} with their location; nothing here throws on bad input.
 */
public final class Preprocessor {
    private final LoadOptions options;
    private final Diagnostics diagnostics;

    public Preprocessor(LoadOptions options, Diagnostics diagnostics) {
        this.options = options;
        this.diagnostics = diagnostics;
    }

    /** Reads {@code mainFile} and everything it includes. A missing main file is reported, giving no lines. */
    public List<Line> load(Path mainFile) {
        List<Line> out = new ArrayList<>();
        String text;
        try {
            text = Files.readString(mainFile, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            diagnostics.error(ConfigStatus.FILE_NOT_FOUND, Location.NONE,
                    "Config files missing '" + mainFile + "'.");
            return out;
        }
        lex(mainFile.toString(), text, out);
        return out;
    }

    /** Lexes one in-memory text (tests, and the canonical config handed to children). */
    public List<Line> loadText(String fileName, String text) {
        List<Line> out = new ArrayList<>();
        lex(fileName, text, out);
        return out;
    }

    private void lex(String file, String text, List<Line> out) {
        String[] physical = text.split("\n", -1);
        for (int i = 0; i < physical.length; i++) {
            Location where = new Location(file, i + 1);
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            String s = physical[i];
            int n = s.length();
            for (int p = 0; p < n; p++) {
                char c = s.charAt(p);
                if (c == '"') {
                    int close = s.indexOf('"', p + 1);
                    if (close < 0) {
                        diagnostics.error(ConfigStatus.UNMATCHED_QUOTE, where, "Unmatched quote: '" + s.substring(p) + "'");
                        close = n;
                    }
                    if (word == null) {
                        word = new StringBuilder();
                    }
                    word.append(s, p + 1, close);
                    p = close;
                } else if (c == '#' || c == '!') {
                    break;
                } else if (Character.isWhitespace(c)) {
                    word = flush(words, word);
                } else if (c == '{' || c == '}') {
                    word = flush(words, word);
                    emit(where, words, out);
                    out.add(new Line(where, List.of(String.valueOf(c))));
                } else {
                    if (word == null) {
                        word = new StringBuilder();
                    }
                    word.append(c);
                }
            }
            flush(words, word);
            emit(where, words, out);
        }
    }

    private static StringBuilder flush(List<String> words, StringBuilder word) {
        if (word != null) {
            words.add(word.toString());
        }
        return null;
    }

    private static void emit(Location where, List<String> words, List<Line> out) {
        if (!words.isEmpty()) {
            out.add(new Line(where, words));
            words.clear();
        }
    }
}
