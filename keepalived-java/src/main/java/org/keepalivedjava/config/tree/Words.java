package org.keepalivedjava.config.tree;

import java.util.List;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.lex.Line;

/**
 * The words of one keyword line, with typed readers that report problems the way keepalived does
 * ({@code number '300' outside range [1, 255]}) and return {@code null} so the handler can keep the default.
 * Word 0 is the keyword itself.
 */
public final class Words {
    private final Line line;
    private final Diagnostics diagnostics;

    public Words(Line line, Diagnostics diagnostics) {
        this.line = line;
        this.diagnostics = diagnostics;
    }

    public Location location() {
        return line.location();
    }

    public int size() {
        return line.words().size();
    }

    public List<String> all() {
        return line.words();
    }

    public String keyword() {
        return line.keyword();
    }

    public boolean has(int index) {
        return index < size();
    }

    /** Word {@code index}, or {@code null} if absent. */
    public String get(int index) {
        return has(index) ? line.words().get(index) : null;
    }

    /** The words from {@code index} to the end (may be empty). */
    public List<String> from(int index) {
        return index >= size() ? List.of() : line.words().subList(index, size());
    }

    /** Word {@code index}, reporting keepalived's missing-parameter error if absent. */
    public String require(int index) {
        if (has(index)) {
            return get(index);
        }
        error(ConfigStatus.MISSING_PARAMETER, "Configuration line starting `" + keyword()
                + "` is missing a parameter after keyword `" + get(index - 1) + "` at word position " + (index + 1));
        return null;
    }

    public void error(ConfigStatus kind, String message) {
        diagnostics.error(kind, location(), message);
    }

    public void warning(String message) {
        diagnostics.warning(location(), message);
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** A signed integer in [min, max] (keepalived's read_int), or null after reporting. */
    public Long integer(int index, long min, long max) {
        String s = require(index);
        return s == null ? null : parseInteger(s, min, max);
    }

    /** As {@link #integer} but an absent word is not an error: returns {@code dflt}. */
    public Long integerOr(int index, long min, long max, Long dflt) {
        return has(index) ? parseInteger(get(index), min, max) : dflt;
    }

    public Long parseInteger(String s, long min, long max) {
        long v;
        try {
            v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            error(ConfigStatus.INVALID_NUMBER, "invalid number '" + s + "'");
            return null;
        }
        if (v < min || v > max) {
            error(ConfigStatus.INVALID_NUMBER, "number '" + s + "' outside range [" + min + ", " + max + "]");
            return null;
        }
        return v;
    }

    /**
     * A decimal number of seconds with up to {@code places} decimal places, in [min, max] seconds, returned scaled to
     * micro-seconds (keepalived's read_decimal_unsigned / read_timer). Null after reporting.
     */
    public Long seconds(int index, double minSeconds, double maxSeconds) {
        String s = require(index);
        if (s == null) {
            return null;
        }
        java.math.BigDecimal d;
        try {
            d = new java.math.BigDecimal(s);
        } catch (NumberFormatException e) {
            error(ConfigStatus.INVALID_NUMBER, "invalid number '" + s + "'");
            return null;
        }
        if (d.compareTo(java.math.BigDecimal.valueOf(minSeconds)) < 0
                || d.compareTo(java.math.BigDecimal.valueOf(maxSeconds)) > 0) {
            error(ConfigStatus.INVALID_NUMBER, "number '" + s + "' outside range [" + minSeconds + ", " + maxSeconds + "]");
            return null;
        }
        return d.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * A decimal number of seconds in [min, max] read as keepalived's read_decimal_unsigned does, returned in
     * micro-seconds; range errors print the bounds as keepalived does ({@code [0.010000, 255.000000]}), a negative
     * value is {@code negative number 'x'}. Null after reporting.
     */
    public Long decimalSeconds(int index, double minSeconds, double maxSeconds) {
        String s = require(index);
        if (s == null) {
            return null;
        }
        java.math.BigDecimal d;
        try {
            d = new java.math.BigDecimal(s);
        } catch (NumberFormatException e) {
            error(ConfigStatus.INVALID_NUMBER, "invalid number '" + s + "'");
            return null;
        }
        if (d.signum() < 0 && minSeconds >= 0) {
            error(ConfigStatus.INVALID_NUMBER, "negative number '" + s + "'");
            return null;
        }
        if (d.compareTo(java.math.BigDecimal.valueOf(minSeconds)) < 0
                || d.compareTo(java.math.BigDecimal.valueOf(maxSeconds)) > 0) {
            error(ConfigStatus.INVALID_NUMBER, String.format(java.util.Locale.ROOT,
                    "number '%s' outside range [%f, %f]", s, minSeconds, maxSeconds));
            return null;
        }
        return d.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    /** An unsigned integer in [min, max] (keepalived's read_unsigned): a negative value is reported as such. */
    public Long unsigned(int index, long min, long max) {
        String s = require(index);
        if (s == null) {
            return null;
        }
        if (s.startsWith("-")) {
            error(ConfigStatus.INVALID_NUMBER, "negative number '" + s + "'");
            return null;
        }
        return parseInteger(s, min, max);
    }

    /**
     * keepalived's check_true_false: an optional word that must be true/on/yes or false/off/no.
     * Absent means {@code true} (the keyword alone switches the option on).
     */
    public Boolean flag(int index) {
        if (!has(index)) {
            return Boolean.TRUE;
        }
        String s = get(index).toLowerCase(java.util.Locale.ROOT);
        switch (s) {
            case "true", "on", "yes":
                return Boolean.TRUE;
            case "false", "off", "no":
                return Boolean.FALSE;
            default:
                error(ConfigStatus.GENERAL_ERROR, "Invalid value '" + get(index) + "' for parameter " + keyword());
                return null;
        }
    }

    @Override
    public String toString() {
        return line.toString();
    }
}
