package org.keepalivedjava.config.tree;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keepalivedjava.config.Location;

/**
 * Phase 2 of config loading: a declarative table of the keywords valid inside one block, each with the handler
 * that fills the builder {@code T} of that block. Tables nest to give keepalived's keyword tree.
 *
 * <pre>
 * KeywordTable&lt;VrrpInstanceBuilder&gt; instance = new KeywordTable&lt;VrrpInstanceBuilder&gt;("vrrp_instance")
 *     .leaf("priority", (b, w) -&gt; b.priority(w.integer(1, 1, 255)))
 *     .values("virtual_ipaddress", (b, w) -&gt; b.addVip(w))
 *     .block("track_script", (b, w) -&gt; b.trackScripts(), trackScriptTable);
 * </pre>
 *
 * @param <T> the builder that the keywords of this block write into
 */
public final class KeywordTable<T> {

    /** A keyword line inside the block: write what it says into the builder. */
    @FunctionalInterface
    public interface LeafHandler<T> {
        void handle(T target, Words words);
    }

    /** A keyword that opens a sub-block: return the builder for the sub-block's keywords, or null to ignore it. */
    @FunctionalInterface
    public interface BlockOpener<P, C> {
        C open(P parent, Words words);
    }

    /**
     * Runs when a sub-block's closing brace is read (or at end of input); {@code at} is the closing brace's
     * location (the last line at end of input), where keepalived reports end-of-block checks.
     */
    @FunctionalInterface
    public interface BlockCloser<C> {
        void close(C child, Location at);
    }

    sealed interface Keyword<T> permits Leaf, Block, Values {
    }

    record Leaf<T>(LeafHandler<T> handler) implements Keyword<T> {
    }

    record Block<T, C>(BlockOpener<T, C> opener, KeywordTable<C> table, BlockCloser<C> closer) implements Keyword<T> {
    }

    /** A block whose lines are values, not keywords (virtual_ipaddress, notification_email, unicast_peer...). */
    record Values<T>(LeafHandler<T> opener, LeafHandler<T> eachLine) implements Keyword<T> {
    }

    private final String name;
    private final Map<String, Keyword<T>> keywords = new LinkedHashMap<>();
    private final Map<String, String> deprecated = new LinkedHashMap<>();

    /** @param name the block's keyword, used in messages */
    public KeywordTable(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public KeywordTable<T> leaf(String keyword, LeafHandler<T> handler) {
        return put(keyword, new Leaf<>(handler));
    }

    public <C> KeywordTable<T> block(String keyword, BlockOpener<T, C> opener, KeywordTable<C> table) {
        return block(keyword, opener, table, (c, at) -> { });
    }

    public <C> KeywordTable<T> block(String keyword, BlockOpener<T, C> opener, KeywordTable<C> table,
                                     BlockCloser<C> closer) {
        return put(keyword, new Block<>(opener, table, closer));
    }

    /** A block of value lines; {@code eachLine} receives each line inside the braces (word 0 is the first value). */
    public KeywordTable<T> values(String keyword, LeafHandler<T> eachLine) {
        return values(keyword, (t, w) -> { }, eachLine);
    }

    /** As {@link #values(String, LeafHandler)}, with a handler for the keyword line itself. */
    public KeywordTable<T> values(String keyword, LeafHandler<T> opener, LeafHandler<T> eachLine) {
        return put(keyword, new Values<>(opener, eachLine));
    }

    /**
     * An old name kept for compatibility: it behaves as {@code current} and logs keepalived's deprecation warning.
     * {@code current} must already be in the table.
     */
    public KeywordTable<T> deprecated(String oldName, String current) {
        Keyword<T> k = keywords.get(current);
        if (k == null) {
            throw new IllegalStateException(name + ": deprecated alias " + oldName + " for unknown " + current);
        }
        deprecated.put(oldName, current);
        return put(oldName, k);
    }

    private KeywordTable<T> put(String keyword, Keyword<T> k) {
        if (keywords.putIfAbsent(keyword, k) != null) {
            throw new IllegalStateException(name + ": keyword " + keyword + " defined twice");
        }
        return this;
    }

    Keyword<T> lookup(String keyword) {
        return keywords.get(keyword);
    }

    /** The current name if {@code keyword} is a deprecated alias, else null. */
    String replacementFor(String keyword) {
        return deprecated.get(keyword);
    }

    /** The keywords of this block, in definition order (for documentation and completeness tests). */
    public java.util.Set<String> keywordNames() {
        return Collections.unmodifiableSet(keywords.keySet());
    }

    /** The table of sub-block {@code keyword}, or null if it is not a keyword block (for tests and tooling). */
    public KeywordTable<?> subTable(String keyword) {
        return keywords.get(keyword) instanceof Block<T, ?> b ? b.table() : null;
    }
}
