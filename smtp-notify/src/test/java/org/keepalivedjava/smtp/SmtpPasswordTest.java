package org.keepalivedjava.smtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpPasswordTest {

    @TempDir
    Path dir;

    @Test
    void readsFirstLineWithoutLineEnd() throws Exception {
        Path f = write("s3cret\r\nignored\n", "rw-------");
        assertEquals("s3cret", SmtpPassword.read(f));
        assertEquals("pw", SmtpPassword.read(write("pw", "rw-r-----")));
    }

    @Test
    void refusesWorldReadableFile() throws Exception {
        Path f = write("s3cret\n", "rw-r--r--");
        SmtpSetupException e = assertThrows(SmtpSetupException.class, () -> SmtpPassword.read(f));
        assertTrue(e.getMessage().contains("readable by everyone"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod o-r " + f), e.getMessage());
    }

    @Test
    void refusesMissingAndEmptyFiles() throws Exception {
        SmtpSetupException missing = assertThrows(SmtpSetupException.class,
                () -> SmtpPassword.read(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        SmtpSetupException empty = assertThrows(SmtpSetupException.class,
                () -> SmtpPassword.read(write("\n", "rw-------")));
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
    }

    @Test
    void permissionProblemIsPure() {
        assertNull(SmtpPassword.permissionProblem(Path.of("/x"), PosixFilePermissions.fromString("rw-rw----")));
        assertTrue(SmtpPassword.permissionProblem(Path.of("/x"), PosixFilePermissions.fromString("rw----r--"))
                .contains("rw----r--"));
    }

    private Path write(String text, String mode) throws Exception {
        Path f = Files.createTempFile(dir, "pw", ".txt");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }
}
