package org.keepalivedjava.checkers.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * keepalived's {@code lvs_notify_fifo} / {@code notify_fifo} for the checker child: lines such as
 * {@code RS [192.0.2.10]:tcp:8080 [192.0.2.1]:tcp:80 DOWN}. The FIFO is created if missing ({@code mkfifo -m 0644},
 * removed again at close), opened read-write (which never waits for a reader, as keepalived does) and written by
 * one writer thread from a bounded queue, so {@link #accept} never blocks the loop: when the reader is gone and
 * the pipe and the queue are full, lines are dropped. (The VRRP child has its own NotifyFifo; the two should merge
 * into the core module.) Threading: {@link #accept} from the loop thread.
 */
public final class FifoWriter implements Consumer<String>, AutoCloseable {
    private static final ByteBuffer POISON = ByteBuffer.allocate(0);

    private final Path path;
    private final boolean created;
    private final FileChannel channel;
    private final BlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(1024);
    private final Thread writer;
    private long dropped;

    private FifoWriter(Path path, boolean created, FileChannel channel) {
        this.path = path;
        this.created = created;
        this.channel = channel;
        this.writer = new Thread(this::writeLoop, "lvs-notify-fifo");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Creates (if needed) and opens the FIFO. */
    public static FifoWriter open(Path path) throws IOException {
        boolean created = false;
        if (!Files.exists(path)) {
            try {
                Process p = new ProcessBuilder("mkfifo", "-m", "0644", path.toString()).inheritIO().start();
                if (p.waitFor() != 0) {
                    throw new IOException("mkfifo " + path + " failed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted creating " + path, e);
            }
            created = true;
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new FifoWriter(path, created, channel);
    }

    public Path path() {
        return path;
    }

    /** Queues {@code line} plus a newline; drops it when the queue is full. */
    @Override
    public void accept(String line) {
        if (!queue.offer(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)))) {
            dropped++;
        }
    }

    public long droppedLines() {
        return dropped;
    }

    private void writeLoop() {
        try {
            while (true) {
                ByteBuffer b = queue.take();
                if (b == POISON) {
                    return;
                }
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        } catch (InterruptedException | IOException e) {
            // closing, or the FIFO became unusable: the lines are best effort, as in keepalived
        }
    }

    @Override
    public void close() {
        queue.clear();
        queue.offer(POISON);
        try {
            writer.join(1000);
            channel.close();
            if (created) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // nothing useful to do at shutdown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
