package org.keepalivedjava.config.lex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file matching of keepalived's {@code include}: glibc {@code glob(pattern, GLOB_MARK | GLOB_BRACE |
 * GLOB_ALTDIRFUNC)} as keepalived 2.2.7 uses it, including the counters keepalived keeps through its
 * ALTDIRFUNC hooks to tell "a file or directory named in the pattern is missing" from "a wildcard matched
 * nothing".
 *
 * <p>csh braces expand first ({@code {a,b}.conf} is {@code a.conf} then {@code b.conf}); the matches of each
 * alternative are sorted by byte order (the C locale) and appended in brace order. {@code *}, {@code ?},
 * {@code [...]} and backslash escapes match within one path element; a wildcard never matches a leading dot.
 * Directories are returned with a trailing {@code /} (GLOB_MARK). Results keep the pattern's own spelling
 * (relative stays relative), because keepalived names included files that way in its messages.
 */
final class Glob {

    /** One glob run: matches plus keepalived's missing-file bookkeeping. */
    record Result(List<String> matches, int missingFiles, int missingDirectories, boolean haveWildcards) {
        boolean noMatch() {
            return matches.isEmpty();
        }

        boolean somethingMissing() {
            return missingFiles > 0 || missingDirectories > 0;
        }
    }

    private final List<String> matches = new ArrayList<>();
    private int missingFiles;
    private int missingDirectories;
    private boolean haveWildcards;

    private Glob() {
    }

    /** Matches {@code pattern} with relative patterns taken from {@code baseDir}. */
    static Result glob(Path baseDir, String pattern) {
        Glob g = new Glob();
        for (String alternative : expandBraces(pattern)) {
            int before = g.matches.size();
            g.globOne(baseDir, alternative);
            g.matches.subList(before, g.matches.size()).sort(null);
        }
        return new Result(List.copyOf(g.matches), g.missingFiles, g.missingDirectories, g.haveWildcards);
    }

