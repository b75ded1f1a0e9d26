package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StartGateTest {
    private static StartGate.Verdict verdictOf(String input) {
        return StartGate.await(new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void goLineOpensTheGate() {
        assertEquals(StartGate.Verdict.GO, verdictOf("go\n"));
        assertEquals(StartGate.Verdict.GO, verdictOf("go\nignored after"));
    }

    @Test
    void endOfFileOrAnythingElseAborts() {
        assertEquals(StartGate.Verdict.ABORT, verdictOf(""), "parent closed the pipe, or died");
        assertEquals(StartGate.Verdict.ABORT, verdictOf("go"), "no complete line: the parent died while writing");
        assertEquals(StartGate.Verdict.ABORT, verdictOf("stop\n"));
        assertEquals(StartGate.Verdict.ABORT, verdictOf("GO\n"));
        assertEquals(StartGate.Verdict.ABORT, verdictOf("go \n"));
        assertEquals(StartGate.Verdict.ABORT, verdictOf("x".repeat(100000)), "a runaway line is not read to its end");
    }

    @Test
    void readErrorAborts() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("EIO");
            }
        };
        assertEquals(StartGate.Verdict.ABORT, StartGate.await(broken));
    }

    @Test
    void parentSideWritesWhatTheChildSideAccepts() throws IOException {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        boolean[] closed = {false};
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                pipe.write(b);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        StartGate.go(out);
        assertTrue(closed[0], "go closes the pipe: the child never reads it again");
        assertEquals(StartGate.Verdict.GO, StartGate.await(new ByteArrayInputStream(pipe.toByteArray())));
    }

    @Test
    void abortOnlyCloses() {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        StartGate.abort(pipe);
        assertEquals(StartGate.Verdict.ABORT, StartGate.await(new ByteArrayInputStream(pipe.toByteArray())));
        StartGate.abort(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("EPIPE");
            }

            @Override
            public void close() throws IOException {
                throw new IOException("EPIPE");
            }
        }); // a child already gone: no exception
    }

    @Test
    void goToAGoneChildThrows() {
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        assertThrows(IOException.class, () -> StartGate.go(gone));
    }

    @Test
    void onlyThePrespawnedChildWaits() {
        assertTrue(StartGate.requested(Map.of(StartGate.ENV, "stdin")::get));
        assertFalse(StartGate.requested(Map.<String, String>of()::get));
        assertFalse(StartGate.requested(Map.of(StartGate.ENV, "yes")::get));
    }
}
