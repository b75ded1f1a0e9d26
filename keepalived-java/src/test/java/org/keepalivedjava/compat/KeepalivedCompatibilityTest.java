package org.keepalivedjava.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the real {@code keepalived -t} (2.2.7) and our config test on the same files inside one network namespace
 * with known interfaces, and requires the same exit code (0 ok, 5 config errors, 6 security / missing file under
 * -e). One dynamic test per config; a failure shows both sides' diagnostics side by side. The lines each side
 * complains about are compared too, for information only (printed, not asserted): wording and line attribution may
 * legitimately differ, the verdict may not.
 *
 * <p>Corpus: keepalived's own samples from {@code ../shared/corpus/keepalived-samples} when the repository sits
 * beside it (CI), and ours in {@code src/test/resources/compat}: top-level {@code *.conf} files are cases, files
 * under subdirectories are only included by them. A case's header may say
 * <ul>
 *   <li>{@code # keepalived -t: N} — the exit code keepalived 2.2.7 gives (asserted, so a file keeps exercising what
 *       its name says);</li>
 *   <li>{@code # expect: TEXT} — text keepalived's diagnostics must contain (asserted for keepalived only);</li>
 *   <li>{@code # kj-compat: OPTIONS} — {@code -e} and/or {@code -i ID}, passed to both sides.</li>
 * </ul>
 * Scripts with controlled ownership and modes are created at run time in the work directory ({@code scripts/ok.sh}
 * root 0755, {@code scripts/insecure.sh} 0777), and {@code scripts.def} there defines {@code $SCRIPTS} for the cases
 * that include it.
 *
 * <p>All commands run eagerly in the factory, inside try/finally that deletes the namespace; the dynamic tests then
 * only judge the recorded results.
 */
@Tag("root")
class KeepalivedCompatibilityTest {
    static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");
    private static final long KEEPALIVED_TIMEOUT_S = 60;
    private static final long BATCH_TIMEOUT_S = 600;

    /** A file where keepalived 2.2.7 is plainly wrong: what it does, what we do instead, and why. */
    record Divergence(int keepalivedExit, int ourExit, String reason) {
    }

    /** Keyed by case id. Both sides are asserted: if keepalived's behaviour changes, the entry needs a review. */
    static final Map<String, Divergence> DIVERGENCES = Map.of(
            "generated/missing-main-file", new Divergence(0, 6,
                    "keepalived -t only warns that the main config file is missing and exits 0, reporting a"
                            + " config that cannot run as valid; a missing file is FILE_NOT_FOUND for us (exit 6)"),
            "generated/missing-main-file-all-config", new Divergence(4, 6,
                    "with -e keepalived 2.2.7 exits 4 (its generic config exit) before -t gives a verdict; -t's"
                            + " documented codes are 0/5/6 and a missing file under -e is 6"),
            "ours/err-http-get-url-no-path.conf", new Divergence(139, 5,
                    "keepalived 2.2.7 reports 'url has no path' and 'no urls specified' and then segfaults"
                            + " (SIGSEGV, exit 139); the errors it reported make the verdict 5"));

    /** One file to check, and what its header declares. */
    record Case(String id, Path file, List<String> options, Integer keepalivedExpected, String expectedMessage) {
    }

    /** What one side said about one case. */
    record Outcome(int exit, List<String> diagnostics) {
    }

    @TestFactory
    Stream<DynamicTest> sameVerdictAsKeepalived() throws IOException {
        if (!Files.isExecutable(KEEPALIVED)) {
            String why = "SKIPPED: " + KEEPALIVED + " is absent, so there is nothing to compare with;"
                    + " install it (apt-get install keepalived, as CI does) to run the compatibility test";
            System.out.println(why);
            Assumptions.abort(why);
        }
        assertEquals("root", System.getProperty("user.name"),
                "the compatibility test creates network namespaces and needs root; non-root developers run"
                        + " mvn with -DexcludedGroups=root");

        List<DynamicTest> tests = new ArrayList<>();
        Path work = Files.createTempDirectory("kj-compat-");
        try {
            List<Case> cases = new ArrayList<>();
            Path corpus = findSharedCorpus(Path.of("").toAbsolutePath());
            if (corpus == null) {
                tests.add(DynamicTest.dynamicTest("samples (skipped: no ../shared corpus)", () ->
                        Assumptions.abort("skipped: no ../shared corpus (a plain clone has none; CI has it)")));
            } else {
                cases.addAll(sampleCases(corpus));
            }
            cases.addAll(ourCases(work));
            cases.addAll(generatedCases(work));

            Map<String, Outcome> theirs;
            Map<String, Outcome> ours;
            String nsDescription;
            TestNamespace ns = TestNamespace.create();
            try {
                nsDescription = ns.describe();
                theirs = runKeepalived(ns, cases, work);
                ours = runOurs(ns, cases, work);
            } finally {
                ns.close();
            }
            System.out.println("compat: namespace " + nsDescription);
            report(cases, theirs, ours, work);
            for (Case c : cases) {
                Outcome t = theirs.get(c.id());
                Outcome o = ours.getOrDefault(c.id(), new Outcome(ConfigTestBatch.EXCEPTION_EXIT,
                        List.of("(no output from ConfigTestBatch for this file)")));
                tests.add(DynamicTest.dynamicTest(c.id(), () -> judge(c, t, o)));
            }
        } finally {
            deleteTree(work);
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------- the verdict

    private static void judge(Case c, Outcome theirs, Outcome ours) {
        String sideBySide = sideBySide(theirs, ours);
        Divergence divergence = DIVERGENCES.get(c.id());
        if (divergence != null) {
            assertEquals(divergence.keepalivedExit(), theirs.exit(),
                    "known divergence (" + divergence.reason() + ") no longer reproduces with keepalived: review"
                            + " the DIVERGENCES entry\n" + sideBySide);
            assertEquals(divergence.ourExit(), ours.exit(),
                    "deliberate divergence: " + divergence.reason() + "\n" + sideBySide);
            return;
        }
        if (c.keepalivedExpected() != null) {
            assertEquals(c.keepalivedExpected().intValue(), theirs.exit(),
                    "the corpus file no longer does what its header says on this keepalived\n" + sideBySide);
        }
        if (c.expectedMessage() != null) {
            assertTrue(theirs.diagnostics().stream().anyMatch(d -> d.contains(c.expectedMessage())),
                    "keepalived no longer says '" + c.expectedMessage() + "' on this file\n" + sideBySide);
        }
        assertEquals(theirs.exit(), ours.exit(), "exit code differs from keepalived -t\n" + sideBySide);
    }

    private static void report(List<Case> cases, Map<String, Outcome> theirs, Map<String, Outcome> ours, Path work)
            throws IOException {
        int same = 0;
        StringBuilder tsv = new StringBuilder("case\tkeepalived\tours\tsame\tlines_only_keepalived\tlines_only_ours\n");
        for (Case c : cases) {
            Outcome t = theirs.get(c.id());
            Outcome o = ours.get(c.id());
            int ourExit = o == null ? ConfigTestBatch.EXCEPTION_EXIT : o.exit();
            boolean match = t.exit() == ourExit;
            same += match ? 1 : 0;
            Set<String> tl = complainedLines(t.diagnostics(), c.file());
            Set<String> ol = o == null ? Set.of() : complainedLines(o.diagnostics(), c.file());
            Set<String> onlyT = new TreeSet<>(tl);
            onlyT.removeAll(ol);
            Set<String> onlyO = new TreeSet<>(ol);
            onlyO.removeAll(tl);
            System.out.printf("compat: %-62s keepalived=%-3d ours=%-3d %s lines: both=%s only-keepalived=%s"
                            + " only-ours=%s%n", c.id(), t.exit(), ourExit, match ? "same" : "DIFF",
                    compact(intersect(tl, ol)), compact(onlyT), compact(onlyO));
            tsv.append(c.id()).append('\t').append(t.exit()).append('\t').append(ourExit).append('\t')
                    .append(match).append('\t').append(compact(onlyT)).append('\t').append(compact(onlyO)).append('\n');
        }
        System.out.printf("compat: %d/%d cases give keepalived's exit code (divergences included in the count as"
                + " raw comparisons)%n", same, cases.size());
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("compat-report.tsv"), tsv.toString(), StandardCharsets.UTF_8);
        }
    }

    /** {@code file:line} places as {@code file:1-3,7}, per file, for a readable report. */
    static String compact(Set<String> places) {
        Map<String, TreeSet<Integer>> byFile = new java.util.TreeMap<>();
        for (String p : places) {
            int colon = p.lastIndexOf(':');
            byFile.computeIfAbsent(p.substring(0, colon), f -> new TreeSet<>()).add(Integer.valueOf(p.substring(colon + 1)));
        }
        List<String> parts = new ArrayList<>();
        byFile.forEach((file, lines) -> {
            List<String> ranges = new ArrayList<>();
            Integer start = null;
            Integer prev = null;
            for (int n : lines) {
                if (prev != null && n == prev + 1) {
                    prev = n;
                    continue;
                }
                if (start != null) {
                    ranges.add(start.equals(prev) ? "" + start : start + "-" + prev);
                }
                start = n;
                prev = n;
            }
            if (start != null) {
                ranges.add(start.equals(prev) ? "" + start : start + "-" + prev);
            }
            parts.add(file + ":" + String.join(",", ranges));
        });
        return "[" + String.join(" ", parts) + "]";
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        return both;
    }

    private static final Pattern LINE_REF = Pattern.compile("\\((?:([^()]*?): )?Line (\\d+)\\)");

    /**
     * The {@code file:line} places a side's diagnostics point at, by file name. keepalived's parent process omits
     * the file name ({@code (Line N)}): those are taken to be in the main file.
     */
    static Set<String> complainedLines(List<String> diagnostics, Path mainFile) {
        Set<String> places = new TreeSet<>();
        for (String d : diagnostics) {
            Matcher m = LINE_REF.matcher(d);
            while (m.find()) {
                String file = m.group(1) == null ? mainFile.getFileName().toString()
                        : Path.of(m.group(1)).getFileName().toString();
                places.add(file + ":" + m.group(2));
            }
        }
        return places;
    }

    /** Both sides' diagnostics in two columns, keepalived on the left. */
    static String sideBySide(Outcome theirs, Outcome ours) {
        final int width = 96;
        List<String> left = wrap(theirs.diagnostics(), width);
        List<String> right = wrap(ours.diagnostics(), width);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + width + "s | %s%n", "keepalived -t: exit " + theirs.exit(),
                "keepalived-java: exit " + ours.exit()));
        sb.append("-".repeat(width)).append("-+-").append("-".repeat(width)).append('\n');
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            String l = i < left.size() ? left.get(i) : "";
            String r = i < right.size() ? right.get(i) : "";
            sb.append(String.format("%-" + width + "s | %s%n", l, r));
        }
        return sb.toString();
    }

    private static List<String> wrap(List<String> lines, int width) {
        List<String> out = new ArrayList<>();
        if (lines.isEmpty()) {
            out.add("(nothing)");
        }
        for (String line : lines) {
            String rest = line;
            String indent = "";
            while (rest.length() + indent.length() > width) {
                out.add(indent + rest.substring(0, width - indent.length()));
                rest = rest.substring(width - indent.length());
                indent = "    ";
            }
            out.add(indent + rest);
        }
        return out;
    }

    // ---------------------------------------------------------------- the two sides

    private static Map<String, Outcome> runKeepalived(TestNamespace ns, List<Case> cases, Path work) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (Case c : cases) {
            List<String> cmd = new ArrayList<>(List.of(KEEPALIVED.toString(), "-t"));
            cmd.addAll(c.options());
            cmd.addAll(List.of("-f", c.file().toString()));
            Commands.Result r = Commands.run(ns.exec(cmd), work, KEEPALIVED_TIMEOUT_S);
            // keepalived prints each message once per process that parses the config: keep the first of each.
            Set<String> unique = new LinkedHashSet<>();
            for (String line : (r.stderr() + r.stdout()).split("\n")) {
                if (!line.isBlank()) {
                    unique.add(line.strip());
                }
            }
            List<String> diags = new ArrayList<>(unique);
            if (r.timedOut()) {
                diags.add("(keepalived -t TIMED OUT after " + KEEPALIVED_TIMEOUT_S + " s)");
            }
            out.put(c.id(), new Outcome(r.timedOut() ? -1 : r.exit(), diags));
        }
        return out;
    }

    /** One JVM for all files: {@link ConfigTestBatch} inside the namespace. */
    private static Map<String, Outcome> runOurs(TestNamespace ns, List<Case> cases, Path work) throws IOException {
        StringBuilder manifest = new StringBuilder();
        for (Case c : cases) {
            List<String> fields = new ArrayList<>();
            fields.add(c.file().toString());
            fields.addAll(c.options());
            manifest.append(String.join("\t", fields)).append('\n');
        }
        Path manifestFile = work.resolve("manifest.tsv");
        Files.writeString(manifestFile, manifest.toString(), StandardCharsets.UTF_8);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", testClassPath(), ConfigTestBatch.class.getName(),
                manifestFile.toString());
        Commands.Result r = Commands.run(ns.exec(cmd), work, BATCH_TIMEOUT_S);
        if (r.timedOut() || r.exit() != 0) {
            throw new IllegalStateException("ConfigTestBatch failed: " + r.describe());
        }
        String[] outLines = r.stdout().split("\n");
        Map<String, Outcome> out = new LinkedHashMap<>();
        int i = 0;
        for (Case c : cases) {
            if (i >= outLines.length) {
                break;
            }
            String[] f = outLines[i++].split("\t", -1);
            if (!f[0].equals(c.file().toString())) {
                throw new IllegalStateException("ConfigTestBatch output out of step at " + c.file() + ": " + f[0]);
            }
            out.put(c.id(), new Outcome(Integer.parseInt(f[1]), List.of(f).subList(2, f.length)));
        }
        return out;
    }

    /** Surefire may start the JVM through a manifest-only jar; it publishes the real class path separately. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    // ---------------------------------------------------------------- the corpus

    /** Walks up from the module directory to the directory that holds {@code shared/corpus/keepalived-samples}. */
    static Path findSharedCorpus(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path samples = dir.resolve("shared/corpus/keepalived-samples");
            if (Files.isDirectory(samples)) {
                return samples;
            }
        }
        return null;
    }

    private static List<Case> sampleCases(Path samples) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(samples)) {
            for (Path f : files.sorted().toList()) {
                // SOURCE.txt records where the samples came from; it is the corpus's metadata, not a sample.
                if (Files.isRegularFile(f) && !f.getFileName().toString().equals("SOURCE.txt")) {
                    cases.add(new Case("samples/" + f.getFileName(), f, List.of(), null, null));
                }
            }
        }
        return cases;
    }

    private static List<Case> ourCases(Path work) throws IOException {
        Path resources;
        try {
            resources = Path.of(KeepalivedCompatibilityTest.class.getResource("/compat").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resources /compat not found on the class path", e);
        }
        copyTree(resources, work);
        createScripts(work);
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList()) {
                cases.add(readHeader("ours/" + f.getFileName(), f));
            }
        }
        if (cases.size() < 60) {
            throw new IllegalStateException("expected 60+ compat configs, found " + cases.size());
        }
        return cases;
    }

    /** Cases that depend on paths only known at run time. */
    private static List<Case> generatedCases(Path work) {
        Path missing = work.resolve("no-such-dir/keepalived.conf");
        return List.of(
                new Case("generated/missing-main-file", missing, List.of(), null, null),
                new Case("generated/missing-main-file-all-config", missing, List.of("-e"), null, null));
    }

    private static final Pattern EXPECT_EXIT = Pattern.compile("^# keepalived -t: (\\d+)\\s*$");
    private static final Pattern EXPECT_MESSAGE = Pattern.compile("^# expect: (.+?)\\s*$");
    private static final Pattern OPTIONS = Pattern.compile("^# kj-compat: (.+?)\\s*$");

    static Case readHeader(String id, Path file) throws IOException {
        Integer exit = null;
        String message = null;
        List<String> options = List.of();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            if (!line.startsWith("#")) {
                break;
            }
            Matcher m;
            if ((m = EXPECT_EXIT.matcher(line)).matches()) {
                exit = Integer.valueOf(m.group(1));
            } else if ((m = EXPECT_MESSAGE.matcher(line)).matches()) {
                message = m.group(1);
            } else if ((m = OPTIONS.matcher(line)).matches()) {
                options = List.of(m.group(1).split("\\s+"));
            }
        }
        return new Case(id, file, options, exit, message);
    }

    /**
     * keepalived refuses scripts that non-root users could change; the work directory is a fresh root-owned 0700
     * temp dir, and the modes are set explicitly so the umask does not decide the test.
     */
    private static void createScripts(Path work) throws IOException {
        Path scripts = Files.createDirectory(work.resolve("scripts"));
        Files.setPosixFilePermissions(scripts, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : List.of("ok.sh", "insecure.sh")) {
            Path s = scripts.resolve(name);
            Files.writeString(s, "#!/bin/sh\nexit 0\n", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(s, PosixFilePermissions.fromString(
                    name.equals("ok.sh") ? "rwxr-xr-x" : "rwxrwxrwx"));
        }
        Files.writeString(work.resolve("scripts.def"), "$SCRIPTS=" + scripts + "\n", StandardCharsets.US_ASCII);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.println("compat: could not remove work dir " + root + ": " + e);
        }
    }
}
