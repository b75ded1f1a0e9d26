package org.keepalivedjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void writesPidNewlineAndRemovesOnRelease() throws Exception {
        Path p = dir.resolve("sub/keepalived.pid");
        PidFile f = PidFile.acquire(p, 1234, pid -> false, 0);
        assertEquals("1234\n", Files.readString(p));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        f.release();
        assertFalse(Files.exists(p));
    }

    @Test
    void refusesWhenALiveProcessHoldsIt() throws Exception {
        Path p = dir.resolve("k.pid");
        Files.writeString(p, "777\n");
        PidFile.HeldException e = assertThrows(PidFile.HeldException.class,
                () -> PidFile.acquire(p, 1234, pid -> pid == 777, 0));
        assertEquals(777, e.holderPid);
        assertEquals("777\n", Files.readString(p));
    }

    @Test
    void replacesAStaleOrGarbageFile() throws Exception {
        Path p = dir.resolve("k.pid");
        Files.writeString(p, "777\n");
        PidFile.acquire(p, 1234, pid -> false, 0);
        assertEquals("1234\n", Files.readString(p));
        Files.writeString(p, "garbage");
        PidFile.acquire(p, 99, pid -> true, 0);
        assertEquals("99\n", Files.readString(p));
    }

    @Test
    void releaseLeavesAnotherOwnersFile() throws Exception {
        Path p = dir.resolve("k.pid");
        PidFile mine = PidFile.acquire(p, 1, pid -> false, 0);
        Files.writeString(p, "2\n");
        mine.release();
        assertTrue(Files.exists(p));
    }

    @Test
    void umaskRemovesPermissionBits() throws Exception {
        Path p = dir.resolve("k.pid");
        PidFile.acquire(p, 1, pid -> false, 0077);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertEquals("rwxr-x---", PidFile.modeString(0750));
    }
}
