package org.keepalivedjava.os.check;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test listener that records events, writes {@code request} once connected and reads everything until EOF or a
 * failure. Its read buffer is deliberately tiny, so replies arrive in many reads.
 */
class RecordingStreamListener implements StreamListener {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    SocketFailure failure;
    boolean done;
    private final ByteBuffer request;
    private final ByteBuffer in = ByteBuffer.allocate(7);

    RecordingStreamListener(String request) {
        this.request = request == null ? null : ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    }

    String text() {
        return received.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void onConnected(StreamConnection c, long nowNs) {
        events.add("connected");
        if (request != null) {
            onWritable(c, nowNs);
        }
    }

    @Override
    public void onConnectFailed(StreamConnection c, SocketFailure f, long nowNs) {
        events.add("connect failed");
        failure = f;
        done = true;
    }

    @Override
    public void onReadable(StreamConnection c, long nowNs) {
        while (true) {
            in.clear();
            int n = c.read(in);
            if (n > 0) {
                received.write(in.array(), 0, n);
            } else if (n == IoResult.WOULD_BLOCK) {
                return;
            } else {
                events.add(IoResult.describe(n));
                failure = c.failure();
                c.close();
                done = true;
                return;
            }
        }
    }

    @Override
    public void onWritable(StreamConnection c, long nowNs) {
        while (request.hasRemaining()) {
            int n = c.write(request);
            if (n == IoResult.WOULD_BLOCK || n == 0) {
                c.wantWritable(true);
                return;
            }
            if (n < 0) {
                events.add("write " + IoResult.describe(n));
                failure = c.failure();
                c.close();
                done = true;
                return;
            }
        }
        c.wantWritable(false);
        events.add("request sent");
    }
}
