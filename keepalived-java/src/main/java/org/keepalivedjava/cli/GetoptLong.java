package org.keepalivedjava.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A pure re-implementation of the parts of glibc {@code getopt_long(3)} that keepalived relies on, so that
 * keepalived-java accepts exactly the command lines keepalived accepts:
 * <ul>
 *   <li>short options cluster ({@code -lnD}); a required argument is the rest of the word or the next word, even
 *       if that word starts with '-' ({@code -u -t} gives umask "-t", as keepalived does);</li>
 *   <li>an optional argument is only ever attached ({@code -tFILE}, {@code --config-test=FILE});</li>
 *   <li>long options take {@code --name=value} or {@code --name value} and may be abbreviated to any unique
 *       prefix ({@code --sig=STOP}); an exact name wins over prefixes; an ambiguous prefix is unknown;</li>
 *   <li>operands are permuted to the end (GNU default), {@code --} ends the options, a lone {@code -} is an operand.</li>
 * </ul>
 * Errors use keepalived's wording: {@code Unknown option -Z}, {@code Unknown option --frob},
 * {@code Missing parameter for option -f}. (keepalived 2.2.7 names the wrong long option in the last message,
 * e.g. {@code --X} for {@code --use-file}; we name the option the user typed.)
 */
public final class GetoptLong {

    /** How an option takes its argument. */
    public enum Arg { NONE, REQUIRED, OPTIONAL }

    /**
     * One option. {@code shortName} is 0 for long-only options; {@code longName} may be null for short-only ones.
     * {@code key} identifies the option to the caller whichever spelling was used.
     */
    public record Spec(String key, char shortName, String longName, Arg arg, boolean exactOnly) {
        public Spec(String key, char shortName, String longName, Arg arg) {
            this(key, shortName, longName, arg, false);
        }
    }

    /** One option as found on the command line; {@code value} is null when no argument was given. */
    public record Found(Spec spec, String value) {
    }

    /**
     * One item of the parse, in command-line order: an option found, or an error message (keepalived goes on
     * after a bad option and only exits at the end, but options such as {@code -h} act when they are reached).
     */
    public record Item(Found option, String error) {
        public boolean isError() {
            return error != null;
        }
    }

    /** The whole parse: options and errors in order, then operands (non-option words) in order. */
    public record Result(List<Item> items, List<String> operands) {
    }

    private final List<Spec> specs;

    public GetoptLong(List<Spec> specs) {
        this.specs = List.copyOf(specs);
    }

    public Result parse(List<String> args) {
        List<Item> items = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String word = args.get(i);
            if (word.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (word.startsWith("--")) {
                i = parseLong(args, i, items);
            } else if (word.startsWith("-") && word.length() > 1) {
                i = parseShortCluster(args, i, items);
            } else {
                operands.add(word);
                i++;
            }
        }
        return new Result(List.copyOf(items), List.copyOf(operands));
    }

    /** Parses {@code args[i]} (a {@code --name[=value]} word); returns the index of the next unread word. */
    private int parseLong(List<String> args, int i, List<Item> items) {
        String word = args.get(i);
        String body = word.substring(2);
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        String attached = eq < 0 ? null : body.substring(eq + 1);
        Spec spec = findLong(name);
        if (spec == null) {
            items.add(new Item(null, "Unknown option " + word));
            return i + 1;
        }
        switch (spec.arg()) {
            case NONE:
                if (attached != null) {
                    items.add(new Item(null, "Unknown option " + word));
                } else {
                    items.add(new Item(new Found(spec, null), null));
                }
                return i + 1;
            case OPTIONAL:
                items.add(new Item(new Found(spec, attached), null));
                return i + 1;
            case REQUIRED:
            default:
                if (attached != null) {
                    items.add(new Item(new Found(spec, attached), null));
                    return i + 1;
                }
                if (i + 1 < args.size()) {
                    items.add(new Item(new Found(spec, args.get(i + 1)), null));
                    return i + 2;
                }
                items.add(new Item(null, "Missing parameter for option --" + spec.longName()));
                return i + 1;
        }
    }

    /** Parses a cluster such as {@code -lnD} or {@code -ffile}; returns the index of the next unread word. */
    private int parseShortCluster(List<String> args, int i, List<Item> items) {
        String word = args.get(i);
        for (int pos = 1; pos < word.length(); pos++) {
            char c = word.charAt(pos);
            Spec spec = findShort(c);
            if (spec == null) {
                items.add(new Item(null, "Unknown option -" + c));
                continue;
            }
            String rest = word.substring(pos + 1);
            switch (spec.arg()) {
                case NONE:
                    items.add(new Item(new Found(spec, null), null));
                    break;
                case OPTIONAL:
                    items.add(new Item(new Found(spec, rest.isEmpty() ? null : rest), null));
                    return i + 1;
                case REQUIRED:
                default:
                    if (!rest.isEmpty()) {
                        items.add(new Item(new Found(spec, rest), null));
                        return i + 1;
                    }
                    if (i + 1 < args.size()) {
                        items.add(new Item(new Found(spec, args.get(i + 1)), null));
                        return i + 2;
                    }
                    items.add(new Item(null, "Missing parameter for option -" + c));
                    return i + 1;
            }
        }
        return i + 1;
    }

    private Spec findShort(char c) {
        for (Spec s : specs) {
            if (s.shortName() == c && c != 0) {
                return s;
            }
        }
        return null;
    }

    /** Exact match first; otherwise the one option the prefix abbreviates, or null (none or ambiguous). */
    private Spec findLong(String name) {
        if (name.isEmpty()) {
            return null;
        }
        Spec prefixMatch = null;
        int prefixMatches = 0;
        for (Spec s : specs) {
            if (s.longName() == null) {
                continue;
            }
            if (s.longName().equals(name)) {
                return s;
            }
            if (s.longName().startsWith(name) && !s.exactOnly()) {
                // exactOnly: keepalived-java's own options never take part in abbreviations, so adding one
                // cannot make a keepalived abbreviation ambiguous (--re is still --release-vips with --reload)
                // glibc accepts an ambiguous prefix when every candidate is the same option; ours are all distinct
                if (prefixMatch == null || !prefixMatch.key().equals(s.key())) {
                    prefixMatches++;
                }
                prefixMatch = s;
            }
        }
        return prefixMatches == 1 ? prefixMatch : null;
    }
}
