package org.keepalivedjava.config.lex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobTest {
    @TempDir
    Path dir;

    @Test
    void bracesExpandLeftToRightAndNest() {
        assertEquals(List.of("a.c", "b.c"), Glob.expandBraces("{a,b}.c"));
        assertEquals(List.of("foo/", "foo/cat", "foo/dog", "bar"), Glob.expandBraces("{foo/{,cat,dog},bar}"));
        assertEquals(List.of("x{y"), Glob.expandBraces("x{y"));
        assertEquals(List.of("\\{a,b}"), Glob.expandBraces("\\{a,b}"));
        assertTrue(Glob.hasBrace("a{b}"));
        assertFalse(Glob.hasBrace("a\\{b}"));
    }

    @Test
    void fnmatchRules() {
        assertTrue(Glob.FnMatch.matches("*.conf", "a.conf"));
        assertFalse(Glob.FnMatch.matches("*.conf", ".a.conf"));
        assertTrue(Glob.FnMatch.matches(".*.conf", ".a.conf"));
        assertTrue(Glob.FnMatch.matches("?-[a-c]*", "1-b-x"));
        assertFalse(Glob.FnMatch.matches("[!a]x", "ax"));
        assertTrue(Glob.FnMatch.matches("g\\ h", "g h"));
        assertTrue(Glob.FnMatch.matches("[x", "[x"));
        assertFalse(Glob.FnMatch.matches("*a*a*a*a*a*b", "a".repeat(5000)));
    }

    @Test
    void countsMissingFilesAndDirectoriesLikeKeepalivedsHooks() throws IOException {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/1.conf"), "");
        Files.writeString(dir.resolve("a.conf"), "");
        Glob.Result missing = Glob.glob(dir, "none.conf");
        assertEquals(List.of(), missing.matches());
        assertEquals(1, missing.missingFiles());
        Glob.Result noDir = Glob.glob(dir, "nodir/*.conf");
        assertEquals(1, noDir.missingDirectories());
        Glob.Result wild = Glob.glob(dir, "d/*.none");
        assertTrue(wild.haveWildcards() && !wild.somethingMissing() && wild.noMatch());
        Glob.Result some = Glob.glob(dir, "{a,zz}.conf");
        assertEquals(List.of("a.conf"), some.matches());
        assertTrue(some.somethingMissing());
        assertEquals(List.of("d/", "d/1.conf"), Glob.glob(dir, "{d,d/*.conf}").matches());
        assertEquals(List.of(dir + "/a.conf"), Glob.glob(Path.of("/"), dir + "/a.conf").matches());
    }
}
