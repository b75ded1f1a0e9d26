package org.keepalivedjava.config.model.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * enable_script_security's rule, exactly (keepalived lib/notify.c check_script_secure): a script run as root is
 * insecure when any part of its real path (every directory from "/" down, and the file) could be replaced by a
 * non-root user: owned by someone else than root, world-writable, or group-writable with a group other than
 * root; a directory with the sticky bit is exempt (it is /tmp's case). Real files, so root only (files made by a
 * non-root user are never root's). The TempDir is under /tmp (1777): the exemption is in every case's path.
 */
@Tag("root")
class ScriptFileSecurityTest {
    @TempDir
    Path dir;

    private static Path script(Path where) throws IOException {
        Files.createDirectories(where.getParent());
        Path p = Files.writeString(where, "#!/bin/sh\nexit 0\n");
        mode(p, "rwxr-xr-x");
        return p;
    }

    private static void mode(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    @Test
    void aRootOwnedScriptInRootOwnedDirectoriesIsSecure() throws IOException {
        Path s = script(dir.resolve("safe/bin/s.sh"));
        assertEquals(ScriptFile.OK, ScriptFile.examine(s.toString(), true));
    }

    @Test
    void aWorldWritableScriptIsInsecure() throws IOException {
        Path s = script(dir.resolve("ww/s.sh"));
        mode(s, "rwxr-xrwx");
        assertEquals(ScriptFile.INSECURE, ScriptFile.examine(s.toString(), true));
    }

    @Test
    void aWritableDirectoryAnywhereUpThePathMakesItInsecure() throws IOException {
        Path s = script(dir.resolve("top/middle/bottom/s.sh"));
        mode(dir.resolve("top"), "rwxrwxrwx"); // two levels up, not the script's own directory
        assertEquals(ScriptFile.INSECURE, ScriptFile.examine(s.toString(), true));
        mode(dir.resolve("top"), "rwxr-xr-x");
        assertEquals(ScriptFile.OK, ScriptFile.examine(s.toString(), true));
    }

    @Test
    void aStickyWorldWritableDirectoryIsExemptLikeTmp() throws Exception {
        Path s = script(dir.resolve("sticky/s.sh"));
        run("chmod", "1777", dir.resolve("sticky").toString());
        assertEquals(ScriptFile.OK, ScriptFile.examine(s.toString(), true));
    }

    @Test
    void ownershipByANonRootUserIsInsecureWhateverTheMode() throws Exception {
        Path s = script(dir.resolve("owned/s.sh"));
        run("chown", "nobody", s.toString());
        assertEquals(ScriptFile.INSECURE, ScriptFile.examine(s.toString(), true));
        run("chown", "root", s.toString());
        assertEquals(ScriptFile.OK, ScriptFile.examine(s.toString(), true));
        run("chown", "nobody", dir.resolve("owned").toString());
        assertEquals(ScriptFile.INSECURE, ScriptFile.examine(s.toString(), true), "a directory of another user");
    }

    @Test
    void groupWritableIsInsecureOnlyForAGroupOtherThanRoot() throws Exception {
        Path s = script(dir.resolve("grp/s.sh"));
        mode(s, "rwxrwxr-x");
        assertEquals(ScriptFile.OK, ScriptFile.examine(s.toString(), true), "group root may write");
        run("chgrp", "nogroup", s.toString());
        assertEquals(ScriptFile.INSECURE, ScriptFile.examine(s.toString(), true));
    }

    @Test
    void aLinkIsJudgedByWhereItLeads() throws IOException {
        Path target = script(dir.resolve("open/real.sh"));
        mode(dir.resolve("open"), "rwxrwxrwx");
        Path safe = Files.createDirectories(dir.resolve("safe"));
        Path link = Files.createSymbolicLink(safe.resolve("link.sh"), target);
        assertEquals(ScriptFile.INSECURE, ScriptFile.examine(link.toString(), true));
    }

    @Test
    void notJudgedWhenItDoesNotRunAsRoot() throws IOException {
        Path s = script(dir.resolve("user/s.sh"));
        mode(s, "rwxrwxrwx");
        assertEquals(ScriptFile.OK, ScriptFile.examine(s.toString(), false));
    }

    /** A program name that no path can hold (a NUL byte) is not found, not an InvalidPathException. */
    @Test
    void aNameWithANulByteIsNotFound() {
        assertEquals(ScriptFile.NOT_FOUND, ScriptFile.examine("/bin/true\0x", true));
        assertEquals(ScriptFile.NOT_FOUND, ScriptFile.examine("true\0x", true));
    }
}
