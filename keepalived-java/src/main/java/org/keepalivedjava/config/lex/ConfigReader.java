package org.keepalivedjava.config.lex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.Location;

/**
 * keepalived 2.2.7's line reader ({@code read_line()} in lib/parser.c) re-done in Java: yields one logical
 * line at a time, after comments, conditionals, definitions, parameter substitution, {@code ~SEQ}/{@code ~LST}
 * replication and includes, split at braces. The order in which the sources of lines are consulted is
 * keepalived's and matters: the rest of a line after a brace first, then pending sequence values, then the next
 * line of a multi-line parameter being expanded, and only then the next line of the current file.
 *
 * <p>Single use, one thread.
 */
final class ConfigReader {
    /** keepalived's MAXBUF: fgets() reads at most 1023 bytes, so longer lines arrive as several lines. */
    static final int MAXBUF = 1024;
    /** ~SEQ's parameter buffer: 3 longs with separators. */
    private static final int SEQ_BUF = 3 * 20 + 3 + 1;
    /** Our bound (keepalived has none but its open-file limit, ~1020 nested files). */
    static final int MAX_INCLUDE_DEPTH = 1000;
    /** Our bound on lines made by ~SEQ/~LST/multi-line expansion (keepalived hangs on self-reference). */
    static final int MAX_GENERATED_LINES = 2_000_000;
    /** Our bound on substitutions in one line ({@code $A=$A} makes keepalived loop for ever). */
    static final int MAX_SUBSTITUTIONS_PER_LINE = 10_000;
    /** Files are read whole; refuse absurd sizes instead of running out of memory. */
    static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    static final int INCLUDE_R = 0x01;
    static final int INCLUDE_M = 0x02;
    static final int INCLUDE_W = 0x04;
    static final int INCLUDE_B = 0x08;
    static final int INCLUDE_ALL = INCLUDE_R | INCLUDE_M | INCLUDE_W | INCLUDE_B;

    /** A logical line: keepalived's {@code buf} after read_line(), with where it was read. */
    record Raw(String text, Location location) {
    }

    private static final class Definition {
        final String name;
        String value;
        boolean multiline;
        Builtin builtin;

        Definition(String name, String value) {
            this.name = name;
            this.value = value;
        }
    }

    private enum Builtin { PWD, INSTANCE, RANDOM, NONE }

    /** A cursor into a multi-line definition value (keepalived's {@code next_ptr}). */
    private record Cursor(String value, int pos) {
    }

    private record MultilineSaved(Cursor cursor, int seqDepth) {
    }

    /** One {@code include} (or the main file): a list of matched files read one after the other. */
    private static final class IncludeFrame {
        final int includeType;
        final int savedIncludeCheck;
        final List<String> paths;
        final Path baseDir;
        int next;
        String fileName;
        int lineNo;
        /** The physical line number of the next piece to read (1-based). */
        int nextPhysicalLine = 1;
        Path dir;
        Path realPath;
        String content;
        int pos;

        IncludeFrame(int includeType, int savedIncludeCheck, List<String> paths, Path baseDir) {
            this.includeType = includeType;
            this.savedIncludeCheck = savedIncludeCheck;
            this.paths = paths;
            this.baseDir = baseDir;
        }
    }

    private final LoadOptions options;
    private final Diagnostics diagnostics;
    private final Random random;
    private final Map<String, Definition> definitions = new HashMap<>();
    private final Deque<IncludeFrame> includeStack = new ArrayDeque<>();
    private final Set<Path> openFiles = new HashSet<>();
    private final List<Sequence> sequences = new ArrayList<>();
    /** keepalived's seq_list_count: unsigned, and (a keepalived quirk we keep) decremented by a failed ~LST. */
    private int sequenceCount;
    private int multilineSeqDepth;
    private final Deque<MultilineSaved> multilineStack = new ArrayDeque<>();
    private Cursor nextPtr;
    private String residue;
    private Definition definitionBeingRead;
    private int includeCheck;
    private int generatedLines;
    private boolean generationStopped;

    private final int maxGeneratedLines;

    ConfigReader(LoadOptions options, Diagnostics diagnostics) {
        this(options, diagnostics, MAX_GENERATED_LINES);
    }

