package org.keepalivedjava.checkers.check.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;

/**
 * FILE_CHECK (keepalived check_file.c with track_file.c): the real server follows the integer written in a
 * track_file. With weight 0 the checker is down while the value is non-zero (with {@code reverse}: while it is
 * zero). With a weight, {@code value * weight} (negated by {@code reverse}) is an offset added to the real
 * server's weight (keepalived's cur_weight), and a result at or below {@link #WEIGHT_FAULT} puts it down. A file that
 * is missing or holds no number reads as 0, as in keepalived.
 *
 * <p>keepalived watches the file with inotify; this reads it at start and then every {@link #POLL_INTERVAL_NS}
 * (a one-line local file; the read does not wait on the network). There is no retry and no alpha: the state is
 * known at once (keepalived clears alpha and marks the checker as run).
 *
 * <p>What the listener hears: a verdict change, and an offset change as {@code newWeight} = the new offset (which
 * may be any integer, -1 included: for FILE_CHECK it is an offset, not "none"); {@link #weightOffset()} holds it.
 */
public final class FileCheckFsm extends CheckFsm {

    public static final long POLL_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** IPVS's largest weight; a negative offset beyond it is a fault (keepalived's IPVS_WEIGHT_FAULT). */
    public static final long IPVS_WEIGHT_MAX = 65535;
    public static final long WEIGHT_FAULT = -IPVS_WEIGHT_MAX - 1;

    private final Path path;
    private final long weight;
    private final boolean reverse;
    private final ByteBuffer buffer = ByteBuffer.allocate(64);
    private long offset;
    private boolean started;

    public FileCheckFsm(CheckerConfig.FileCheck config, CheckContext context, CheckListener listener,
                        Checks.Target target) {
        super(config, context, listener, target);
        Checks.TrackFile file = target.trackFiles() == null ? null : target.trackFiles().apply(config.trackFile());
        this.path = file == null ? null : file.path();
        boolean own = config.weight() != 0 || file == null;
        this.weight = own ? config.weight() : file.weight();
        this.reverse = own ? config.reverse() : file.reverse();
        this.up = true;
        this.hasRun = true;
        if (path == null) {
            log("track_file " + config.trackFile() + " not found");
        }
    }

    @Override
    public void start(long nowNs) {
        started = true;
        beginAttempt(nowNs);
    }

    public long weightOffset() {
        return offset;
    }

    /** Ignored: FILE_CHECK follows its file (keepalived: inotify, no launch thread), so ha_suspend does not pause it. */
    @Override
    public void setEnabled(boolean enabled) {
    }

    @Override
    protected void beginAttempt(long nowNs) {
        apply(readValue(), nowNs);
        scheduleIn(POLL_INTERVAL_NS, nowNs);
    }

    /** The value in the file (keepalived reads an integer; nothing readable is 0). */
    long readValue() {
        if (path == null) {
            return 0;
        }
        buffer.clear();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                // a number is short: the first 64 bytes are enough
            }
        } catch (IOException e) {
            return 0;
        }
        return parse(buffer.array(), buffer.position());
    }

    static long parse(byte[] b, int length) {
        int i = 0;
        while (i < length && Character.isWhitespace(b[i])) {
            i++;
        }
        boolean negative = false;
        if (i < length && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < length && b[i] >= '0' && b[i] <= '9' && digits < 18) {
            v = v * 10 + (b[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 ? 0 : negative ? -v : v;
    }

    private void apply(long value, long nowNs) {
        boolean newUp;
        long newOffset;
        if (weight == 0) {
            newUp = reverse ? value != 0 : value == 0;
            newOffset = 0;
        } else {
            long status = value * weight * (reverse ? -1 : 1);
            newUp = status > WEIGHT_FAULT;
            newOffset = newUp ? status : 0;
        }
        if (newUp != up) {
            log("(" + rsText + "): tracked file " + path + (newUp ? " leaving FAULT state" : " now FAULT state"));
        }
        if (newOffset != offset) {
            offset = newOffset;
            reportWeight(newUp, "track_file weight offset " + newOffset, newOffset, nowNs);
        } else {
            setVerdict(newUp, newUp ? "=> FILE CHECK succeed on service <=" : "=> FILE CHECK failed on service <=",
                    nowNs);
        }
    }

    @Override
    protected void onTimeout(long nowNs) {
    }

    @Override
    protected void abortAttempt() {
    }

    boolean started() {
        return started;
    }
}
