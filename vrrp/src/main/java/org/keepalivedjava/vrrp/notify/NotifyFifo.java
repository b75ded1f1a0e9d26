package org.keepalivedjava.vrrp.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedjava.os.proc.RunAs;

/**
 * keepalived's notify FIFO ({@code notify_fifo} / {@code vrrp_notify_fifo}): state lines such as
 * {@code INSTANCE "VI_1" MASTER 150\n} ({@link NotifyMessages#fifoLine}) written for a reader process.
 *
 * <p>As keepalived (notify.c fifo_open): the FIFO is created (mode 0644) if missing, the optional
 * {@code *_notify_fifo_script} is started with the FIFO path as its LAST argument, then the FIFO is opened
 * read-write, which never waits for a reader. keepalived opens it O_NONBLOCK and silently drops a line that does
 * not fit; Java cannot open a FIFO non-blocking, so a writer thread does the (possibly blocking) writes from a
 * bounded queue and {@link #write} never blocks: when the reader is gone and the pipe and the queue are full, lines
 * are dropped and counted ({@link #droppedLines()}). A FIFO this object created is removed by {@link #close()}.
 *
 * <p>Threading: {@link #write} from the loop thread (any thread is safe); one writer thread per FIFO.
 */
public final class NotifyFifo implements AutoCloseable {
    public static final int DEFAULT_QUEUE_LINES = 1024;
    private static final ByteBuffer POISON = ByteBuffer.allocate(0);

    private final Path path;
    private final boolean created;
    private final FileChannel channel;
    private final BlockingQueue<ByteBuffer> lines;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private ScriptRunner.Handle script;
    private volatile boolean closed;

    private NotifyFifo(Path path, boolean created, FileChannel channel, int queueLines) {
        this.path = path;
        this.created = created;
        this.channel = channel;
        this.lines = new ArrayBlockingQueue<>(queueLines);
        this.writer = new Thread(this::writeLoop, "notify-fifo " + path);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Creates the FIFO if needed, starts {@code scriptArgv} (may be null) with the path appended, and opens it.
     * Loop thread (the script is started through {@code runner}).
     *
     * @throws IOException when the FIFO cannot be created or opened (keepalived logs it and runs without)
     */
    public static NotifyFifo open(Path path, List<String> scriptArgv, RunAs scriptUser, ScriptRunner runner,
                                  ScriptRunner.Listener scriptListener) throws IOException {
        return open(path, scriptArgv, scriptUser, runner, scriptListener, DEFAULT_QUEUE_LINES);
    }

    public static NotifyFifo open(Path path, List<String> scriptArgv, RunAs scriptUser, ScriptRunner runner,
                                  ScriptRunner.Listener scriptListener, int queueLines) throws IOException {
        boolean created = false;
        if (!Files.exists(path)) {
            mkfifo(path);
            created = true;
        }
        ScriptRunner.Handle handle = null;
        if (scriptArgv != null && !scriptArgv.isEmpty()) {
            List<String> argv = new ArrayList<>(scriptArgv);
            argv.add(path.toString());
            handle = runner.run(argv, scriptUser, 0, scriptListener);
        }
        FileChannel channel;
        try {
            // O_RDWR: opening a FIFO read-write returns at once even with no reader (fifo(7)).
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            if (created) {
                Files.deleteIfExists(path);
            }
            if (handle != null) {
                handle.terminate();
            }
            throw e;
        }
        NotifyFifo fifo = new NotifyFifo(path, created, channel, queueLines);
        fifo.script = handle;
        return fifo;
    }

    /** mkfifo(3) through coreutils' mkfifo (no native call needed for a once-at-startup operation). */
    private static void mkfifo(Path path) throws IOException {
        Process p = new ProcessBuilder("mkfifo", "-m", "0644", path.toString())
                .redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("mkfifo " + path + ": " + new String(out, StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("mkfifo " + path + ": interrupted", e);
        }
    }

    public Path path() {
        return path;
    }

    /** The FIFO script, or null. */
    public ScriptRunner.Handle script() {
        return script;
    }

    /** Queues one line (see {@link NotifyMessages#fifoLine}); never blocks. @return false if it was dropped */
    public boolean write(String line) {
        if (closed || !lines.offer(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)))) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    public long droppedLines() {
        return dropped.get();
    }

    public long writtenLines() {
        return written.get();
    }

    private void writeLoop() {
        try {
            while (true) {
                ByteBuffer line = lines.take();
                if (line == POISON) {
                    return;
                }
                while (line.hasRemaining()) {
                    channel.write(line);
                }
                written.incrementAndGet();
            }
        } catch (InterruptedException | IOException e) {
            // closed: the channel is gone; remaining lines are dropped as keepalived drops unwritable ones
        }
    }

    /** Stops the writer (a writer blocked on a full pipe is interrupted), closes and removes a FIFO we created. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!lines.offer(POISON)) {
            writer.interrupt();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt(); // blocked in write(2) on a full pipe: interrupting closes the channel
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to flush to a FIFO
        }
        if (script != null) {
            script.terminate();
        }
        if (created) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort, as keepalived's unlink
            }
        }
    }
}
