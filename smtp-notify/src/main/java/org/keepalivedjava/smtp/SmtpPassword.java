package org.keepalivedjava.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads {@code smtp_password_file}: the password is its first line (a trailing CR/LF is not part of it). The file
 * must not be readable by others: a world-readable secret on a router is a finding in every audit, so we refuse it
 * rather than warn (the same spirit as keepalived's script security).
 */
public final class SmtpPassword {

    private SmtpPassword() {
    }

    /** The password, or a clear refusal. */
    public static String read(Path file) throws SmtpSetupException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            throw new SmtpSetupException("smtp_password_file " + file + " does not exist", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new SmtpSetupException("smtp_password_file " + file + ": cannot read its permissions: " + e, e);
        }
        String refusal = permissionProblem(file, permissions);
        if (refusal != null) {
            throw new SmtpSetupException(refusal);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SmtpSetupException("smtp_password_file " + file + " cannot be read: " + e.getMessage(), e);
        }
        String password = firstLine(text);
        if (password.isEmpty()) {
            throw new SmtpSetupException("smtp_password_file " + file + " is empty: its first line is the password");
        }
        return password;
    }

    /** Pure: why {@code permissions} are unsafe for a password file, or null when they are fine. */
    public static String permissionProblem(Path file, Set<PosixFilePermission> permissions) {
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            return "smtp_password_file " + file + " is readable by everyone (permissions "
                    + PosixFilePermissions.toString(permissions) + "); refusing to use it: run chmod o-r " + file;
        }
        return null;
    }

    static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
