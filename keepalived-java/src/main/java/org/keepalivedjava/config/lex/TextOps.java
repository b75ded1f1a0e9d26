package org.keepalivedjava.config.lex;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The character-level rules of keepalived 2.2.7's config reader, as pure functions on one line.
 *
 * <p>Lines are handled as ISO-8859-1 text, so one char is one byte of the file and "letter"/"digit" mean ASCII
 * only, as in the C locale keepalived runs in.
 */
final class TextOps {
    private TextOps() {
    }

    static boolean isWhiteSpace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == '\u000b';
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isNameChar(char c) {
        return isAlpha(c) || isDigit(c) || c == '_';
    }

    static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static String trimTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /**
     * keepalived's comment stripping. Leading blanks go; outside double quotes an unescaped {@code #} or
     * {@code !} starts a comment anywhere in the line (even glued to a word); {@code \#} and {@code \!} outside
     * quotes become a literal {@code #}/{@code !}; any other backslash pair is kept as it is (so {@code \"} does not
     * open or close a quote); trailing blanks go; a backslash ending the line is kept as the continuation mark
     * (for multi-line {@code $NAME=} definitions) with the blanks before it removed.
     *
     * @param unterminated called with the line (comment not yet removed) when a double quote is left open
     */
    static String decomment(String in, Consumer<String> unterminated) {
        int n = in.length();
        int i = skipBlanks(in, 0);
        StringBuilder out = new StringBuilder(n - i);
        boolean quote = false;
        boolean continued = false;
        int commentAt = -1;
        for (; i < n; i++) {
            char c = in.charAt(i);
            if (c == '"') {
                if (commentAt < 0) {
                    quote = !quote;
                }
                out.append(c);
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    continued = true;
                    break;
                }
                char next = in.charAt(i + 1);
                if (!quote && (next == '#' || next == '!')) {
                    out.append(next);
                } else {
                    out.append(c).append(next);
                }
                i++;
            } else {
                if (!quote && commentAt < 0 && (c == '!' || c == '#')) {
                    commentAt = out.length();
                }
                out.append(c);
            }
        }
        if (quote) {
            unterminated.accept(out.toString());
        }
        if (commentAt >= 0) {
            out.setLength(commentAt);
        }
        int end = out.length();
        while (end > 0 && isBlank(out.charAt(end - 1))) {
            end--;
        }
        out.setLength(end);
        if (continued) {
            out.append('\\');
        }
        return out.toString();
    }

    /**
     * keepalived's word splitting of a keyword line: words are separated by white space; a word starting with a
     * double quote runs to the next double quote (no escapes) and loses the quotes; a double quote also ends an
     * unquoted word ({@code a"b c"} gives {@code a} and {@code b c}); single quotes and backslashes are ordinary
     * characters. An unmatched quote ends the line (words before it are kept).
     *
     * @param unmatched called with the whole line when a quote has no closing quote
     */
    static List<String> splitWords(String s, Consumer<String> unmatched) {
        List<String> words = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (true) {
            while (i < n && isWhiteSpace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (s.charAt(i) == '"') {
                int close = s.indexOf('"', i + 1);
                if (close < 0) {
                    unmatched.accept(s);
                    break;
                }
                words.add(s.substring(i + 1, close));
                i = close + 1;
            } else {
                int j = i;
                while (j < n && !isWhiteSpace(s.charAt(j)) && s.charAt(j) != '"') {
                    j++;
                }
                words.add(s.substring(i, j));
                i = j;
            }
        }
        return words;
    }

    /**
     * keepalived's splitting of a script command line ({@code notify}, {@code misc_path}, {@code script}...):
     * like a shell, double and single quotes group text (and may be glued to other text in the same word), and
     * backslash escapes work everywhere: {@code \a \b \E \f \n \r \t \v}, {@code \xHH...}, {@code \cC} (control
     * character), up to three octal digits, and {@code \C} for any other C.
     *
     * @param problem called with keepalived's message when a quote is not closed or the line ends in a lone
     *                backslash; the result is then null, as keepalived then rejects the whole command
     * @return the words, or null on error or when the text has no words
     */
    static List<String> splitQuotedEscaped(String src, Consumer<String> problem) {
        List<String> words = new ArrayList<>();
        int n = src.length();
        int i = 0;
        while (true) {
            while (i < n && isWhiteSpace(src.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (i < n) {
                char c = src.charAt(i);
                if (c == '\\') {
                    i++;
                    if (i >= n) {
                        problem.accept("Missing escape char at end: '" + src + "'");
                        return null;
                    }
                    i = appendEscape(src, i, word);
                } else if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                    i++;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    i++;
                } else if (isWhiteSpace(c)) {
                    break;
                } else {
                    word.append(c);
                    i++;
                }
            }
            if (quote != 0) {
                problem.accept("String '" + src + "': missing terminating " + quote);
                return null;
            }
            words.add(word.toString());
        }
        return words.isEmpty() ? null : words;
    }

    /** Decodes the escape starting at {@code i} (just after the backslash); returns the index after it. */
    private static int appendEscape(String s, int i, StringBuilder out) {
        int n = s.length();
        char c = s.charAt(i);
        if (c == 'x' && i + 1 < n && Character.digit(s.charAt(i + 1), 16) >= 0) {
            int value = 0;
            i++;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
                value = (value << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            out.append((char) (value & 0xff));
            return i;
        }
        if (c == 'c' && i + 1 < n) {
            out.append((char) (s.charAt(i + 1) & 0x1f));
            return i + 2;
        }
        if (c >= '0' && c <= '7') {
            int value = c - '0';
            i++;
            for (int k = 0; k < 2 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++, i++) {
                value = (value << 3) + (s.charAt(i) - '0');
            }
            out.append((char) (value & 0xff));
            return i;
        }
        switch (c) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'E' -> out.append('\u001b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            default -> out.append(c);
        }
        return i + 1;
    }

    /** C's {@code strtol(s, &end, 0)}: returns {value, endIndex}; endIndex == from when no number was read. */
    static long[] strtol(String s, int from) {
        int n = s.length();
        int i = from;
        while (i < n && isWhiteSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(s.charAt(i + 2), 16) >= 0 && s.charAt(i + 2) < 128) {
            base = 16;
            i += 2;
        } else if (i < n && s.charAt(i) == '0') {
            base = 8;
        }
        int digitsStart = i;
        long value = 0;
        boolean overflow = false;
        while (i < n && s.charAt(i) < 128 && Character.digit(s.charAt(i), base) >= 0) {
            int d = Character.digit(s.charAt(i), base);
            if (!overflow) {
                if (value > (Long.MAX_VALUE - d) / base) {
                    overflow = true;
                } else {
                    value = value * base + d;
                }
            }
            i++;
        }
        if (i == digitsStart) {
            return new long[] {0, from};
        }
        if (overflow) {
            return new long[] {negative ? Long.MIN_VALUE : Long.MAX_VALUE, i};
        }
        return new long[] {negative ? -value : value, i};
    }
}
