package org.keepalivedjava.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDirTest {
    @TempDir
    Path tmp;

    @Test
    void createsAnOwnerOnlyDirectoryWithParents() throws IOException {
        Path dir = tmp.resolve("run/keepalived-java");
        assertEquals(dir, RuntimeDir.ensurePrivate(dir));
        assertTrue(Files.isDirectory(dir));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void tightensAnExistingDirectoryOfOurs() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("wide"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        RuntimeDir.ensurePrivate(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void refusesASymbolicLink() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        IOException e = assertThrows(IOException.class, () -> RuntimeDir.ensurePrivate(link));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void refusesAFile() throws IOException {
        Path file = Files.createFile(tmp.resolve("file"));
        assertThrows(IOException.class, () -> RuntimeDir.ensurePrivate(file));
    }

    /** Needs root to give the directory away. */
    @Test
    @Tag("root")
    void refusesADirectoryOfAnotherUser() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("theirs"));
        Files.setAttribute(dir, "unix:uid", 65534);
        IOException e = assertThrows(IOException.class, () -> RuntimeDir.ensurePrivate(dir));
        assertTrue(e.getMessage().contains("belongs to uid 65534"), e.getMessage());
    }

    @Test
    void removeOwnDeletesItsFilesAndItself() throws IOException {
        Path own = RuntimeDir.ensurePrivate(tmp.resolve("4242"));
        Files.writeString(own.resolve("vrrp.sock"), "");
        Files.writeString(own.resolve("config.snapshot"), "x");
        RuntimeDir.removeOwn(own);
        assertTrue(Files.notExists(own));
    }

    @Test
    void sweepRemovesOnlyDeadPidDirectories() throws IOException {
        Path dead = RuntimeDir.ensurePrivate(tmp.resolve("1001"));
        Files.writeString(dead.resolve("checker.sock"), "");
        Path live = RuntimeDir.ensurePrivate(tmp.resolve("1002"));
        Files.writeString(live.resolve("vrrp.sock"), "");
        Path other = RuntimeDir.ensurePrivate(tmp.resolve("control"));
        Files.writeString(tmp.resolve("control.sock"), "");

        assertEquals(1, RuntimeDir.sweepStale(tmp, pid -> pid == 1002));

        assertTrue(Files.notExists(dead));
        assertTrue(Files.exists(live.resolve("vrrp.sock")), "a live daemon's socket is kept");
        assertTrue(Files.exists(other), "not a pid: never touched");
        assertTrue(Files.exists(tmp.resolve("control.sock")), "a file of the base: never touched");
    }
}
