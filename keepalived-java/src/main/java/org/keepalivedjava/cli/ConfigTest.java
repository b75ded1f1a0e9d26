package org.keepalivedjava.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.ConfigTestVerdict;
import org.keepalivedjava.config.Diagnostic;
import org.keepalivedjava.config.Diagnostics;

/**
 * {@code -t/--config-test[=LOG_FILE]}: load the configuration, print every diagnostic in keepalived's shape
 * {@code (FILE: Line N) message} to stderr or LOG_FILE (appended, as keepalived opens it), and return the
 * verdict 0/5/6 of {@link ConfigTestVerdict}. With -d the parsed configuration is printed on stdout too.
 */
final class ConfigTest {
    private ConfigTest() {
    }

    static int run(Options options, Platform platform) {
        PrintStream sink = platform.err();
        OutputStream logFile = null;
        if (options.configTestLog().isPresent()) {
            try {
                logFile = Files.newOutputStream(options.configTestLog().get(), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
                sink = new PrintStream(logFile, true, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                platform.err().println("Unable to open config-test log file " + options.configTestLog().get()
                        + " (" + e.getMessage() + "); using stderr");
            }
        }
        try {
            Diagnostics diagnostics = new Diagnostics();
            ConfigLoader.Result result = ConfigLoader.load(options.configFile(), Launcher.loadOptions(options,
                    platform), platform.host(), diagnostics);
            for (Diagnostic d : diagnostics.all()) {
                sink.println(d.format());
            }
            if (diagnostics.dropped() > 0) {
                sink.println("... and " + diagnostics.dropped() + " more messages");
            }
            if (options.dumpConf()) {
                platform.out().print(ConfigDump.text(result.config()));
                platform.out().flush();
            }
            sink.flush();
            return ConfigTestVerdict.exitCode(diagnostics);
        } finally {
            if (logFile != null) {
                sink.close();
            }
        }
    }
}
