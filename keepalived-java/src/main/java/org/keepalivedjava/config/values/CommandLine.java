package org.keepalivedjava.config.values;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script command line into argv the way keepalived does for notify scripts and vrrp_script: no shell;
 * words are separated by blanks, a single- or double-quoted run is part of one word, and a backslash takes the
 * next character literally. The config lexer has already removed the outer quotes of
 * {@code notify "/bin/x 'a b'"}, so this sees {@code /bin/x 'a b'} and yields {@code [/bin/x, a b]}.
 */
public final class CommandLine {
    private CommandLine() {
    }

    /** The argv of {@code line}; empty if the line has no word. An unterminated quote runs to the end. */
    public static List<String> split(String line) {
        List<String> argv = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    argv.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            argv.add(word.toString());
        }
        return argv;
    }
}
