package org.keepalivedjava.os.check;

import java.nio.ByteBuffer;

/**
 * A byte stream to a real server, as a checker state machine (HTTP_GET, SSL_GET, SMTP_CHECK, TCP_CHECK) sees
 * it: plain TCP ({@link TcpSocket}) or TLS over TCP (os.tls). Loop thread only.
 *
 * <p>Reads and writes never block and never throw for network events: they return a byte count or an
 * {@link IoResult} code. After {@link IoResult#FAILED}, {@link #failure()} says why and the connection should be
 * closed by its owner.
 */
public interface StreamConnection {

    /**
     * Reads what is available into {@code dst} (from its position to its limit), advancing its position.
     * @return bytes read (&gt; 0), {@link IoResult#WOULD_BLOCK} (wait for {@link StreamListener#onReadable}),
     *         {@link IoResult#EOF} or {@link IoResult#FAILED}; 0 only when {@code dst} has no room
     */
    int read(ByteBuffer dst);

    /**
     * Writes as much of {@code src} (position to limit) as the socket takes now, advancing its position.
     * @return bytes taken (&gt;= 0, may be short: ask {@link #wantWritable} to hear when to go on),
     *         {@link IoResult#WOULD_BLOCK} or {@link IoResult#FAILED}
     */
    int write(ByteBuffer src);

    /** Asks for (or stops asking for) {@link StreamListener#onWritable} calls; off after each connect. */
    void wantWritable(boolean wanted);

    /** The reason of the last {@link IoResult#FAILED} or failed connect; null if none. */
    SocketFailure failure();

    /** Releases the socket (unregisters and closes the fd); harmless when already closed. */
    void close();

    /** True from connect until close (or a failure that closed it). */
    boolean isOpen();
}
