package org.keepalivedjava.watchdog;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

import org.keepalivedjava.os.libc.Native;

/**
 * The private runtime directory holding the watchdog sockets (default {@value #DEFAULT}): mode 0700, owned by
 * our uid, not a symbolic link. Only our uid can reach a socket inside it, so the short window between bind(2)
 * (which creates the socket file with the umask's mode) and the chmod to 0600 exposes nothing.
 */
public final class RuntimeDir {
    /** Where keepalived-java's watchdog sockets live by default. */
    public static final String DEFAULT = "/run/keepalived-java";

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");

    private RuntimeDir() {
    }

    /**
     * Creates {@code dir} (and missing parents) or checks an existing one: a directory, not a link, owned by
     * our uid; group/other permissions found on it are removed.
     *
     * @throws IOException when it cannot be created or belongs to someone else (never use such a directory)
     */
    public static Path ensurePrivate(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        try {
            Files.createDirectory(absolute);
        } catch (FileAlreadyExistsException e) {
            // Checked below, whoever created it.
        }
        if (Files.isSymbolicLink(absolute) || !Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("watchdog runtime directory " + absolute + " is not a directory");
        }
        int owner = (Integer) Files.getAttribute(absolute, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int uid = Native.getuid();
        if (owner != uid) {
            throw new IOException("watchdog runtime directory " + absolute + " belongs to uid " + owner
                    + ", not to us (uid " + uid + ")");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(absolute, LinkOption.NOFOLLOW_LINKS);
        if (!mode.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(absolute, EnumSet.copyOf(OWNER_ONLY));
        }
        return absolute;
    }

    /**
     * Removes a daemon's own directory at exit: the files in it (sockets, the config snapshot; never a
     * subdirectory, never through a link) and then the directory. Best effort: what cannot be removed stays and
     * is swept by the next start ({@link #sweepStale}).
     */
    public static void removeOwn(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the sweep
                }
            });
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // absent or not empty: nothing more to do here
        }
    }

    /**
     * Removes the directories that daemons killed with SIGKILL left under {@code base}: those named by the pid of a
     * process that no longer exists. Other names and live pids are never touched.
     *
     * @return how many were removed
     */
    public static int sweepStale(Path base, LongPredicate alive) {
        int removed = 0;
        try (Stream<Path> entries = Files.list(base)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.matches("[1-9][0-9]{0,9}") || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        || alive.test(Long.parseLong(name))) {
                    continue;
                }
                removeOwn(p);
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            // no base yet
        }
        return removed;
    }
}
