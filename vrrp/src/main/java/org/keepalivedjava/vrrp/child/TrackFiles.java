package org.keepalivedjava.vrrp.child;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.keepalivedjava.config.model.SameConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;

/**
 * track_file: the integer in each file that some instance tracks, reported to the {@link Listener} (which feeds the
 * instances' trackers) at start and whenever it changes.
 *
 * <h2>keepalived 2.2.7's reading (core/track_file.c)</h2>
 * The first 127 bytes are read as C's {@code strtol(buf, NULL, 0)} (leading blanks, sign, {@code 0x} hex, leading
 * {@code 0} octal, anything after the number ignored, no number = 0). A missing, unreadable or empty file is 0 (a
 * deleted file too). A number that overflows or lies outside [INT32_MIN, INT32_MAX + 1] is logged ("Invalid number
 * N read from PATH - ignoring") and the previous value stays. A file whose directory does not exist at start is
 * dropped ("Track file directory for NAME does not exist - removing"): it then neither adjusts nor faults.
 *
 * <h2>Polling instead of inotify</h2>
 * keepalived watches the directory with inotify (close-after-write, delete, move). Here each file is re-read every
 * {@link #POLL_INTERVAL_NS} on a loop timer, as FILE_CHECK does in the checker: inotify would need new native calls
 * in netlink-jni, and a one-second reaction is well inside keepalived users' expectations for this feature. The
 * read is of a small local file and does not wait. One difference: a writer that truncates and then writes
 * ({@code echo 5 > f}) may be caught in between and read once as 0 (keepalived only looks after the close).
 *
 * <p>Loop thread only; a poll reuses one buffer.
 */
final class TrackFiles {
    static final long POLL_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** keepalived reads into a 128-byte buffer, NUL-terminated. */
    static final int READ_LIMIT = 127;
    /** {@link #parse}'s answer for a number keepalived refuses (never a value: those lie within int32 + 1). */
    static final long INVALID = Long.MIN_VALUE;

    /** A tracked file's value changed (or was read for the first time). */
    interface Listener {
        void onFileValue(String name, long value, long nowNs);
    }

    private final class Tracked {
        final VrrpConfig.TrackFile file;
        final Path path;
        final Timer timer;
        long value;
        boolean known;
        boolean invalidLogged;

        Tracked(VrrpConfig.TrackFile file) {
            this.file = file;
            this.path = Path.of(file.path());
            this.timer = loop.newTimer((t, nowNs) -> poll(this, nowNs));
        }
    }

