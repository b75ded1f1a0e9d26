package org.keepalivedjava.parent.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The CLI's end of the control socket ({@code keepalived-java --status} etc.): connects, sends one request, reads
 * the answer to end of stream, all within a deadline (a stuck daemon never hangs the command). Uses the JDK's own
 * Unix-domain channels: the CLI runs no event loop and needs no credentials check of its peer (the socket lives in
 * a root-only directory).
 */
public final class ControlClient {
    /** The daemon's answer. */
    public record Response(boolean ok, String body) {
    }

    /** The socket cannot be reached (no daemon, no permission): the message says which. */
    public static final class UnreachableException extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean permissionDenied;

        UnreachableException(String message, boolean permissionDenied) {
            super(message);
            this.permissionDenied = permissionDenied;
        }

        /** The socket exists but we may not use it (EACCES): not root. */
        public boolean permissionDenied() {
            return permissionDenied;
        }
    }

    private ControlClient() {
    }

    /**
     * @param timeoutMs for the whole exchange; a {@code stop} waits for the daemon's exit, so give it
     *                  child_wait_time and more
     */
    public static Response send(Path socket, ControlProtocol.Request request, long timeoutMs) throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new UnreachableException("cannot create a Unix socket: " + e.getMessage(), false);
        }
        try (channel; Selector selector = Selector.open()) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                boolean denied = e instanceof java.nio.file.AccessDeniedException
                        || String.valueOf(e.getMessage()).contains("Permission denied");
                throw new UnreachableException("cannot connect to the control socket " + socket + ": "
                        + e.getMessage() + (denied ? " (the control socket is for root only)"
                        : " (is keepalived-java running?)"), denied);
            }
            channel.configureBlocking(false);
            long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
            ByteBuffer out = ByteBuffer.wrap(request.line().getBytes(StandardCharsets.UTF_8));
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (true) {
                long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) {
                    throw new IOException("no complete answer from " + socket + " within " + timeoutMs + " ms");
                }
                selector.select(leftMs);
                if (out.hasRemaining() && key.isWritable()) {
                    channel.write(out);
                    if (!out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isReadable()) {
                    in.clear();
                    int n;
                    try {
                        n = channel.read(in);
                    } catch (IOException e) {
                        n = -1; // reset by the daemon as it exits: what arrived is the answer
                    }
                    if (n < 0) {
                        break;
                    }
                    answer.write(in.array(), 0, n);
                }
                selector.selectedKeys().clear();
            }
            return parse(answer.toString(StandardCharsets.UTF_8));
        }
    }

    static Response parse(String text) throws IOException {
        int nl = text.indexOf('\n');
        String status = nl < 0 ? text : text.substring(0, nl);
        String body = nl < 0 ? "" : text.substring(nl + 1);
        if (status.equals("OK")) {
            return new Response(true, body);
        }
        if (status.equals("ERROR")) {
            return new Response(false, body);
        }
        throw new IOException("not a control socket answer: '" + (status.length() > 40 ? status.substring(0, 40) : status) + "'");
    }
}