    /** Whether the pattern has an unescaped '{' (keepalived then reports a miss as a brace_match problem). */
    static boolean hasBrace(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                return true;
            }
        }
        return false;
    }

    /** csh-style brace expansion, outermost-first, left to right. A '{' without its '}' is literal. */
    static List<String> expandBraces(String pattern) {
        List<String> out = new ArrayList<>();
        expandInto(pattern, out, 0);
        return out;
    }

    private static void expandInto(String pattern, List<String> out, int depth) {
        int open = -1;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                open = i;
                break;
            }
        }
        if (open < 0 || depth > 64) {
            out.add(pattern);
            return;
        }
        List<Integer> commas = new ArrayList<>();
        int level = 0;
        int close = -1;
        for (int i = open + 1; i < pattern.length() && close < 0; i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                level++;
            } else if (c == '}') {
                if (level == 0) {
                    close = i;
                } else {
                    level--;
                }
            } else if (c == ',' && level == 0) {
                commas.add(i);
            }
        }
        if (close < 0) {
            out.add(pattern);
            return;
        }
        String head = pattern.substring(0, open);
        String tail = pattern.substring(close + 1);
        int start = open + 1;
        commas.add(close);
        for (int end : commas) {
            expandInto(head + pattern.substring(start, end) + tail, out, depth + 1);
            start = end + 1;
        }
    }

    private record Prefix(String display, Path path) {
    }

    private void globOne(Path baseDir, String pattern) {
        boolean absolute = pattern.startsWith("/");
        String[] elements = pattern.split("/", -1);
        List<String> parts = new ArrayList<>();
        for (String e : elements) {
            if (!e.isEmpty()) {
                parts.add(e);
            }
        }
        boolean trailingSlash = pattern.endsWith("/") && !parts.isEmpty();
        List<Prefix> prefixes = new ArrayList<>();
        prefixes.add(absolute ? new Prefix("/", Path.of("/")) : new Prefix("", baseDir));
        if (parts.isEmpty()) {
            if (absolute) {
                matches.add("/");
            }
            return;
        }
        for (int k = 0; k < parts.size(); k++) {
            String part = parts.get(k);
            boolean last = k == parts.size() - 1;
            List<Prefix> next = new ArrayList<>();
            if (!isMagic(part)) {
                for (Prefix prefix : prefixes) {
                    Prefix joined = join(prefix, part, part);
                    if (last) {
                        addIfExists(joined, trailingSlash);
                    } else {
                        next.add(joined);
                    }
                }
            } else {
                haveWildcards = true;
                for (Prefix prefix : prefixes) {
                    List<String> names = list(prefix.path());
                    if (names == null) {
                        missingDirectories++;
                        continue;
                    }
                    for (String name : names) {
                        if (!FnMatch.matches(part, name)) {
                            continue;
                        }
                        Prefix joined = join(prefix, part, name);
                        if (last) {
                            addIfExists(joined, trailingSlash);
                        } else if (Files.isDirectory(joined.path())) {
                            next.add(joined);
                        }
                    }
                }
            }
            prefixes = next;
        }
    }

    private static Prefix join(Prefix prefix, String part, String name) {
        String display = prefix.display().isEmpty() || prefix.display().endsWith("/")
                ? prefix.display() + name : prefix.display() + "/" + name;
        return new Prefix(display, prefix.path().resolve(name));
    }

    private void addIfExists(Prefix candidate, boolean mustBeDirectory) {
        if (!Files.exists(candidate.path(), LinkOption.NOFOLLOW_LINKS)) {
            missingFiles++;
            return;
        }
        boolean directory = Files.isDirectory(candidate.path());
        if (mustBeDirectory && !directory) {
            return;
        }
        matches.add(directory ? candidate.display() + "/" : candidate.display());
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isMagic(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /** fnmatch(3) for one path element, with FNM_PERIOD: a leading '.' must be matched literally. */
    static final class FnMatch {
        private FnMatch() {
        }

        static boolean matches(String pattern, String name) {
            if (name.startsWith(".") && !pattern.startsWith(".") && !pattern.startsWith("\\.")) {
                return false;
            }
            // Iterative matcher with single-star backtracking: linear in practice, never exponential.
            int p = 0;
            int n = 0;
            int starP = -1;
            int starN = -1;
            while (n < name.length()) {
                if (p < pattern.length()) {
                    char pc = pattern.charAt(p);
                    if (pc == '*') {
                        starP = p++;
                        starN = n;
                        continue;
                    }
                    int consumed = matchOne(pattern, p, name.charAt(n));
                    if (consumed > 0) {
                        p += consumed;
                        n++;
                        continue;
                    }
                }
                if (starP < 0) {
                    return false;
                }
                p = starP + 1;
                n = ++starN;
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }

        /** Pattern length consumed when the token at {@code p} matches {@code c}, else 0. */
        private static int matchOne(String pattern, int p, char c) {
            char pc = pattern.charAt(p);
            if (pc == '?') {
                return 1;
            }
            if (pc == '\\' && p + 1 < pattern.length()) {
                return pattern.charAt(p + 1) == c ? 2 : 0;
            }
            if (pc == '[') {
                int i = p + 1;
                boolean negate = i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^');
                if (negate) {
                    i++;
                }
                boolean found = false;
                boolean first = true;
                while (i < pattern.length() && (first || pattern.charAt(i) != ']')) {
                    first = false;
                    char lo = pattern.charAt(i);
                    if (lo == '\\' && i + 1 < pattern.length()) {
                        lo = pattern.charAt(++i);
                    }
                    char hi = lo;
                    if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                        hi = pattern.charAt(i + 2);
                        i += 2;
                    }
                    if (c >= lo && c <= hi) {
                        found = true;
                    }
                    i++;
                }
                if (i >= pattern.length()) {
                    // No closing ']': the '[' is an ordinary character.
                    return c == '[' ? 1 : 0;
                }
                return found != negate ? i + 1 - p : 0;
            }
            return pc == c ? 1 : 0;
        }
    }
}
