package org.keepalivedjava.config.lex;

import java.util.List;
import java.util.function.Consumer;
import org.keepalivedjava.config.Location;

/**
 * One logical line after preprocessing: comments stripped, includes, conditionals and parameters resolved,
 * quotes removed. As in keepalived, a brace is always a line of its own: {@code vrrp_instance VI_1 {} is
 * delivered as two lines, {@code [vrrp_instance, VI_1]} and {@code [{]}, both carrying the same location.
 *
 * @param text the line before it was split into words (quotes still in place), as keepalived hands it to
 *             keywords that re-split it their own way: script commands ({@link #scriptWords}), where single
 *             quotes and backslash escapes also count
 */
public record Line(Location location, List<String> words, String text) {

    public Line {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a logical line has at least one word");
        }
        words = List.copyOf(words);
    }

    public Line(Location location, List<String> words) {
        this(location, words, String.join(" ", words));
    }

    public String keyword() {
        return words.get(0);
    }

    public boolean isOpenBrace() {
        return words.size() == 1 && "{".equals(words.get(0));
    }

    public boolean isCloseBrace() {
        return words.size() == 1 && "}".equals(words.get(0));
    }

    /**
     * The line split as keepalived splits a script command line (shell-like '...' and "..." quoting, backslash
     * escapes such as {@code \t}, {@code \x41}, {@code \101}, {@code \"}), keyword included.
     *
     * @param problem receives keepalived's message when a quote is not closed or a backslash ends the line
     * @return the words, or null on such a problem
     */
    public List<String> scriptWords(Consumer<String> problem) {
        return TextOps.splitQuotedEscaped(text, problem);
    }

    @Override
    public String toString() {
        return location + " " + String.join(" ", words);
    }
}
