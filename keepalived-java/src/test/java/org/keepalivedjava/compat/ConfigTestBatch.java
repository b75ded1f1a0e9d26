package org.keepalivedjava.compat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.ConfigTestVerdict;
import org.keepalivedjava.config.Diagnostic;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.LoadOptions;

/**
 * Our side of the compatibility test: the equivalent of {@code keepalived -t} for many files in ONE JVM, run by
 * {@link KeepalivedCompatibilityTest} inside its network namespace ({@code ip netns exec NS java ...}) so that
 * {@link HostView#system()} sees the namespace's interfaces.
 *
 * <p>Config files are read as ISO-8859-1 and the output is written in it too, so any byte survives the trip.
 * Input: a manifest file, one case a line: {@code FILE[<TAB>OPTION...]}, options being {@code -e} and
 * {@code -i ID}. Output on stdout, one line a case: {@code FILE<TAB>EXITCODE[<TAB>DIAGNOSTIC...]}, each diagnostic
 * as {@link Diagnostic#format()} with tabs and line breaks flattened. A case that throws is reported with exit code
 * {@value #EXCEPTION_EXIT} and the exception as its only diagnostic, and the batch goes on: one broken case must
 * not hide the verdicts of the others.
 */
public final class ConfigTestBatch {
    /** Not an exit code -t can give: marks "the loader threw", which is always a bug. */
    public static final int EXCEPTION_EXIT = -1;

    private ConfigTestBatch() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ConfigTestBatch MANIFEST");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.ISO_8859_1);
        for (String entry : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!entry.isBlank()) {
                out.println(runOne(entry));
            }
        }
        out.flush();
    }

    /** Runs one manifest line and returns its output line. */
    static String runOne(String manifestLine) {
        String[] fields = manifestLine.split("\t");
        String file = fields[0];
        List<String> result = new ArrayList<>();
        result.add(file);
        try {
            LoadOptions options = options(fields);
            Diagnostics diagnostics = new Diagnostics();
            ConfigLoader.load(Path.of(file), options, HostView.system(), diagnostics);
            result.add(Integer.toString(ConfigTestVerdict.exitCode(diagnostics)));
            for (Diagnostic d : diagnostics.all()) {
                result.add(flatten(d.format()));
            }
            if (diagnostics.dropped() > 0) {
                result.add("(" + diagnostics.dropped() + " more diagnostics dropped)");
            }
        } catch (RuntimeException | Error e) {
            // Deliberately broad: the point is to report a loader that throws, not to die with it.
            result.subList(1, result.size()).clear();
            result.add(Integer.toString(EXCEPTION_EXIT));
            result.add(flatten("EXCEPTION " + e));
        }
        return String.join("\t", result);
    }

    private static LoadOptions options(String[] fields) {
        LoadOptions options = LoadOptions.defaults();
        for (int i = 1; i < fields.length; i++) {
            switch (fields[i]) {
                case "-e" -> options = options.withAllConfig(true);
                case "-i" -> options = options.withConfigId(fields[++i]);
                default -> throw new IllegalArgumentException("unsupported option in manifest: " + fields[i]);
            }
        }
        return options;
    }

    private static String flatten(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
