package org.keepalivedjava.config.lex;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.keepalivedjava.config.Location;

/**
 * The configuration the parent validated, as the children must run it: the logical {@link Line}s of phase 1
 * (main file and includes read, comments, {@code @ID}, parameters, {@code ~SEQ} and {@code ${_RANDOM}} resolved),
 * each with the operator's file name and line. The parent writes it to a file (0600) in its private runtime
 * directory and names it in the children's environment ({@value #ENV}); a child builds its configuration from
 * these lines and never reads the operator's files itself, so a file edited (or made unreadable) after the
 * parent's validation cannot give a child a configuration nobody validated, and all three processes run one
 * configuration (keepalived hands its children the text it read in a memfd for the same reason).
 *
 * <p>Encoding: magic, line count, then per line the file name, line number, text and words (strings as a length
 * and UTF-8 bytes). Pure {@link #encode}/{@link #decode}; {@link #write}/{@link #read} do the file IO.
 */
public record ConfigSnapshot(List<Line> lines) {
    /** The environment variable naming the snapshot file in a child. */
    public static final String ENV = "KEEPALIVED_JAVA_CONFIG_SNAPSHOT";
    /** The snapshot's file name in the parent's runtime directory. */
    public static final String FILE_NAME = "config.snapshot";

    private static final int MAGIC = 0x4b4a4331; // "KJC1"
    /** Far above any real configuration; bounds what a corrupt file can make us allocate. */
    private static final int MAX_STRING_BYTES = 1 << 20;
    private static final int MAX_LINES = 10_000_000;

    public ConfigSnapshot {
        lines = List.copyOf(lines);
    }

    /** The snapshot file a child was handed, if it was started by a parent that hands one. */
    public static Optional<Path> fromEnvironment(Function<String, String> environment) {
        String value = environment.apply(ENV);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(lines.size());
            for (Line line : lines) {
                writeString(out, line.location().file());
                out.writeInt(line.location().line());
                writeString(out, line.text());
                out.writeInt(line.words().size());
                for (String word : line.words()) {
                    writeString(out, word);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when {@code data} is not a snapshot this version wrote */
    public static ConfigSnapshot decode(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a configuration snapshot");
            }
            int count = in.readInt();
            if (count < 0 || count > MAX_LINES) {
                throw new IOException("corrupt configuration snapshot (line count " + count + ")");
            }
            List<Line> lines = new ArrayList<>(Math.min(count, 65536));
            for (int i = 0; i < count; i++) {
                String file = readString(in);
                int lineNo = in.readInt();
                String text = readString(in);
                int wordCount = in.readInt();
                if (wordCount < 1 || wordCount > MAX_STRING_BYTES) {
                    throw new IOException("corrupt configuration snapshot (word count " + wordCount + ")");
                }
                List<String> words = new ArrayList<>(Math.min(wordCount, 1024));
                for (int w = 0; w < wordCount; w++) {
                    words.add(readString(in));
                }
                lines.add(new Line(new Location(file, lineNo), words, text));
            }
            if (in.read() != -1) {
                throw new IOException("corrupt configuration snapshot (trailing bytes)");
            }
            return new ConfigSnapshot(lines);
        } catch (EOFException e) {
            throw new IOException("truncated configuration snapshot");
        }
    }

    /**
     * Writes the snapshot to {@code file}, mode 0600, atomically (a temporary file in the same directory renamed
     * over it): a child reading it at a respawn or a reload sees the old or the new snapshot, never half of one.
     */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, FILE_NAME, ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, encode());
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static ConfigSnapshot read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new IOException("corrupt configuration snapshot (string length " + length + ")");
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
