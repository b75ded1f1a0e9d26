package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Facility;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;
import org.keepalivedjava.vrrp.track.InstanceTracker;
import org.keepalivedjava.vrrp.track.TrackedKind;

/** track_file reading (keepalived's strtol rules), polling on a hand-driven loop, init_file and reload. */
class TrackFilesTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(100 * S);
    private final EventLoop loop = new EventLoop(clock);
    private final ByteArrayOutputStream logOut = new ByteArrayOutputStream();
    private final Logger log = new Logger(new Logger.Settings("Keepalived_vrrp", 1, true, false, Facility.DAEMON,
            true), java.time.Clock.systemUTC(), new PrintStream(logOut, true, StandardCharsets.UTF_8),
            SyslogTransport.NONE);
    /** "name=value" reports, in order. */
    private final List<String> reports = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    private static long parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return TrackFiles.parse(b, b.length);
    }

    private VrrpConfig.TrackFile file(String name, Path path) {
        return new VrrpConfig.TrackFile(name, path.toString(), -1, false, null, false, new Location("k.conf", 3));
    }

    private TrackFiles tracking(VrrpConfig.TrackFile... files) {
        return new TrackFiles(loop, log, (name, value, nowNs) -> reports.add(name + "=" + value), List.of(files));
    }

    private void advance(long ns) {
        clock.advanceNs(ns);
        loop.runOnce(0);
    }

    private String logText() {
        return logOut.toString(StandardCharsets.UTF_8);
    }

    @Test
    void parsesAsStrtolBaseZero() {
        assertEquals(5, parse("5\n"));
        assertEquals(-7, parse(" \t-7"));
        assertEquals(3, parse("+3"));
        assertEquals(31, parse("0x1f"));
        assertEquals(31, parse("0X1F\n"));
        assertEquals(8, parse("010"));
        assertEquals(0, parse("08"), "octal stops at 8");
        assertEquals(0, parse("0x"), "0x without a hex digit is the number 0");
        assertEquals(12, parse("12abc"));
        assertEquals(0, parse("abc"));
        assertEquals(0, parse(""));
        assertEquals(0, parse("- 5"));
    }

    @Test
    void refusesNumbersOutsideInt32PlusOne() {
        assertEquals(2147483648L, parse("2147483648"));
        assertEquals(-2147483648L, parse("-2147483648"));
        assertEquals(TrackFiles.INVALID, parse("2147483649"));
        assertEquals(TrackFiles.INVALID, parse("-2147483649"));
        assertEquals(TrackFiles.INVALID, parse("99999999999999999999999999"));
        assertEquals(TrackFiles.INVALID, parse("0xffffffffffffffffff"));
    }

    @Test
    void reportsTheValueAtStartThenEachChangeOnThePollTimer() throws IOException {
        Path f = dir.resolve("prio");
        Files.writeString(f, "10\n");
        TrackFiles files = tracking(file("tf", f));
        files.start(clock.nanoTime());
        assertEquals(List.of("tf=10"), reports);
        assertEquals(10L, files.value("tf"));

        Files.writeString(f, "20\n");
        advance(TrackFiles.POLL_INTERVAL_NS - 1);
        assertEquals(List.of("tf=10"), reports, "not read before the poll interval");
        advance(1);
        assertEquals(List.of("tf=10", "tf=20"), reports);

        advance(TrackFiles.POLL_INTERVAL_NS);
        assertEquals(List.of("tf=10", "tf=20"), reports, "an unchanged value is not reported again");

        Files.delete(f);
        advance(TrackFiles.POLL_INTERVAL_NS);
        assertEquals(List.of("tf=10", "tf=20", "tf=0"), reports, "a deleted file reads as 0");

        files.stop();
        Files.writeString(f, "30");
        advance(10 * TrackFiles.POLL_INTERVAL_NS);
        assertEquals(3, reports.size(), "stopped: no more reads");
    }

    @Test
    void missingOrEmptyFileReadsZero() throws IOException {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "");
        TrackFiles files = tracking(file("a", dir.resolve("absent")), file("e", empty));
        files.start(clock.nanoTime());
        assertEquals(List.of("a=0", "e=0"), reports);
    }

    @Test
    void anInvalidNumberKeepsThePreviousValueAndIsLoggedOnce() throws IOException {
        Path f = dir.resolve("prio");
        Files.writeString(f, "4");
        TrackFiles files = tracking(file("tf", f));
        files.start(clock.nanoTime());
        Files.writeString(f, "5000000000");
        advance(TrackFiles.POLL_INTERVAL_NS);
        advance(TrackFiles.POLL_INTERVAL_NS);
        assertEquals(List.of("tf=4"), reports);
        assertEquals(4L, files.value("tf"));
        String text = logText();
        assertTrue(text.contains("Invalid number read from " + f + " - ignoring"), text);
        assertEquals(text.indexOf("Invalid number"), text.lastIndexOf("Invalid number"), "logged once: " + text);
        Files.writeString(f, "6");
        advance(TrackFiles.POLL_INTERVAL_NS);
        assertEquals(List.of("tf=4", "tf=6"), reports);
    }

    @Test
    void aFileInAMissingDirectoryIsDroppedAsKeepalivedDoes() {
        TrackFiles files = tracking(file("gone", dir.resolve("no-such-dir/prio")));
        files.start(clock.nanoTime());
        assertEquals(List.of(), reports, "dropped: neither adjusts nor faults");
        assertNull(files.value("gone"));
        assertTrue(logText().contains("Track file directory for gone does not exist - removing"), logText());
        assertEquals(0, loop.scheduledTimerCount());
    }

    @Test
    void initFileCreatesOrOverwritesAsConfigured() throws IOException {
        Path fresh = dir.resolve("fresh");
        Path kept = dir.resolve("kept");
        Path over = dir.resolve("over");
        Files.writeString(kept, "9\n");
        Files.writeString(over, "9\n");
        Location at = new Location("k.conf", 1);
        List<VrrpConfig.TrackFile> all = List.of(
                new VrrpConfig.TrackFile("fresh", fresh.toString(), 1, false, 7L, false, at),
                new VrrpConfig.TrackFile("kept", kept.toString(), 1, false, 7L, false, at),
                new VrrpConfig.TrackFile("over", over.toString(), 1, false, -3L, true, at));
        TrackFiles.initialise(all, true, log);
        assertEquals("7\n", Files.readString(fresh), "created when missing, also on reload");
        assertEquals("9\n", Files.readString(kept));
        assertEquals("9\n", Files.readString(over), "overwrite does not apply on reload");
        TrackFiles.initialise(all, false, log);
        assertEquals("9\n", Files.readString(kept), "an existing file is kept without overwrite");
        assertEquals("-3\n", Files.readString(over), "overwritten at start");
    }

    @Test
    void reloadKeepsUnchangedFilesAndReadsNewOnesWithoutReporting() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.writeString(a, "1");
        Files.writeString(b, "2");
        TrackFiles files = tracking(file("a", a));
        files.start(clock.nanoTime());
        assertEquals(List.of("a=1"), reports);

        files.reconcile(List.of(file("a", a), file("b", b)), clock.nanoTime());
        assertEquals(List.of("a=1"), reports, "a kept, b read silently");
        assertEquals(2L, files.value("b"));
        Files.writeString(b, "3");
        advance(TrackFiles.POLL_INTERVAL_NS);
        assertEquals(List.of("a=1", "b=3"), reports, "later changes are reported");

        files.reconcile(List.of(file("b", b)), clock.nanoTime());
        assertNull(files.value("a"), "a no longer tracked");
        Files.writeString(a, "5");
        advance(TrackFiles.POLL_INTERVAL_NS);
        assertEquals(List.of("a=1", "b=3"), reports);
    }

    @Test
    void feedsTheTrackerPriorityAndFault() throws IOException {
        Path f = dir.resolve("prio");
        Files.writeString(f, "0");
        InstanceTracker weighted = new InstanceTracker("VI_1", 150).add(TrackedKind.FILE, "tf", -1, false);
        InstanceTracker zero = new InstanceTracker("VI_2", 150).add(TrackedKind.FILE, "tf", 0, false);
        TrackFiles files = new TrackFiles(loop, log, (name, value, nowNs) -> {
            weighted.setFileValue(name, value);
            zero.setFileValue(name, value);
        }, List.of(file("tf", f)));
        files.start(clock.nanoTime());
        assertEquals(150, weighted.effectivePriority());
        assertFalse(zero.faulted());

        Files.writeString(f, "60\n");
        advance(TrackFiles.POLL_INTERVAL_NS);
        assertEquals(90, weighted.effectivePriority(), "150 + 60 * -1");
        assertTrue(zero.faulted(), "weight 0: a non-zero value is a fault");
    }
}
