package org.keepalivedjava.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * A pid file as keepalived writes it ({@code "PID\n"}), created only if no live process holds it, and removed
 * only by its owner. Creation is {@code O_CREAT|O_EXCL}, so of two launchers racing for one file exactly one
 * wins; a file left by a dead process (crash, SIGKILL) is replaced.
 */
public final class PidFile {

    /** Thrown when another live process holds the file. */
    public static final class HeldException extends Exception {
        public final long holderPid;

        HeldException(Path path, long holderPid) {
            super("pid file " + path + " is held by running process " + holderPid);
            this.holderPid = holderPid;
        }
    }

    private final Path path;
    private final long ownPid;

    private PidFile(Path path, long ownPid) {
        this.path = path;
        this.ownPid = ownPid;
    }

    /**
     * @param alive whether a process id is a live process (ProcessHandle in production; a fake in tests)
     * @param umask -u: the permissions are rw-r--r-- without the umask's bits
     */
    public static PidFile acquire(Path path, long ownPid, LongPredicate alive, int umask)
            throws HeldException, IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Two attempts: the second follows the removal of a stale file left by a dead process.
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.write(path, (ownPid + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                setPermissions(path, umask);
                return new PidFile(path, ownPid);
            } catch (FileAlreadyExistsException e) {
                Optional<Long> holder = readPid(path);
                if (holder.isPresent() && holder.get() != ownPid && alive.test(holder.get())) {
                    throw new HeldException(path, holder.get());
                }
                Files.deleteIfExists(path);
            }
        }
        throw new IOException("pid file " + path + " keeps reappearing; another launcher is starting");
    }

    /** The pid in a pid file; empty when absent or not a number (a truncated write counts as stale). */
    public static Optional<Long> readPid(Path path) {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
            return Optional.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the file if it is still ours (never another instance's that replaced a stale one). */
    public void release() {
        if (readPid(path).map(p -> p == ownPid).orElse(false)) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // Nothing better to do at exit; a stale pid file is recognised as stale by the next start.
            }
        }
    }

    private static void setPermissions(Path path, int umask) throws IOException {
        int mode = 0644 & ~umask;
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(modeString(mode)));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: keep the default permissions.
        }
    }

    static String modeString(int mode) {
        String rwx = "rwxrwxrwx";
        StringBuilder b = new StringBuilder(9);
        for (int bit = 0; bit < 9; bit++) {
            b.append((mode & (0400 >> bit)) != 0 ? rwx.charAt(bit) : '-');
        }
        return b.toString();
    }

    static Set<PosixFilePermission> permissions(Path path) throws IOException {
        return Files.getPosixFilePermissions(path);
    }
}
