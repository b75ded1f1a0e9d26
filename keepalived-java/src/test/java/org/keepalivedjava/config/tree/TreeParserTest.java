package org.keepalivedjava.config.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostic;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.lex.Preprocessor;

class TreeParserTest {

    static final class Node {
        final List<String> seen = new ArrayList<>();
        final List<Node> children = new ArrayList<>();
    }

    private static KeywordTable<Node> table() {
        KeywordTable<Node> inner = new KeywordTable<Node>("inner")
                .leaf("x", (n, w) -> n.seen.add("x=" + w.get(1)));
        return new KeywordTable<Node>("root")
                .leaf("a", (n, w) -> n.seen.add("a=" + w.get(1)))
                .leaf("new_name", (n, w) -> n.seen.add("new=" + w.get(1)))
                .deprecated("old_name", "new_name")
                .block("blk", (n, w) -> {
                    Node c = new Node();
                    n.children.add(c);
                    return c;
                }, inner)
                .values("vals", (n, w) -> n.seen.add("v=" + String.join(",", w.all())));
    }

    private static List<String> run(String text, Node root, Diagnostics d) {
        var lines = new Preprocessor(LoadOptions.defaults(), d).loadText("t.conf", text);
        new TreeParser(d).parse(lines, table(), root);
        return d.all().stream().map(Diagnostic::format).toList();
    }

    @Test
    void gluedBracesNestedBlocksAndValueBlocks() {
        Node root = new Node();
        Diagnostics d = new Diagnostics();
        run("a 1\nblk{x 2}\nblk\n{\n x 3\n}\nvals { p q\n r }\n", root, d);
        assertEquals(List.of(), d.all());
        assertEquals(List.of("a=1", "v=p,q", "v=r"), root.seen);
        assertEquals(2, root.children.size());
        assertEquals(List.of("x=2"), root.children.get(0).seen);
        assertEquals(List.of("x=3"), root.children.get(1).seen);
    }

    @Test
    void unknownKeywordsAreReportedWithLineAndParsingGoesOn() {
        Node root = new Node();
        Diagnostics d = new Diagnostics();
        // As keepalived: an unknown keyword does not swallow its block; its '{' is unexpected and its '}' closes
        // the enclosing block.
        List<String> msgs = run("blk {\n bogus { y 1 }\n}\na 9\n", root, d);
        assertEquals(List.of(
                "(t.conf: Line 2) Unknown keyword 'bogus'",
                "(t.conf: Line 2) Unexpected '{' - ignoring",
                "(t.conf: Line 2) Unknown keyword 'y'",
                "(t.conf: Line 3) Unknown keyword '}'"), msgs);
        assertEquals(List.of("a=9"), root.seen);
        assertEquals(ConfigStatus.UNEXPECTED_BOB, d.status()); // the worst kind reported wins
    }

    @Test
    void closerGetsTheClosingBraceLocation() {
        Diagnostics d = new Diagnostics();
        List<String> at = new ArrayList<>();
        KeywordTable<Node> inner = new KeywordTable<Node>("inner").leaf("x", (n, w) -> { });
        KeywordTable<Node> root = new KeywordTable<Node>("root")
                .block("blk", (n, w) -> new Node(), inner, (c, loc) -> at.add(loc.toString()));
        var lines = new Preprocessor(LoadOptions.defaults(), d).loadText("t.conf", "blk {\n x 1\n\n}\nblk {\n x 2\n");
        new TreeParser(d).parse(lines, root, new Node());
        // keepalived reports end-of-block checks at the '}'; at end of input, at the last line read
        assertEquals(List.of("(t.conf: Line 4)", "(t.conf: Line 6)"), at);
    }

    @Test
    void blockWithoutBraceIsMissingBob() {
        Diagnostics d = new Diagnostics();
        List<String> msgs = run("blk\na 1\n", new Node(), d);
        assertEquals(List.of("(t.conf: Line 1) Missing '{' at beginning of configuration block"), msgs);
        assertEquals(ConfigStatus.MISSING_BOB, d.status());
    }

    @Test
    void deprecatedAliasWarnsAndBehavesAsCurrentName() {
        Node root = new Node();
        Diagnostics d = new Diagnostics();
        List<String> msgs = run("old_name 5\n", root, d);
        assertEquals(List.of("new=5"), root.seen);
        assertEquals(1, d.warnings().size());
        assertEquals(ConfigStatus.OK, d.status());
        assertEquals(List.of("(t.conf: Line 1) Keyword 'old_name' is deprecated - please use 'new_name'"), msgs);
    }

    @Test
    void deepNestingDoesNotOverflowTheStack() {
        Diagnostics d = new Diagnostics();
        String text = "blk {\n".repeat(1) + "bogus {\n".repeat(100_000) + "}\n".repeat(100_001);
        run(text, new Node(), d);
        assertEquals(ConfigStatus.UNEXPECTED_BOB, d.status()); // the worst kind reported wins
    }
}
