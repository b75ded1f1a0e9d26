package org.keepalivedjava.config.lex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;

/**
 * In-memory behaviour of the preprocessor. Every expectation was first observed with the real
 * {@code keepalived -t} 2.2.7 (its "Unknown keyword" messages show word 0 and the line number of each line).
 */
class PreprocessorTest {
    private final Diagnostics diagnostics = new Diagnostics();

    private List<String> lex(String text) {
        return lex(LoadOptions.defaults().withConfigId("main").withRandomSeed(1), text);
    }

    private List<String> lex(LoadOptions options, String text) {
        return new Preprocessor(options, diagnostics, 1000).loadText("t.conf", text).stream()
                .map(l -> l.location().line() + " " + String.join("|", l.words()))
                .toList();
    }

    private List<String> messages() {
        return diagnostics.all().stream()
                .map(d -> (d.isWarning() ? "WARNING" : d.status().name()) + " " + d.format())
                .toList();
    }

    @Test
    void commentsStartAnywhereOutsideDoubleQuotes() {
        assertEquals(List.of("1 foo", "2 baz", "3 w1|a#b|c", "5 x|#y|z", "6 s#t", "7 u!v|w"),
                lex("foo# bar\nbaz!qux\nw1 \"a#b\" c # tail\n  ! whole line\nx\"#y\"z\n\"s#t\"\n\"u!v\" w\n"));
        assertEquals(List.of(), messages());
    }

    @Test
    void backslashEscapesCommentCharactersOnlyOutsideQuotes() {
        assertEquals(List.of("1 i#j", "2 o!p", "3 x\\\\", "4 #start", "5 a\\#b"),
                lex("i\\#j\no\\!p\nx\\\\#y\n\\#start\n\"a\\#b\"\n"));
    }

    @Test
    void doubleQuotesGroupAndSplitWordsSingleQuotesAndBackslashesAreText() {
        assertEquals(List.of("1 a|b c|d", "2 x y|z", "3 'q|r'", "4 e\\|f", "5 k|"),
                lex("a\"b c\"d\n\"x y\"z\n'q r'\ne\\ f\nk \"\"\n"));
    }

    @Test
    void unterminatedQuoteGivesKeepalivedsTwoMessagesAndKeepsEarlierWords() {
        assertEquals(List.of("2 w"), lex("\"u!v\nw\"\n"));
        assertEquals(List.of(
                "GENERAL_ERROR (t.conf: Line 1) Unterminated quote '\"u!v'",
                "UNMATCHED_QUOTE (t.conf: Line 1) Unmatched quote: '\"u!v'",
                "GENERAL_ERROR (t.conf: Line 2) Unterminated quote 'w\"'",
                "UNMATCHED_QUOTE (t.conf: Line 2) Unmatched quote: 'w\"'"), messages());
    }

    @Test
    void escapedQuoteDoesNotCloseForCommentsButDoesForWords() {
        // decomment sees "g\"h" as balanced; word splitting knows no escapes.
        assertEquals(List.of("1 g\\|h"), lex("\"g\\\"h\" #c\n"));
        assertEquals(List.of("UNMATCHED_QUOTE (t.conf: Line 1) Unmatched quote: '\"g\\\"h\"'"), messages());
    }

    @Test
    void bracesBecomeLinesOfTheirOwnWithTheSameLocation() {
        assertEquals(List.of("1 vrrp_instance|VI_1", "1 {", "2 state|MASTER", "2 }", "3 a", "3 {", "3 b|c", "3 }",
                        "3 }", "4 q|x{y}"),
                lex("vrrp_instance VI_1{\n  state MASTER }\na{ b c}} \nq \"x{y}\"\n"));
        assertEquals(List.of("UNEXPECTED_BOB (t.conf: Line 3) Extra '}' found"), messages());
    }

    @Test
    void unclosedBracesAreCountedAtTheEndWithoutLocation() {
        lex("global_defs {\n global_defs { {\n");
        assertEquals(List.of("MISSING_BOB There are 3 missing '}'s or extra '{'s"), messages());
    }

    @Test
    void blankLinesCrLfAndTabsAreWhiteSpace() {
        assertEquals(List.of("1 crlf", "3 zz|y", "4 tab|x"), lex("crlf\r\n\r\nzz y \r\ntab\tx\n\n"));
    }

