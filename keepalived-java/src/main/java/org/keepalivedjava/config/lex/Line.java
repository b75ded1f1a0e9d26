package org.keepalivedjava.config.lex;

import java.util.List;
import org.keepalivedjava.config.Location;

/**
 * One logical line after preprocessing: comments stripped, includes, conditionals and parameters resolved,
 * quotes removed. As in keepalived, a brace is always a line of its own: {@code vrrp_instance VI_1 {} is
 * delivered as two lines, {@code [vrrp_instance, VI_1]} and {@code [{]}, both carrying the same location.
 */
public record Line(Location location, List<String> words) {

    public Line {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a logical line has at least one word");
        }
        words = List.copyOf(words);
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

    @Override
    public String toString() {
        return location + " " + String.join(" ", words);
    }
}
