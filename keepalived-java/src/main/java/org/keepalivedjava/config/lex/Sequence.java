package org.keepalivedjava.config.lex;

import java.util.ArrayList;
import java.util.List;

/**
 * One pending {@code ~SEQ(var, start, step, end) text} or {@code ~LST(vars, values...) text} replication:
 * the reader hands out {@link #text} once per value, after setting the variable(s).
 */
final class Sequence {
    final String text;
    // ~SEQ
    final String var;
    long next;
    final long last;
    final long step;
    final boolean hex;
    // ~LST
    final List<String> lstParams;
    final List<List<String>> lstValues;
    int lstIndex;

    private Sequence(String text, String var, long start, long step, long last, boolean hex,
                     List<String> lstParams, List<List<String>> lstValues) {
        this.text = text;
        this.var = var;
        this.next = start;
        this.step = step;
        this.last = last;
        this.hex = hex;
        this.lstParams = lstParams;
        this.lstValues = lstValues;
    }

    static Sequence seq(String var, long start, long step, long last, boolean hex, String text) {
        return new Sequence(text, var, start, step, last, hex, List.of(), List.of());
    }

    boolean isList() {
        return !lstParams.isEmpty();
    }

    /**
     * Parses the {@code ~LST(...)} line keepalived 2.2.7's way: {@code ~LST(V, a, b)} or
     * {@code ~LST({V,W}, {1,2}, {3,4})}; a value set may give fewer values than variables (the rest are empty).
     *
     * @param tooMany called with keepalived's message when a value set has more values than variables
     * @return the sequence, or null when the specification is invalid
     */
    static Sequence parseList(String buf, java.util.function.Consumer<String> tooMany) {
        int p = TextOps.skipBlanks(buf, 4);
        if (at(buf, p) != '(') {
            return null;
        }
        p = TextOps.skipBlanks(buf, p + 1);
        char endChar = ',';
        if (at(buf, p) == '{') {
            endChar = '}';
            p = TextOps.skipBlanks(buf, p + 1);
        }
        List<String> params = new ArrayList<>();
        int numVars = 0;
        while (true) {
            int start = p;
            p = span(buf, p, " \t,}");
            params.add(buf.substring(start, p));
            p = TextOps.skipBlanks(buf, p);
            if (at(buf, p) == endChar) {
                break;
            }
            if (at(buf, p) != ',') {
                return null;
            }
            p = TextOps.skipBlanks(buf, p + 1);
            numVars++;
        }
        if (at(buf, p) == '}') {
            p = TextOps.skipBlanks(buf, p + 1);
        }
        if (at(buf, p) != ',') {
            return null;
        }
        p = TextOps.skipBlanks(buf, p + 1);
        List<List<String>> valueSets = new ArrayList<>();
        while (true) {
            if (at(buf, p) == '{') {
                endChar = '}';
                p = TextOps.skipBlanks(buf, p + 1);
            } else {
                endChar = ',';
            }
            List<String> values = new ArrayList<>();
            int numValues = 0;
            while (true) {
                int start = p;
                p = span(buf, p, " \t,})");
                values.add(buf.substring(start, p));
                p = TextOps.skipBlanks(buf, p);
                if (at(buf, p) == endChar || (at(buf, p) == ')' && endChar == ',')) {
                    break;
                }
                if (at(buf, p) != ',') {
                    return null;
                }
                p = TextOps.skipBlanks(buf, p + 1);
                if (++numValues > numVars) {
                    tooMany.accept("~LST specification has too many values '" + buf + "'");
                    return null;
                }
            }
            for (; numValues < numVars; numValues++) {
                values.add("");
            }
            valueSets.add(values);
            if (at(buf, p) == '}' && endChar == '}') {
                p = TextOps.skipBlanks(buf, p + 1);
            }
            if (at(buf, p) == ')') {
                break;
            }
            if (at(buf, p) != ',') {
                return null;
            }
            p = TextOps.skipBlanks(buf, p + 1);
        }
        String text = buf.substring(Math.min(buf.length(), TextOps.skipBlanks(buf, p + 1)));
        return new Sequence(text, null, 0, 0, 0, false, List.copyOf(params), List.copyOf(valueSets));
    }

    /** The char at {@code i}, or NUL past the end (as the C code sees its terminator). */
    static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    /** C's {@code p + strcspn(p, reject)}. */
    static int span(String s, int from, String reject) {
        int i = from;
        while (i < s.length() && reject.indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}
