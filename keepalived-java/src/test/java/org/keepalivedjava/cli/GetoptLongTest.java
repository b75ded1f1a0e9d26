package org.keepalivedjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.cli.GetoptLong.Arg;
import org.keepalivedjava.cli.GetoptLong.Spec;

class GetoptLongTest {
    private static final GetoptLong G = new GetoptLong(List.of(
            new Spec("a", 'a', "alpha", Arg.NONE),
            new Spec("b", 'b', "beta", Arg.NONE),
            new Spec("f", 'f', "file", Arg.REQUIRED),
            new Spec("t", 't', "test", Arg.OPTIONAL),
            new Spec("dont-fork", 'n', "dont-fork", Arg.NONE),
            new Spec("dont-respawn", 'R', "dont-respawn", Arg.NONE),
            new Spec("all", (char) 0, "all", Arg.NONE),
            new Spec("all-config", 'e', "all-config", Arg.NONE)));

    /** Renders a parse as "key=value" / "key" / "!error" items, then "| operands". */
    private static String parse(String... args) {
        GetoptLong.Result r = G.parse(List.of(args));
        StringBuilder b = new StringBuilder();
        for (GetoptLong.Item i : r.items()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (i.isError()) {
                b.append('!').append(i.error());
            } else {
                b.append(i.option().spec().key());
                if (i.option().value() != null) {
                    b.append('=').append(i.option().value());
                }
            }
        }
        if (!r.operands().isEmpty()) {
            b.append(" | ").append(String.join(" ", r.operands()));
        }
        return b.toString();
    }

    @Test
    void shortOptionsCluster() {
        assertEquals("a b a", parse("-aba"));
    }

    @Test
    void requiredArgumentAttachedOrNextWordEvenIfItLooksLikeAnOption() {
        assertEquals("a f=x.conf", parse("-afx.conf"));
        assertEquals("f=x.conf b", parse("-f", "x.conf", "-b"));
        assertEquals("f=-t", parse("-f", "-t"));
    }

    @Test
    void optionalArgumentOnlyWhenAttached() {
        assertEquals("t=log", parse("-tlog"));
        assertEquals("t | log", parse("-t", "log"));
        assertEquals("t=log", parse("--test=log"));
        assertEquals("t | log", parse("--test", "log"));
        assertEquals("a t=b", parse("-atb"));
    }

    @Test
    void longOptionsTakeEqualsOrNextWord() {
        assertEquals("f=x", parse("--file=x"));
        assertEquals("f=x", parse("--file", "x"));
        assertEquals("f=", parse("--file="));
    }

    @Test
    void uniquePrefixAbbreviatesExactNameWins() {
        assertEquals("f=x", parse("--fi=x"));
        assertEquals("dont-fork", parse("--dont-f"));
        assertEquals("all", parse("--all"));
        assertEquals("all-config", parse("--all-"));
    }

    @Test
    void ambiguousPrefixIsUnknown() {
        assertEquals("!Unknown option --dont", parse("--dont"));
    }

    @Test
    void unknownOptionsAreReportedInKeepalivedsWordsAndParsingContinues() {
        assertEquals("!Unknown option -Z a", parse("-Za"));
        assertEquals("!Unknown option --frob b", parse("--frob", "-b"));
        assertEquals("!Unknown option --alpha=3", parse("--alpha=3"));
    }

    @Test
    void missingParameter() {
        assertEquals("a !Missing parameter for option -f", parse("-a", "-f"));
        assertEquals("!Missing parameter for option --file", parse("--file"));
    }

    @Test
    void operandsArePermutedToTheEndAndDoubleDashEndsOptions() {
        assertEquals("a b | x y", parse("x", "-a", "y", "-b"));
        assertEquals("a | -b - c", parse("-a", "--", "-b", "-", "c"));
        assertEquals("a | -", parse("-", "-a"));
    }
}
