package org.keepalivedjava.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.keepalivedjava.checkers.check.impl.HttpResponseReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HTTP_GET reply through the checker's reply reader (status line, headers, body), with and without the
 * MD5 digest keepalived's {@code digest} keyword asks for: the per-check CPU of an HTTP_GET beyond the sockets.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpReplyBenchmark {
    @Param({"128", "16384"})
    public int bodyBytes;

    private final HttpResponseReader reader = new HttpResponseReader();
    private ByteBuffer reply;

    @Setup
    public void setUp() {
        byte[] body = new byte[bodyBytes];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        byte[] head = ("HTTP/1.1 200 OK\r\nServer: bench\r\nContent-Type: text/html\r\nContent-Length: " + bodyBytes
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        reply = ByteBuffer.allocateDirect(head.length + body.length);
        reply.put(head).put(body).flip();
    }

    @Benchmark
    public int statusOnly() {
        reader.reset(false, false);
        reader.accept(reply.duplicate());
        return reader.statusCode();
    }

    @Benchmark
    public int withDigest() {
        reader.reset(true, false);
        reader.accept(reply.duplicate());
        return reader.statusCode();
    }
}
