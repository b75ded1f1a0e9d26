package org.keepalivedjava.config.tree;

import java.util.List;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.lex.Line;

/**
 * Walks logical lines through a {@link KeywordTable} tree, as keepalived's process_stream does: a keyword line
 * runs its handler; a block keyword must be followed by {@code {}; {@code }} closes the current block. Unknown
 * keywords are reported and parsing continues with the next line, so every problem is found in one pass.
 *
 * <p>Iterative, not recursive: a config nested thousands of levels deep cannot overflow the stack.
 */
public final class TreeParser {
    private final Diagnostics diagnostics;

    public TreeParser(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** One open block: its table, its builder, how it ends. */
    private record Frame(KeywordTable<Object> table, Object target, KeywordTable.BlockCloser<Object> closer) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> void parse(List<Line> lines, KeywordTable<T> root, T target) {
        java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
        Frame current = new Frame((KeywordTable) root, target, null);
        int i = 0;
        while (i < lines.size()) {
            Line line = lines.get(i++);
            if (line.isCloseBrace()) {
                if (stack.isEmpty()) {
                    diagnostics.error(ConfigStatus.UNKNOWN_KEYWORD, line.location(), "Unknown keyword '}'");
                } else {
                    close(current, line);
                    current = stack.pop();
                }
                continue;
            }
            if (line.isOpenBrace()) {
                diagnostics.error(ConfigStatus.UNEXPECTED_BOB, line.location(), "Unexpected '{' - ignoring");
                continue;
            }
            String word = line.keyword();
            KeywordTable.Keyword<Object> keyword = current.table().lookup(word);
            if (keyword == null) {
                diagnostics.error(ConfigStatus.UNKNOWN_KEYWORD, line.location(), "Unknown keyword '" + word + "'");
                continue;
            }
            String replacement = current.table().replacementFor(word);
            if (replacement != null) {
                diagnostics.warning(line.location(),
                        "Keyword '" + word + "' is deprecated - please use '" + replacement + "'");
            }
            Words words = new Words(line, diagnostics);
            if (keyword instanceof KeywordTable.Leaf<Object> leaf) {
                leaf.handler().handle(current.target(), words);
                continue;
            }
            boolean hasBrace = i < lines.size() && lines.get(i).isOpenBrace();
            if (!hasBrace) {
                diagnostics.error(ConfigStatus.MISSING_BOB, line.location(),
                        "Missing '{' at beginning of configuration block");
                continue;
            }
            i++;
            if (keyword instanceof KeywordTable.Values<Object> values) {
                values.opener().handle(current.target(), words);
                i = readValues(lines, i, values, current.target());
            } else if (keyword instanceof KeywordTable.Block block) {
                Object child = block.opener().open(current.target(), words);
                if (child == null) {
                    i = skipBlock(lines, i);
                } else {
                    stack.push(current);
                    current = new Frame(block.table(), child, block.closer());
                }
            }
        }
        // End of input with blocks still open: the preprocessor reported the missing braces; close what is open.
        Line last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        while (!stack.isEmpty()) {
            close(current, last);
            current = stack.pop();
        }
    }

    /** keepalived reports end-of-block checks at the closing brace, so that is the location the closer gets. */
    private static void close(Frame frame, Line closing) {
        if (frame.closer() != null) {
            frame.closer().close(frame.target(), closing.location());
        }
    }

    /** Feeds each line up to the matching brace to the value handler; returns the index after the brace. */
    private int readValues(List<Line> lines, int i, KeywordTable.Values<Object> values, Object target) {
        int depth = 0;
        while (i < lines.size()) {
            Line line = lines.get(i++);
            if (line.isCloseBrace()) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (line.isOpenBrace()) {
                depth++;
            } else if (depth == 0) {
                values.eachLine().handle(target, new Words(line, diagnostics));
            }
        }
        return i;
    }

    /** Skips to after the brace matching an already consumed opening brace. */
    private static int skipBlock(List<Line> lines, int i) {
        int depth = 0;
        while (i < lines.size()) {
            Line line = lines.get(i++);
            if (line.isOpenBrace()) {
                depth++;
            } else if (line.isCloseBrace()) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return i;
    }
}