    @Test
    void conditionalLinesFollowTheConfigId() {
        String text = "@main m_yes\n@other m_no\n@^main nm_no\n@^other nm_yes\n@main\n@mainx mx\n  @main indented\n";
        assertEquals(List.of("1 m_yes", "4 nm_yes", "7 indented"), lex(text));
        assertEquals(List.of("2 m_no", "3 nm_no"),
                lex(LoadOptions.defaults().withConfigId("other"), "@main m_yes\n@other m_no\n@^main nm_no\n"));
    }

    @Test
    void parametersExpandLazilyAndOnlyWithAProperEnd() {
        String text = """
                $A=alpha
                $A
                ${A}x
                $Ax
                $B = spaced
                $D=${E}_d
                $E=e1
                ${D}
                $E=e2
                ${D}
                $UNDEF u
                "$A" q
                $A,c
                $A)p
                x$A mid
                $R=r1 r2 # comment
                $R tail
                $EMPTY=
                $EMPTY then
                $1X=bad
                """;
        assertEquals(List.of("2 alpha", "3 alphax", "4 $Ax", "5 $B|=|spaced", "8 e1_d", "10 e2_d", "11 $UNDEF|u",
                "12 $A|q", "13 alpha,c", "14 alpha)p", "15 xalpha|mid", "17 r1|r2|tail", "19 then", "20 $1X=bad"),
                lex(text));
    }

    @Test
    void undefinedBracedParameterIsSplitAtItsBraces() {
        assertEquals(List.of("1 $", "1 {", "1 UNDEF", "1 }", "1 u2"), lex("${UNDEF} u2\n"));
        assertEquals(List.of(), messages());
    }

    @Test
    void parameterCanHoldAConditionalAndBraces() {
        assertEquals(List.of("3 priority|240", "4 block", "4 {", "4 x", "4 }"),
                lex("$IF_MAIN=@main\n$BLK=block { x }\n$IF_MAIN priority 240\n$BLK\n"));
    }

    @Test
    void multiLineDefinitionsExpandAtEndOfLineAndStopAtABlankLine() {
        String text = "$M= \\\n  m1 one \\\n  # comment line\n  m2 two\n$M\nafter\n$N=n0 \\\n  n1 \\\n\nn_after\n$N\n";
        assertEquals(List.of("5 m1|one", "5 m2|two", "6 after", "10 n_after", "11 n0", "11 n1"), lex(text));
    }

    @Test
    void nestedMultiLineDefinitions() {
        String text = """
                $RS= \\
                real_server ${N} { \\
                } \\

                $VS= \\
                vs { \\
                $N=1 \\
                $RS \\
                $N=2 \\
                $RS \\
                }
                $VS
                """;
        assertEquals(List.of("12 vs", "12 {", "12 real_server|1", "12 {", "12 }", "12 real_server|2", "12 {", "12 }",
                "12 }"), lex(text));
    }

    @Test
    void builtInDefinitions() {
        List<String> lines = lex("${_INSTANCE}\n${_RANDOM 5 5}\n\"a${_HASH}b\" c${_BANG}d\n${_ENV HOME}\n");
        assertEquals(List.of("1 main", "2 5", "3 a#b|c", "4 $", "4 {", "4 _ENV|HOME", "4 }"), lines);
        List<String> random = lex("${_RANDOM}\n${_RANDOM 7}\n${_RANDOM 10 19}\n");
        int any = Integer.parseInt(random.get(0).substring(2));
        int atLeast7 = Integer.parseInt(random.get(1).substring(2));
        int teen = Integer.parseInt(random.get(2).substring(2));
        assertTrue(any >= 0 && any <= 32767, random.toString());
        assertTrue(atLeast7 >= 7 && atLeast7 <= 32767, random.toString());
        assertTrue(teen >= 10 && teen <= 19, random.toString());
    }

    @Test
    void randomIsRepeatableWithASeed() {
        String text = "${_RANDOM}\n${_RANDOM}\n${_RANDOM}\n";
        List<String> first = lex(LoadOptions.defaults().withRandomSeed(42), text);
        assertEquals(first, lex(LoadOptions.defaults().withRandomSeed(42), text));
        assertNotEquals(first, lex(LoadOptions.defaults().withRandomSeed(43), text));
    }

