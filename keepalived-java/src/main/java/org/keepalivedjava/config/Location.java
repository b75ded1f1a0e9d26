package org.keepalivedjava.config;

/**
 * Where a config value came from: a file and a 1-based line number. Every token, every diagnostic and every
 * model value can be traced back to one of these. Rendered as keepalived renders it: {@code (FILE: Line N)}.
 */
public record Location(String file, int line) {

    /** For diagnostics that belong to no particular line (keepalived prints those without a prefix). */
    public static final Location NONE = new Location("", 0);

    public boolean isKnown() {
        return line > 0;
    }

    @Override
    public String toString() {
        return isKnown() ? "(" + file + ": Line " + line + ")" : "";
    }
}
