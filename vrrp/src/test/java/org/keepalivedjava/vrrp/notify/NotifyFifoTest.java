package org.keepalivedjava.vrrp.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.vrrp.notify.NotifyMessages.Subject;

class NotifyFifoTest {
    @TempDir
    Path dir;
    private EventLoop loop;
    private ScriptRunner runner;

    @BeforeEach
    void setUp() {
        loop = new EventLoop(Clock.SYSTEM);
        runner = new ScriptRunner(loop);
    }

    @AfterEach
    void tearDown() {
        runner.close();
        loop.close();
    }

    @Test
    void linesReachAReaderExactlyAndACreatedFifoIsRemoved() throws Exception {
        Path path = dir.resolve("vrrp.fifo");
        NotifyFifo fifo = NotifyFifo.open(path, null, null, runner, ScriptRunner.Listener.IGNORE);
        try {
            assertTrue(Files.exists(path));
            List<String> read = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    for (int i = 0; i < 3; i++) {
                        read.add(r.readLine());
                    }
                } catch (IOException e) {
                    read.add("error " + e);
                }
            });
            reader.start();
            fifo.write(NotifyMessages.fifoLine(Subject.GROUP, "G1", NotifyEvent.BACKUP, 0));
            fifo.write(NotifyMessages.fifoLine(Subject.INSTANCE, "VI_1", NotifyEvent.BACKUP, 150));
            fifo.write(NotifyMessages.fifoLine(Subject.INSTANCE, "VI_1", NotifyEvent.MASTER, 150));
            reader.join(TimeUnit.SECONDS.toMillis(20));
            assertEquals(List.of("GROUP \"G1\" BACKUP 0", "INSTANCE \"VI_1\" BACKUP 150",
                    "INSTANCE \"VI_1\" MASTER 150"), read);
        } finally {
            fifo.close();
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void aMissingReaderNeverStallsTheWriter() throws Exception {
        Path path = dir.resolve("nobody.fifo");
        NotifyFifo fifo = NotifyFifo.open(path, null, null, runner, ScriptRunner.Listener.IGNORE, 16);
        try {
            String line = NotifyMessages.fifoLine(Subject.INSTANCE, "VI_1", NotifyEvent.MASTER, 150);
            // 64 KiB of pipe + 16 queued lines hold about 2,500 lines; 20,000 must be partly dropped, not block.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 20_000; i++) {
                    fifo.write(line);
                }
            });
            assertTrue(fifo.droppedLines() > 0);
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(20), fifo::close);
        }
    }

    @Test
    void theFifoScriptGetsThePathAsItsLastArgumentAndReadsTheLines() throws Exception {
        Path path = dir.resolve("s.fifo");
        Path args = dir.resolve("args.txt");
        Path out = dir.resolve("out.txt");
        Path script = dir.resolve("reader.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + args + "'\n"
                + "while read -r l; do printf '%s\\n' \"$l\" >> '" + out + "'; done < \"$2\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        NotifyFifo fifo = NotifyFifo.open(path, List.of(script.toString(), "first"), null, runner,
                ScriptRunner.Listener.IGNORE);
        try {
            fifo.write(NotifyMessages.fifoLine(Subject.INSTANCE, "VI_1", NotifyEvent.FAULT, 100));
            Loops.runUntil(loop, () -> lines(out).size() == 1);
            assertEquals(List.of("INSTANCE \"VI_1\" FAULT 100"), lines(out));
            assertEquals(List.of("first", path.toString()), Files.readAllLines(args));
        } finally {
            fifo.close();
        }
        Loops.runUntil(loop, () -> fifo.script().isDone());
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