    @Test
    void userDefinitionOverridesABuiltIn() {
        assertEquals(List.of("2 mine"), lex("$_INSTANCE=mine\n${_INSTANCE}\n"));
    }

    @Test
    void growingSelfReferenceStopsAtTheLineLimitLikeKeepalived() {
        List<String> lines = lex("$B=x $B\n$B\nafter\n");
        assertEquals(2, lines.size());
        String expanded = lines.get(0);
        assertTrue(expanded.startsWith("2 x|x|x|") && expanded.endsWith("|$B"), expanded);
        assertTrue(expanded.length() < ConfigReader.MAXBUF + 2, "bounded by MAXBUF: " + expanded.length());
        assertEquals("3 after", lines.get(1));
        assertEquals(List.of(), messages());
    }

    @Test
    void nonGrowingSelfReferenceIsReportedInsteadOfHanging() {
        assertEquals(List.of("3 after"), lex("$A=$A\n$A\nafter\n"));
        assertEquals(List.of("GENERAL_ERROR (t.conf: Line 2) Parameter substitution on line '$A' does not terminate"
                + " (recursive definition) - line ignored"), messages());
    }

    @Test
    void endlessMultiLineExpansionIsStopped() {
        List<String> lines = lex("$M=\\\n m1 \\\n $M\n$M\nafter\n");
        assertEquals("5 after", lines.get(lines.size() - 1));
        // The file line gives the first m1; each generated "$M" line gives one more, up to the bound.
        assertEquals(1 + 1000 + 1, lines.size());
        assertEquals(List.of("GENERAL_ERROR (t.conf: Line 4) More than 1000"
                + " lines generated by ~SEQ/~LST/multi-line parameters - expansion stopped (recursive definition?)"),
                messages());
    }

    @Test
    void sequences() {
        String text = """
                ~SEQ(I, 1, 3) s_${I}
                ~SEQ(J, 3) t_$J
                ~SEQ(K, 2, 0) u_$K
                ~SEQx(H, 9, 3, 15) h_${H}
                ~SEQ(Z, 1, 2) ~SEQ(Y, 1, 2) z_${Z}_${Y}
                $S=2
                ~SEQ(T, $S) t2_${T}
                ~SEQ(Q, 0x10, 8, 020) q_$Q
                """;
        assertEquals(List.of("1 s_1", "1 s_2", "1 s_3", "2 t_1", "2 t_2", "2 t_3", "3 u_2", "3 u_1", "3 u_0",
                "4 h_9", "4 h_c", "4 h_f", "5 z_1_1", "5 z_1_2", "5 z_2_1", "5 z_2_2", "7 t2_1", "7 t2_2",
                "8 q_16"), lex(text));
        assertEquals(List.of(), messages());
    }

    @Test
    void badSequencesGiveKeepalivedsMessages() {
        assertEquals(List.of("5 ~FOO|x"), lex("~SEQ(L, 1, 0, 3) bad\n~SEQ(W) bad2\n~SEQx(N, -1, 3) n\n"
                + "~SEQUENCE(A, 1) a\n~FOO x\n"));
        assertEquals(List.of(
                "GENERAL_ERROR (t.conf: Line 1) Invalid ~SEQ values '~SEQ(L, 1, 0, 3) bad'",
                "GENERAL_ERROR (t.conf: Line 1) Invalid ~SEQ specification '~SEQ(L, 1, 0, 3) bad'",
                "GENERAL_ERROR (t.conf: Line 2) Invalid ~SEQ definition '~SEQ(W) bad2'",
                "GENERAL_ERROR (t.conf: Line 2) Invalid ~SEQ specification '~SEQ(W) bad2'",
                "GENERAL_ERROR (t.conf: Line 3) ~SEQx is only valid for positive numbers '~SEQx(N, -1, 3) n'",
                "GENERAL_ERROR (t.conf: Line 3) Invalid ~SEQ specification '~SEQx(N, -1, 3) n'",
                "GENERAL_ERROR (t.conf: Line 4) Invalid ~SEQ specification '~SEQUENCE(A, 1) a'"), messages());
    }

