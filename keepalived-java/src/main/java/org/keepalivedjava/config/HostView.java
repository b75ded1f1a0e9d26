package org.keepalivedjava.config;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.keepalivedjava.config.model.script.ScriptFile;

/**
 * What validation needs to know about the host it runs on: keepalived's {@code -t} checks that named interfaces
 * exist in the current network namespace and that script users exist. Tests substitute a fixed view.
 */
public interface HostView {

    boolean interfaceExists(String name);

    boolean userExists(String name);

    boolean groupExists(String name);

    /**
     * What the script check finds for a script's program on this host's file system (see {@link ScriptFile}).
     * The default reads the local disk; test views override it to decide without files.
     */
    default ScriptFile scriptFile(String program, boolean runsAsRoot) {
        return ScriptFile.examine(program, runsAsRoot);
    }

    /** The running host, read through the JDK (no native code): interfaces of the current network namespace. */
    static HostView system() {
        return new HostView() {
            @Override
            public boolean interfaceExists(String name) {
                try {
                    return NetworkInterface.getByName(name) != null;
                } catch (SocketException e) {
                    return false;
                }
            }

            @Override
            public boolean userExists(String name) {
                return hasEntry(Path.of("/etc/passwd"), name);
            }

            @Override
            public boolean groupExists(String name) {
                return hasEntry(Path.of("/etc/group"), name);
            }

            private boolean hasEntry(Path db, String name) {
                try (var lines = Files.lines(db)) {
                    return lines.anyMatch(l -> l.startsWith(name + ":"));
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    return false;
                }
            }
        };
    }
}