    ConfigReader(LoadOptions options, Diagnostics diagnostics, int maxGeneratedLines) {
        this.maxGeneratedLines = maxGeneratedLines;
        this.options = options;
        this.diagnostics = diagnostics;
        this.random = new Random(options.randomSeed());
        this.includeCheck = options.allConfig() ? INCLUDE_ALL : 0;
        builtin("_PWD", null, Builtin.PWD);
        builtin("_INSTANCE", null, Builtin.INSTANCE);
        builtin("_RANDOM", null, Builtin.RANDOM);
        builtin("_HASH", "#", Builtin.NONE);
        builtin("_BANG", "!", Builtin.NONE);
    }

    private void builtin(String name, String value, Builtin kind) {
        Definition d = new Definition(name, value == null ? "" : value);
        d.builtin = kind;
        definitions.put(name, d);
    }

    /** Starts with a main file whose content is already known. */
    void startText(String fileName, String text, Path dir) {
        IncludeFrame frame = new IncludeFrame(0, includeCheck, List.of(fileName), dir);
        frame.next = 1;
        frame.fileName = fileName;
        frame.dir = dir;
        frame.content = text;
        includeStack.push(frame);
    }

    /** {@code include_check} as set by the global_defs keyword: applies to includes read from now on. */
    void setIncludeCheck(List<String> words) {
        if (words.size() <= 1) {
            includeCheck = INCLUDE_ALL;
            return;
        }
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            int addRemove = 0;
            int offset = 1;
            if (word.startsWith("-")) {
                addRemove = -1;
            } else if (word.startsWith("+")) {
                addRemove = 1;
            } else {
                offset = 0;
                if (i == 1) {
                    includeCheck = 0;
                } else {
                    continue;
                }
            }
            int flag = switch (word.substring(offset)) {
                case "read" -> INCLUDE_R;
                case "match" -> INCLUDE_M;
                case "wildcard_match" -> INCLUDE_W;
                case "brace_match" -> INCLUDE_B;
                default -> 0;
            };
            if (flag != 0) {
                if (addRemove == 0) {
                    includeCheck = INCLUDE_R | flag;
                } else if (addRemove > 0) {
                    includeCheck |= flag;
                } else {
                    includeCheck &= ~flag;
                }
            }
        }
    }

    /** Where the line being processed was read: the current file and its line number. */
    Location location() {
        IncludeFrame top = includeStack.peek();
        if (top == null || top.fileName == null) {
            return Location.NONE;
        }
        return new Location(top.fileName, top.lineNo);
    }

    /** The next logical line, or null at the end of the configuration. */
    Raw next() {
        String buf;
        boolean multilineDefinition = false;
        while (true) {
            boolean generated = true;
            if (residue != null) {
                buf = residue;
                residue = null;
                generated = false;
            } else if (!sequences.isEmpty() && Integer.compareUnsigned(sequenceCount, multilineSeqDepth) > 0) {
                buf = nextSequenceValue();
            } else if (nextPtr != null) {
                buf = nextMultilineLine();
            } else {
                buf = readFileLine(multilineDefinition);
                if (buf == null) {
                    return null;
                }
                if (buf.isEmpty()) {
                    // A blank line ends a multi-line definition.
                    multilineDefinition = endDefinition();
                    continue;
                }
                generated = false;
            }
            if (generated && !countGenerated()) {
                continue;
            }

            if (multilineDefinition) {
                multilineDefinition = appendToDefinition(buf);
                continue;
            }
            if (buf.isEmpty()) {
                continue;
            }

            boolean recheck;
            do {
                recheck = false;
                if (buf.charAt(0) == '@') {
                    buf = applyConditional(buf);
                    if (buf.isEmpty()) {
                        break;
                    }
                }
                if (buf.charAt(0) == '$' && defineFrom(buf)) {
                    multilineDefinition = definitionBeingRead != null && definitionBeingRead.multiline;
                    buf = "";
                    break;
                }
                if (buf.startsWith("~SEQ") || buf.startsWith("~LST")) {
                    addSequence(buf);
                    buf = "";
                    break;
                }
                if (buf.charAt(0) == '~') {
                    break;
                }
                if (buf.indexOf('$') >= 0) {
                    Substitution s = substitute(buf, MAXBUF, nextPtr);
                    if (!s.found() || s.overflow()) {
                        // On overflow keepalived keeps the line as substituted so far (and only logs it).
                        buf = s.text();
                        break;
                    }
                    nextPtr = s.cursor();
                    buf = TextOps.decomment(s.text(), this::unterminatedQuote);
                    if (buf.isEmpty()) {
                        break;
                    }
                    recheck = buf.charAt(0) == '@' || buf.indexOf('$') >= 0;
                }
            } while (recheck);

            if (buf.isEmpty()) {
                continue;
            }
            if (tryInclude(buf)) {
                continue;
            }
            break;
        }
        return new Raw(splitAtBrace(buf), location());
    }

    // ---- sources of lines -------------------------------------------------------------------------------

    private boolean countGenerated() {
        if (generationStopped) {
            return true;
        }
        if (++generatedLines > maxGeneratedLines) {
            diagnostics.error(ConfigStatus.GENERAL_ERROR, location(),
                    "More than " + maxGeneratedLines + " lines generated by ~SEQ/~LST/multi-line parameters"
                            + " - expansion stopped (recursive definition?)");
            generationStopped = true;
            sequences.clear();
            sequenceCount = 0;
            multilineSeqDepth = 0;
            multilineStack.clear();
            nextPtr = null;
            return false;
        }
        return true;
    }

    private String nextSequenceValue() {
        Sequence seq = sequences.get(sequences.size() - 1);
        if (!seq.isList()) {
            setDefinition(seq.var, seq.hex ? Long.toHexString(seq.next) : Long.toString(seq.next));
            seq.next += seq.step;
            if ((seq.step > 0 && seq.next > seq.last) || (seq.step < 0 && seq.next < seq.last)
                    || nextOverflowed(seq)) {
                removeLastSequence();
            }
        } else {
            List<String> values = seq.lstValues.get(seq.lstIndex);
            for (int i = 0; i < seq.lstParams.size(); i++) {
                setDefinition(seq.lstParams.get(i), values.get(i));
            }
            if (++seq.lstIndex >= seq.lstValues.size()) {
                removeLastSequence();
            }
        }
        return seq.text;
    }

    /** keepalived wraps around on overflow and loops for ever; we stop at the wrap. */
    private static boolean nextOverflowed(Sequence seq) {
        return (seq.step > 0 && seq.next - seq.step > seq.next) || (seq.step < 0 && seq.next - seq.step < seq.next);
    }

    private void removeLastSequence() {
        sequences.remove(sequences.size() - 1);
        sequenceCount--;
    }

    private String nextMultilineLine() {
        String value = nextPtr.value();
        int end = value.indexOf('\n', nextPtr.pos());
        if (end < 0) {
            String line = value.substring(Math.min(nextPtr.pos(), value.length()));
            if (!multilineStack.isEmpty()) {
                MultilineSaved saved = multilineStack.pop();
                nextPtr = saved.cursor();
                multilineSeqDepth = saved.seqDepth();
            } else {
                nextPtr = null;
                multilineSeqDepth = 0;
            }
            return line;
        }
        String line = value.substring(nextPtr.pos(), end);
        nextPtr = new Cursor(value, end + 1);
        return line;
    }

    /**
     * The next non-blank physical line of the current file (decommented), "" for a blank line, null at the
     * end of the last file. Mimics fgets(buf, 1024), which decides which words keepalived sees: a longer line
     * arrives in pieces of 1023 bytes and a NUL byte ends the piece's text. Unlike keepalived, whose counter
     * only moves when a piece's text ends with the newline (so long lines report the previous line number and a
     * NUL hides a newline, shifting every later line), every piece carries its true physical line number.
     */
    private String readFileLine(boolean inMultilineDefinition) {
        while (true) {
            IncludeFrame frame = includeStack.peek();
            if (frame == null) {
                return null;
            }
            if (frame.content == null || frame.pos >= frame.content.length()) {
                if (!nextFile()) {
                    return null;
                }
                continue;
            }
            String content = frame.content;
            int start = frame.pos;
            int limit = Math.min(content.length(), start + MAXBUF - 1);
            int end = start;
            int nul = -1;
            boolean newline = false;
            while (end < limit) {
                char c = content.charAt(end++);
                if (c == '\0' && nul < 0) {
                    nul = end - 1;
                }
                if (c == '\n') {
                    newline = true;
                    break;
                }
            }
            frame.pos = end;
            frame.lineNo = frame.nextPhysicalLine;
            if (newline) {
                frame.nextPhysicalLine++;
            }
            int textEnd = nul >= 0 ? nul : end;
            if (newline && nul < 0) {
                textEnd--;
            }
            while (textEnd > start && (content.charAt(textEnd - 1) == '\n' || content.charAt(textEnd - 1) == '\r')) {
                textEnd--;
            }
            if (textEnd == start) {
                if (inMultilineDefinition) {
                    return "";
                }
                continue;
            }
            String line = TextOps.decomment(content.substring(start, textEnd), this::unterminatedQuote);
            if (!line.isEmpty()) {
                return line;
            }
        }
    }

    private void unterminatedQuote(String line) {
        diagnostics.error(ConfigStatus.GENERAL_ERROR, location(), "Unterminated quote '" + line + "'");
    }

    // ---- definitions ------------------------------------------------------------------------------------

    /** A blank line ends a multi-line definition; returns the new "reading a definition" state (false). */
    private boolean endDefinition() {
        if (definitionBeingRead != null && definitionBeingRead.multiline && definitionBeingRead.value.isEmpty()) {
            definitionBeingRead.multiline = false;
        }
        return false;
    }

    /** Adds a continuation line to the multi-line definition; returns whether more lines follow. */
    private boolean appendToDefinition(String buf) {
        Definition def = definitionBeingRead;
        int len = buf.length();
        boolean more;
        String piece;
        if (len > 0 && buf.charAt(len - 1) == '\\') {
            len--;
            while (len >= 1 && TextOps.isBlank(buf.charAt(len - 1))) {
                len--;
            }
            piece = buf.substring(0, len) + "\n";
            more = true;
        } else {
            piece = buf;
            more = false;
            if (def.value.isEmpty()) {
                def.multiline = false;
            }
        }
        if (piece.length() >= 2 || (!piece.isEmpty() && !more)) {
            def.value = def.value + piece;
        }
        return more;
    }

    /** {@code $NAME=VALUE}: no blank before '=', blanks after it skipped; a trailing '\' starts a multi-line value. */
    private boolean defineFrom(String buf) {
        if (buf.length() < 2 || !(TextOps.isAlpha(buf.charAt(1)) || buf.charAt(1) == '_')) {
            return false;
        }
        int p = 2;
        while (p < buf.length() && buf.charAt(p) != '=') {
            if (!TextOps.isNameChar(buf.charAt(p))) {
                return false;
            }
            p++;
        }
        if (p >= buf.length()) {
            return false;
        }
        String name = buf.substring(1, p);
        Definition def = definitions.get(name);
        if (def == null) {
            def = new Definition(name, "");
            definitions.put(name, def);
        }
        def.builtin = null;
        int v = TextOps.skipBlanks(buf, p + 1);
        String value = buf.substring(v);
        if (!value.isEmpty() && value.charAt(value.length() - 1) == '\\') {
            int len = value.length();
            while (len >= 2 && TextOps.isBlank(value.charAt(len - 2))) {
                len--;
            }
            def.value = len < 2 ? "" : value.substring(0, len - 1) + "\n";
            def.multiline = true;
        } else {
            def.value = value;
            def.multiline = false;
        }
        definitionBeingRead = def;
        return true;
    }

    private void setDefinition(String name, String value) {
        Definition def = definitions.get(name);
        if (def == null) {
            def = new Definition(name, value);
            definitions.put(name, def);
        }
        def.value = value;
        def.builtin = null;
        def.multiline = false;
    }

    /** Result of substituting parameters in one line. */
    private record Substitution(String text, boolean found, Cursor cursor, boolean overflow) {
    }

    /**
     * keepalived's replace_param(): left to right, each {@code $NAME} (followed by blank, ',', ')' or the end)
     * or {@code ${NAME}} with a definition is replaced, and scanning resumes at the start of the inserted text,
     * so values are expanded recursively at use time. A multi-line definition only expands at the very end of
     * the line: its first line replaces the reference and the rest are queued. Undefined names stay as written.
     *
     * <p>When a replacement would make the line {@code maxLen} long or more, substitution stops there and the
     * result is flagged {@code overflow}, keeping the text substituted so far, as keepalived does.
     */
    private Substitution substitute(String buf, int maxLen, Cursor multilinePtr) {
        String text = buf;
        int cur = 0;
        boolean found = false;
        Cursor next = null;
        int substitutions = 0;
        while ((cur = text.indexOf('$', cur)) >= 0 && cur + 1 < text.length()) {
            Reference ref = findReference(text, cur);
            if (ref == null) {
                cur++;
                continue;
            }
            if (++substitutions > MAX_SUBSTITUTIONS_PER_LINE) {
                diagnostics.error(ConfigStatus.GENERAL_ERROR, location(),
                        "Parameter substitution on line '" + buf + "' does not terminate (recursive definition)"
                                + " - line ignored");
                return new Substitution("", true, multilinePtr, false);
            }
            Definition def = ref.definition();
            found = true;
            next = multilinePtr;
            if (def.multiline && multilinePtr != null) {
                multilineStack.push(new MultilineSaved(multilinePtr, multilineSeqDepth));
            }
            if (def.multiline) {
                multilineSeqDepth = sequenceCount;
            }
            String value = valueOf(def, ref.params());
            String replacing;
            if (def.multiline) {
                int nl = value.indexOf('\n');
                replacing = nl < 0 ? value : value.substring(0, nl);
                next = new Cursor(value, replacing.length() + 1);
                multilinePtr = next;
            } else {
                replacing = value;
            }
            int newLength = text.length() - (ref.end() - cur) + replacing.length();
            if (newLength >= maxLen) {
                return new Substitution(text, found, multilinePtr, true);
            }
            text = text.substring(0, cur) + replacing + text.substring(ref.end());
            if (value.length() > TextOps.skipBlanks(value, 0) && value.charAt(TextOps.skipBlanks(value, 0)) == '~') {
                break;
            }
        }
        return new Substitution(text, found, found ? next : multilinePtr, false);
    }

    private record Reference(Definition definition, int end, String params) {
    }

    /** keepalived's find_definition() for a use of a parameter starting at the '$' at {@code dollar}. */
    private Reference findReference(String s, int dollar) {
        int n = s.length();
        int p = dollar + 1;
        boolean braces = s.charAt(p) == '{';
        if (braces) {
            p++;
        }
        if (p >= n || !(TextOps.isAlpha(s.charAt(p)) || s.charAt(p) == '_')) {
            return null;
        }
        int nameStart = p;
        p++;
        while (p < n && TextOps.isNameChar(s.charAt(p))) {
            p++;
        }
        int nameEnd = p;
        int paramStart = -1;
        int paramEnd = -1;
        if (braces) {
            while (p < n && (s.charAt(p) == ' ' || TextOps.isDigit(s.charAt(p)))) {
                if (s.charAt(p) != ' ') {
                    if (paramStart < 0) {
                        paramStart = p;
                    }
                    paramEnd = p;
                }
                p++;
            }
            if (paramStart >= 0 && paramEnd + 1 != p) {
                return null;
            }
            if (p >= n || s.charAt(p) != '}') {
                return null;
            }
        } else if (p < n && " \t,)".indexOf(s.charAt(p)) < 0) {
            return null;
        }
        boolean allowMultiline = braces ? nameEnd + 1 == n : nameEnd == n;
        Definition def = definitions.get(s.substring(nameStart, nameEnd));
        if (def == null || (!allowMultiline && def.multiline)) {
            return null;
        }
        if (paramStart >= 0 && def.builtin != Builtin.RANDOM) {
            return null;
        }
        int end;
        String params = null;
        if (paramStart >= 0) {
            end = paramEnd + 2;
            params = s.substring(paramStart, paramEnd + 1);
        } else {
            // keepalived removes "$" + name (+ the 2 braces), even when blanks preceded the '}'.
            end = nameEnd + (braces ? 1 : 0);
        }
        return new Reference(def, Math.min(end, n), params);
    }

    private String valueOf(Definition def, String params) {
        if (def.builtin == null || def.builtin == Builtin.NONE) {
            return def.value;
        }
        return switch (def.builtin) {
            case PWD -> currentDirectory();
            case INSTANCE -> options.configId() == null ? "" : options.configId();
            case RANDOM -> randomValue(params);
            default -> def.value;
        };
    }

    /** getcwd() after keepalived's chdir() into the current file's directory: the physical path. */
    private String currentDirectory() {
        IncludeFrame top = includeStack.peek();
        Path dir = top == null || top.dir == null ? Path.of("") : top.dir;
        try {
            return dir.toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return dir.toAbsolutePath().normalize().toString();
        }
    }

    /** {@code ${_RANDOM [MIN [MAX]]}}: MIN defaults to 0, MAX to 32767; printed in at most as many digits as MAX. */
    private String randomValue(String params) {
        long min = 0;
        long max = 32767;
        if (params != null) {
            long[] first = TextOps.strtol(params, 0);
            min = first[0];
            long[] second = TextOps.strtol(params, (int) first[1]);
            if (second[1] != first[1]) {
                max = second[0];
            }
        }
        long r = random.nextInt(Integer.MAX_VALUE);
        long value = max >= min ? min + Math.floorMod(r, max - min + 1) : r + min;
        String digits = Long.toString(value);
        int width = Long.toString(Math.abs(max)).length();
        return digits.length() > width ? digits.substring(0, width) : digits;
    }

    // ---- conditionals, sequences, includes ----------------------------------------------------------------

    /** {@code @ID rest} keeps "rest" only when ID is the config id; {@code @^ID rest} only when it is not. */
    private String applyConditional(String buf) {
        boolean reverse = buf.length() > 1 && buf.charAt(1) == '^';
        int ofs = reverse ? 2 : 1;
        int space = ofs;
        while (space < buf.length() && !TextOps.isBlank(buf.charAt(space))) {
            space++;
        }
        if (space >= buf.length()) {
            return "";
        }
        String id = buf.substring(ofs, space);
        boolean mismatch = options.configId() == null || !id.equals(options.configId());
        if (mismatch != reverse) {
            return "";
        }
        return buf.substring(TextOps.skipBlanks(buf, space));
    }

    private void addSequence(String buf) {
        if (buf.charAt(1) == 'S') {
            if (!addSeq(buf)) {
                diagnostics.error(ConfigStatus.GENERAL_ERROR, location(), "Invalid ~SEQ specification '" + buf + "'");
            }
        } else {
            Sequence lst = Sequence.parseList(buf,
                    msg -> diagnostics.error(ConfigStatus.GENERAL_ERROR, location(), msg));
            if (lst == null || lst.lstValues.isEmpty()) {
                // keepalived's free_seq_lst() decrements the counter even for a list never added.
                sequenceCount--;
                diagnostics.error(ConfigStatus.GENERAL_ERROR, location(), "Invalid ~LST specification '" + buf + "'");
            } else {
                sequences.add(lst);
                sequenceCount++;
            }
        }
    }

    /** {@code ~SEQ(var, end)}, {@code ~SEQ(var, start, end)}, {@code ~SEQ(var, start, step, end)}, {@code ~SEQx} for hex. */
    private boolean addSeq(String buf) {
        int p = 4;
        boolean hex = Sequence.at(buf, p) == 'x';
        if (hex) {
            p++;
        }
        p = TextOps.skipBlanks(buf, p);
        if (Sequence.at(buf, p) != '(') {
            return false;
        }
        p = TextOps.skipBlanks(buf, p + 1);
        int varStart = p;
        p = Sequence.span(buf, p, " \t,)");
        String var = buf.substring(varStart, p);
        p = TextOps.skipBlanks(buf, p);
        if (p >= buf.length() || buf.charAt(p) == ')' || p == varStart) {
            diagnostics.error(ConfigStatus.GENERAL_ERROR, location(), "Invalid ~SEQ definition '" + buf + "'");
            return false;
        }
        p = TextOps.skipBlanks(buf, p + 1);
        int close = buf.indexOf(')', p);
        if (close < 0 || close + 1 - p + 1 > SEQ_BUF) {
            diagnostics.error(ConfigStatus.GENERAL_ERROR, location(), "~SEQ parameter strings too long '" + buf + "'");
            return false;
        }
        String params = buf.substring(p, close + 1);
        Substitution s = substitute(params, SEQ_BUF, null);
        if (!s.overflow()) {
            if (s.found() && s.cursor() != null) {
                diagnostics.error(ConfigStatus.GENERAL_ERROR, location(),
                        "~SEQ parameter is multiline definition '" + buf + "'");
                return false;
            }
        }
        params = s.text();
        long start;
        long step;
        long end;
        long[] one = TextOps.strtol(params, 0);
        int q = TextOps.skipBlanks(params, (int) one[1]);
        if (Sequence.at(params, q) == ')') {
            end = one[0];
            step = end < 1 ? -1 : 1;
            start = end < 0 ? -1 : 1;
        } else {
            if (Sequence.at(params, q) != ',') {
                return invalidSeq(buf);
            }
            long[] two = TextOps.strtol(params, q + 1);
            q = TextOps.skipBlanks(params, (int) two[1]);
            if (Sequence.at(params, q) == ')') {
                start = one[0];
                end = two[0];
                step = start <= end ? 1 : -1;
            } else {
                if (Sequence.at(params, q) != ',') {
                    return invalidSeq(buf);
                }
                long[] three = TextOps.strtol(params, q + 1);
                q = TextOps.skipBlanks(params, (int) three[1]);
                if (Sequence.at(params, q) != ')') {
                    return invalidSeq(buf);
                }
                start = one[0];
                step = two[0];
                end = three[0];
                if (step == 0 || (start < end && step < 0) || (start > end && step > 0)) {
                    diagnostics.error(ConfigStatus.GENERAL_ERROR, location(), "Invalid ~SEQ values '" + buf + "'");
                    return false;
                }
            }
        }
        if (hex && (start < 0 || end < 0)) {
            diagnostics.error(ConfigStatus.GENERAL_ERROR, location(),
                    "~SEQx is only valid for positive numbers '" + buf + "'");
            return false;
        }
        String text = buf.substring(Math.min(buf.length(), TextOps.skipBlanks(buf, close + 1)));
        sequences.add(Sequence.seq(var, start, step, end, hex, text));
        sequenceCount++;
        return true;
    }

    private boolean invalidSeq(String buf) {
        diagnostics.error(ConfigStatus.GENERAL_ERROR, location(), "Invalid ~SEQ definition '" + buf + "'");
        return false;
    }

    /**
     * {@code include PATTERN} (and {@code includer/m/w/b/a}): the rest of the line, as written (quotes
     * included), is a glob pattern relative to the including file's directory.
     */
    private boolean tryInclude(String buf) {
        if (!buf.startsWith("include") || buf.length() <= 7) {
            return false;
        }
        char c7 = buf.charAt(7);
        int type;
        int p;
        if (TextOps.isWhiteSpace(c7)) {
            type = 0;
            p = 8;
        } else if (buf.length() > 8 && TextOps.isWhiteSpace(buf.charAt(8)) && "rmwba".indexOf(c7) >= 0) {
            type = switch (c7) {
                case 'r' -> INCLUDE_R;
                case 'a' -> INCLUDE_ALL;
                case 'w' -> INCLUDE_R | INCLUDE_M | INCLUDE_W;
                case 'm' -> INCLUDE_R | INCLUDE_M;
                default -> INCLUDE_R | INCLUDE_B;
            };
            p = 9;
        } else {
            return false;
        }
        String pattern = buf.substring(Math.min(buf.length(), TextOps.skipBlanks(buf, p)));
        include(pattern, type);
        return true;
    }

    private void include(String pattern, int type) {
        Location where = location();
        IncludeFrame top = includeStack.peek();
        Path base = top == null || top.dir == null ? Path.of("") : top.dir;
        Glob.Result g = Glob.glob(base, pattern);
        int checks = includeCheck | type;
        if (g.noMatch()) {
            if (g.somethingMissing()) {
                fileProblem(checks, Glob.hasBrace(pattern) ? INCLUDE_B : INCLUDE_M, where,
                        "Config files missing '" + pattern + "'.");
            } else if (g.haveWildcards() && (checks & INCLUDE_W) != 0) {
                fileProblem(checks, INCLUDE_W, where, "No config files matched '" + pattern + "'.");
            }
            return;
        }
        if (g.somethingMissing()) {
            fileProblem(checks, INCLUDE_B, where, "Some config files missing: \"" + pattern + "\".");
            if ((checks & INCLUDE_B) != 0) {
                return;
            }
        }
        IncludeFrame frame = new IncludeFrame(type, includeCheck, g.matches(), base);
        includeStack.push(frame);
        if (!openNext(frame, where)) {
            includeStack.pop();
        }
    }

    /**
     * keepalived's file_config_error(): an error (FILE_NOT_FOUND, so {@code -t} exits 6) when the check is on
     * for this include ({@code -e}, {@code include_check}, or an includeX variant), otherwise a warning.
     */
    private void fileProblem(int checks, int kind, Location where, String message) {
        if ((checks & kind) != 0) {
            diagnostics.error(ConfigStatus.FILE_NOT_FOUND, where, message);
        } else {
            diagnostics.warning(where, message);
        }
    }

    /** Opens the frame's next usable match; problems are reported where keepalived reports them. */
    private boolean openNext(IncludeFrame frame, Location includer) {
        int checks = includeCheck | frame.includeType;
        while (frame.next < frame.paths.size()) {
            String name = frame.paths.get(frame.next++);
            Location where = frame.fileName == null ? includer : new Location(frame.fileName, frame.lineNo);
            Path path = frame.baseDir.resolve(name);
            if (name.endsWith("/")) {
                fileProblem(checks, INCLUDE_R, where, "Configuration file '" + name + "' is a directory - skipping");
                continue;
            }
            if (!isRegularNonExecutable(path)) {
                fileProblem(checks, INCLUDE_R, where,
                        "Configuration file '" + name + "' is not a regular non-executable file - skipping");
                continue;
            }
            Path real = realPath(path);
            if (openFiles.contains(real)) {
                // keepalived recurses until it runs out of file descriptors, then skips the include with a file
                // problem (a warning; an error under -e). We skip at once, with the same verdict.
                fileProblem(checks, INCLUDE_R, where,
                        "Configuration file '" + name + "' is already being read (include loop) - skipping");
                continue;
            }
            if (openFiles.size() >= MAX_INCLUDE_DEPTH) {
                fileProblem(checks, INCLUDE_R, where,
                        "Configuration file '" + name + "' open problem (Too many open files) - skipping");
                continue;
            }
            String content;
            try {
                if (Files.size(path) > MAX_FILE_BYTES) {
                    fileProblem(checks, INCLUDE_R, where,
                            "Configuration file '" + name + "' open problem (File too large) - skipping");
                    continue;
                }
                content = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                fileProblem(checks, INCLUDE_R, where,
                        "Configuration file '" + name + "' open problem (" + reason(e) + ") - skipping");
                continue;
            }
            frame.fileName = name;
            frame.lineNo = 0;
            frame.nextPhysicalLine = 1;
            frame.content = content;
            frame.pos = 0;
            frame.realPath = real;
            openFiles.add(real);
            Path parent = path.getParent();
            frame.dir = name.indexOf('/') >= 0 && parent != null ? parent : frame.baseDir;
            return true;
        }
        return false;
    }

    /** Ends the current file: on to the glob's next match, or back to the including file. */
    private boolean nextFile() {
        IncludeFrame frame = includeStack.peek();
        if (frame == null) {
            return false;
        }
        frame.content = null;
        includeCheck = frame.savedIncludeCheck;
        if (frame.realPath != null) {
            openFiles.remove(frame.realPath);
            frame.realPath = null;
        }
        if (openNext(frame, location())) {
            return true;
        }
        includeStack.pop();
        return !includeStack.isEmpty();
    }

    /** Registers the main file as open, for include loop detection. */
    void markOpen(Path file) {
        IncludeFrame top = includeStack.peek();
        if (top != null) {
            top.realPath = realPath(file);
            openFiles.add(top.realPath);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | RuntimeException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static boolean isRegularNonExecutable(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            return !perms.contains(PosixFilePermission.OWNER_EXECUTE) && !perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    && !perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
    }

    static String reason(Throwable e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof OutOfMemoryError) {
            return "Cannot allocate memory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ---- braces -------------------------------------------------------------------------------------------

    /**
     * A '{' or '}' outside double quotes ends the logical line: a leading brace is returned alone and the rest
     * (blanks after the brace skipped) comes back as the next line; otherwise the text before the brace is
     * returned and the brace and what follows come next. All pieces keep the physical line's location.
     */
    private String splitAtBrace(String buf) {
        int n = buf.length();
        int p;
        char first = buf.charAt(0);
        if (first == '{' || first == '}') {
            p = 0;
        } else {
            p = -1;
            for (int i = 0; i < n; i++) {
                char c = buf.charAt(i);
                if (c == '{' || c == '}') {
                    p = i;
                    break;
                }
                if (c == '"') {
                    int close = buf.indexOf('"', i + 1);
                    if (close < 0) {
                        break;
                    }
                    i = close;
                }
            }
        }
        if (p >= 0) {
            int skip = p == 0 ? TextOps.skipBlanks(buf, 1) - p : 0;
            if (p + skip < n) {
                residue = TextOps.trimTrailingBlanks(buf.substring(p + skip));
                buf = buf.substring(0, p + skip);
            }
        }
        return TextOps.trimTrailingBlanks(buf);
    }
}