    @Test
    void lists() {
        String text = """
                ~LST(V, a, b, c) v_${V}
                ~LST({P,Q}, {1,2},{3}) pq_${P}_${Q}
                ~LST(G,) g_${G}
                ~LST(R, 1, 2) ~LST(S, a, b) rs_${R}_${S}
                ~SEQ(T, 1, 2) ~LST(U, a, b) tu_${T}_${U}
                """;
        assertEquals(List.of("1 v_a", "1 v_b", "1 v_c", "2 pq_1_2", "2 pq_3_", "3 g_", "4 rs_1_a", "4 rs_1_b",
                "4 rs_2_a", "4 rs_2_b", "5 tu_1_a", "5 tu_1_b", "5 tu_2_a", "5 tu_2_b"), lex(text));
    }

    @Test
    void aFailedListLeavesTheNextListPendingAsInKeepalived() {
        // keepalived 2.2.7 decrements its sequence counter for an invalid ~LST it never added, so the next
        // ~LST is not expanded (observed with -t: no output for line 2).
        assertEquals(List.of("3 after"), lex("~LST({P,Q}, {1,2,3}) many\n~LST({P}, {1},{2}) single_${P}\nafter\n"));
        assertEquals(List.of(
                "GENERAL_ERROR (t.conf: Line 1) ~LST specification has too many values '~LST({P,Q}, {1,2,3}) many'",
                "GENERAL_ERROR (t.conf: Line 1) Invalid ~LST specification '~LST({P,Q}, {1,2,3}) many'"), messages());
    }

    @Test
    void hugeSequenceIsBounded() {
        List<String> lines = lex("~SEQ(I, 1, 100000000) x\nafter\n");
        assertEquals(1000 + 1, lines.size());
        assertEquals("2 after", lines.get(1000));
        assertEquals(ConfigStatus.GENERAL_ERROR, diagnostics.status());
    }

    @Test
    void overlongLinesArriveInPiecesOf1023BytesWithTheirTrueLineNumber() {
        // keepalived splits the same way (fgets with MAXBUF 1024) but labels the first piece with the PREVIOUS
        // line number (1 here); we name the line the text is really on.
        String a = "kw_" + "a".repeat(1020);
        List<String> lines = lex("first\n" + a + "X yy\nsecond\n");
        assertEquals(List.of("1 first", "2 " + a, "2 X|yy", "3 second"), lines);
    }

    @Test
    void nulByteEndsThePieceButNotTheLineCount() {
        // keepalived stops at the NUL as we do, but also loses count of that line (it reports "ab" at line 0 and
        // every later line one too low); we keep true line numbers.
        assertEquals(List.of("1 ab", "2 ef", "3 next"), lex("ab\0cd\nef\nnext\n"));
    }

    @Test
    void binaryGarbageNeverThrows() {
        StringBuilder sb = new StringBuilder();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 200_000; i++) {
            sb.append((char) r.nextInt(256));
        }
        List<String> lines = lex(sb.toString());
        assertTrue(lines.size() > 0);
    }

    @Test
    void deepBraceNestingIsJustCounted() {
        String text = "a {\n".repeat(100_000) + "}\n".repeat(100_000);
        List<String> lines = lex(text);
        assertEquals(300_000, lines.size());
        assertEquals(List.of(), messages());
        lex("{".repeat(100_000));
        assertEquals(List.of("MISSING_BOB There are 100000 missing '}'s or extra '{'s"), messages());
    }

    @Test
    void lineKeepsItsTextForScriptSplitting() {
        Line line = new Preprocessor(LoadOptions.defaults(), diagnostics)
                .loadText("t.conf", "notify /bin/x 'a b' \\x41\\t \"c 'd'\" # c\n").get(0);
        assertEquals(List.of("notify", "/bin/x", "'a", "b'", "\\x41\\t", "c 'd'"), line.words());
        assertEquals("notify /bin/x 'a b' \\x41\\t \"c 'd'\"", line.text());
        assertEquals(List.of("notify", "/bin/x", "a b", "A\t", "c 'd'"), line.scriptWords(m -> { }));
        List<String> problems = new java.util.ArrayList<>();
        Line open = new Preprocessor(LoadOptions.defaults(), diagnostics).loadText("t.conf", "x 'a b\n").get(0);
        assertEquals(null, open.scriptWords(problems::add));
        assertEquals(List.of("String 'x 'a b': missing terminating '"), problems);
    }
}
