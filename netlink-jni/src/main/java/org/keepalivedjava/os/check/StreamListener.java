package org.keepalivedjava.os.check;

/**
 * What a checker state machine hears from its {@link StreamConnection}, on the loop thread. Each call gets the
 * loop's clock for the iteration ({@code nowNs}), so the checker never reads a clock itself.
 */
public interface StreamListener {

    /** The connection is established (for TLS: the handshake is complete); reading and writing may start. */
    void onConnected(StreamConnection connection, long nowNs);

    /**
     * The connect (or TLS handshake) failed; the connection is already closed. {@code failure} names the cause,
     * e.g. ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT from the kernel, or the TLS alert.
     */
    void onConnectFailed(StreamConnection connection, SocketFailure failure, long nowNs);

    /** Something to read, an end of stream, or an error to collect: call {@code read} until WOULD_BLOCK. */
    void onReadable(StreamConnection connection, long nowNs);

    /** Room to write again (only while {@code wantWritable(true)}). */
    void onWritable(StreamConnection connection, long nowNs);
}