    private final EventLoop loop;
    private final Logger log;
    private final Listener listener;
    private final List<Tracked> files = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_LIMIT);

    TrackFiles(EventLoop loop, Logger log, Listener listener, List<VrrpConfig.TrackFile> tracked) {
        this.loop = loop;
        this.log = log;
        this.listener = listener;
        for (VrrpConfig.TrackFile f : tracked) {
            Tracked t = track(f);
            if (t != null) {
                files.add(t);
            }
        }
    }

    private Tracked track(VrrpConfig.TrackFile f) {
        Path parent = Path.of(f.path()).toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            log.error("Track file directory for " + f.name() + " does not exist - removing");
            return null;
        }
        return new Tracked(f);
    }

    /**
     * init_file, as keepalived does while reading the configuration: write the value (and a newline) when the file
     * does not exist, or, with {@code overwrite}, also over an existing regular file, except on a reload. Every
     * track_file of the configuration, tracked or not.
     */
    static void initialise(Iterable<VrrpConfig.TrackFile> all, boolean reload, Logger log) {
        for (VrrpConfig.TrackFile f : all) {
            if (f.initValue() == null) {
                continue;
            }
            Path path = Path.of(f.path());
            if (Files.exists(path)) {
                if (!f.initOverwrite()) {
                    continue;
                }
                if (!Files.isRegularFile(path)) {
                    log.error("Cannot initialise track file " + f.name() + " - it is not a regular file");
                    continue;
                }
                if (reload) {
                    continue;
                }
            }
            try {
                Files.writeString(path, f.initValue() + "\n");
            } catch (IOException | RuntimeException e) {
                log.error("Unable to initialise track file " + f.name());
            }
        }
    }

    /** Reads every file now (reporting each value) and then every {@link #POLL_INTERVAL_NS}. */
    void start(long nowNs) {
        for (Tracked t : files) {
            poll(t, nowNs, true);
        }
    }

    private void poll(Tracked t, long nowNs) {
        poll(t, nowNs, true);
    }

    /** @param report false: record the value without telling the listener (a reload's new files) */
    private void poll(Tracked t, long nowNs, boolean report) {
        t.timer.scheduleAt(nowNs + POLL_INTERVAL_NS);
        long value = read(t.path);
        if (value == INVALID) {
            if (!t.invalidLogged) {
                log.info("Invalid number read from " + t.path + " - ignoring");
                t.invalidLogged = true;
            }
            if (t.known) {
                return;
            }
            value = 0; // nothing read before: keepalived's initial status is 0
        } else {
            t.invalidLogged = false;
        }
        if (t.known && value == t.value) {
            return;
        }
        t.known = true;
        t.value = value;
        if (report) {
            listener.onFileValue(t.file.name(), value, nowNs);
        }
    }

    /** The file's value: 0 when missing or unreadable, {@link #INVALID} for a number out of range. */
    long read(Path path) {
        buffer.clear();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                // at most READ_LIMIT bytes, as keepalived
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return parse(buffer.array(), buffer.position());
    }

    /**
     * C's {@code strtol(text, NULL, 0)} with keepalived's range check: the value, 0 when no number starts the
     * text, {@link #INVALID} on overflow or outside [INT32_MIN, INT32_MAX + 1]. Pure.
     */
    static long parse(byte[] text, int length) {
        int i = 0;
        while (i < length && isSpace(text[i])) {
            i++;
        }
        boolean negative = false;
        if (i < length && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        int base = 10;
        if (i + 2 < length && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')
                && digit(text[i + 2], 16) >= 0) {
            base = 16;
            i += 2;
        } else if (i < length && text[i] == '0') {
            base = 8;
        }
        long value = 0;
        while (i < length && digit(text[i], base) >= 0) {
            value = value * base + digit(text[i], base);
            if (value > (long) Integer.MAX_VALUE + 1) {
                return INVALID; // outside [INT32_MIN, INT32_MAX + 1] whatever the sign; stops before long overflow
            }
            i++;
        }
        return negative ? -value : value;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static int digit(byte b, int base) {
        int d = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'z' ? b - 'a' + 10 : b >= 'A' && b <= 'Z'
                ? b - 'A' + 10 : -1;
        return d < base ? d : -1;
    }

    /** The file's last value, or null when not read (or not tracked). */
    Long value(String name) {
        for (Tracked t : files) {
            if (t.file.name().equals(name) && t.known) {
                return t.value;
            }
        }
        return null;
    }

    /**
     * Reload: the files now tracked are {@code tracked}. One whose block is {@link SameConfig the same} keeps its
     * value and timer; one no longer tracked stops; a new or changed one is read now without a report: only the
     * instances the reload builds track it, and they take its {@link #value} when built. Later changes are reported.
     */
    void reconcile(List<VrrpConfig.TrackFile> tracked, long nowNs) {
        List<Tracked> next = new ArrayList<>();
        List<Tracked> fresh = new ArrayList<>();
        for (VrrpConfig.TrackFile f : tracked) {
            Tracked same = null;
            for (Tracked t : files) {
                if (SameConfig.same(t.file, f)) {
                    same = t;
                }
            }
            if (same != null) {
                next.add(same);
                continue;
            }
            Tracked t = track(f);
            if (t != null) {
                next.add(t);
                fresh.add(t);
            }
        }
        for (Tracked t : files) {
            if (!next.contains(t)) {
                t.timer.cancel();
            }
        }
        files.clear();
        files.addAll(next);
        for (Tracked t : fresh) {
            poll(t, nowNs, false);
        }
    }

    void stop() {
        for (Tracked t : files) {
            t.timer.cancel();
        }
    }
}
