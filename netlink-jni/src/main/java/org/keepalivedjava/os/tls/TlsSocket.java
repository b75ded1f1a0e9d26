package org.keepalivedjava.os.tls;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import org.keepalivedjava.os.check.BindOptions;
import org.keepalivedjava.os.check.CheckSockets;
import org.keepalivedjava.os.check.IoResult;
import org.keepalivedjava.os.check.SocketFailure;
import org.keepalivedjava.os.check.StreamConnection;
import org.keepalivedjava.os.check.StreamListener;
import org.keepalivedjava.os.check.TcpSocket;

/**
 * A TLS client connection over a non-blocking {@link TcpSocket}, driven by loop readiness. It IS a TcpSocket:
 * {@link StreamListener#onConnected} comes after the TLS handshake, {@code read}/{@code write} carry plaintext,
 * {@link StreamListener#onConnectFailed} reports a TCP or handshake failure. Reusable across checks, like the
 * TCP socket under it. Loop thread only.
 *
 * <p>How the engine is driven: the handshake loops on {@link SSLEngine#getHandshakeStatus()} — NEED_WRAP wraps
 * into {@code netOut} and writes it out, NEED_UNWRAP reads ciphertext into {@code netIn} until the engine has a
 * whole record (BUFFER_UNDERFLOW = wait for the next onReadable), NEED_TASK runs the engine's delegated tasks
 * inline (a few ms of CPU for key exchange and certificate checks: no blocking IO, and a checker child has no
 * other thread to give them to). Buffers start at the session's sizes, grow on BUFFER_OVERFLOW /
 * BUFFER_UNDERFLOW-with-a-full-buffer, and are dropped at {@link #close()} (idle SSL checkers hold none).
 *
 * <p>Failures: every SSLEngine exception becomes a {@link SocketFailure} ("TLS handshake: ..."/"TLS: ...");
 * nothing escapes to the loop. A peer that closes without close_notify reads as EOF (as keepalived, which accepts
 * the end of an HTTP/1.0 body either way); a received close_notify is EOF too.
 */
public final class TlsSocket implements TcpSocket {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Bound on engine steps per call: a confused engine must not spin the loop. */
    private static final int MAX_STEPS = 1000;

    private final SSLContext context;
    private final StreamListener listener;
    private final TcpSocket tcp;

    private String serverName;
    private SSLEngine engine;
    /** Ciphertext received, not yet unwrapped: [0, position) (fill mode). */
    private ByteBuffer netIn;
    /** Ciphertext wrapped, not yet written: [0, position) (fill mode). */
    private ByteBuffer netOut;
    /** Plaintext unwrapped, not yet read by the caller: [0, position) (fill mode). */
    private ByteBuffer appIn;
    private boolean handshaking;
    private boolean upperWantsWritable;
    private SocketFailure failure;
    /** Bumped by every connect and close, so a callback that closed the socket stops the dispatch. */
    private int epoch;

    /**
     * @param sockets where the TCP socket comes from (the real ones, or a fake in tests)
     * @param context the TLS configuration ({@link TlsContexts}); one per configuration, shared by all checkers
     */
    public TlsSocket(CheckSockets sockets, SSLContext context, StreamListener listener) {
        this.context = context;
        this.listener = listener;
        this.tcp = sockets.newTcp(new Lower());
    }

    /**
     * The server name to send as SNI (RFC 6066 §3) from the next connect on; null for none (the default).
     * @throws IllegalArgumentException if it is not a valid DNS host name (e.g. has spaces or an empty label)
     */
    public void serverName(String name) {
        if (name != null) {
            new SNIHostName(name); // validates now, where the config is, not in the middle of a check
        }
        this.serverName = name;
    }

    @Override
    public void connect(InetSocketAddress remote, BindOptions bind) {
        if (tcp.isOpen()) {
            throw new IllegalStateException("TLS socket still open: close it before connecting again");
        }
        epoch++;
        failure = null;
        engine = null;
        handshaking = false;
        upperWantsWritable = false;
        tcp.connect(remote, bind);
    }

    /** The TCP connection is up: start the handshake. */
    private void onTcpConnected(long nowNs) {
        try {
            engine = context.createSSLEngine();
            engine.setUseClientMode(true);
            if (serverName != null) {
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                engine.setSSLParameters(parameters);
            }
            int packetBytes = engine.getSession().getPacketBufferSize();
            netIn = ByteBuffer.allocate(packetBytes);
            netOut = ByteBuffer.allocate(packetBytes);
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            engine.beginHandshake();
            handshaking = true;
        } catch (SSLException | RuntimeException e) {
            failHandshake(SocketFailure.of("TLS handshake: " + e.getMessage()), nowNs);
            return;
        }
        advanceHandshake(nowNs);
    }

    /** Runs the handshake as far as the socket allows; ends in onConnected, onConnectFailed or a wait. */
    private void advanceHandshake(long nowNs) {
        try {
            for (int step = 0; step < MAX_STEPS; step++) {
                if (!flush()) {
                    return; // onWritable resumes
                }
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP:
                        wrap(EMPTY);
                        break;
                    case NEED_UNWRAP:
                    case NEED_UNWRAP_AGAIN:
                        if (!unwrapOrRead()) {
                            return; // onReadable resumes, or the handshake already failed
                        }
                        break;
                    case NEED_TASK:
                        runTasks();
                        break;
                    default: // FINISHED, NOT_HANDSHAKING
                        if (engine.isOutboundDone() || engine.isInboundDone()) {
                            failHandshake(SocketFailure.of("TLS handshake: the peer closed the TLS session"), nowNs);
                            return;
                        }
                        handshaking = false;
                        int myEpoch = epoch;
                        listener.onConnected(this, nowNs);
                        if (myEpoch == epoch && netIn.position() > 0) {
                            // Application data arrived with the last handshake record: it is already out of the
                            // kernel, so no EPOLLIN will announce it.
                            listener.onReadable(this, nowNs);
                        }
                        return;
                }
            }
            failHandshake(SocketFailure.of("TLS handshake: no progress after " + MAX_STEPS + " engine steps"), nowNs);
        } catch (SSLException | RuntimeException e) {
            failHandshake(SocketFailure.of("TLS handshake: " + e.getMessage()), nowNs);
        } catch (PeerGone e) {
            failHandshake(e.failure, nowNs);
        }
    }

    /** The peer closed or the socket failed mid-handshake (carries the failure out of the helpers). */
    private static final class PeerGone extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SocketFailure failure;

        PeerGone(SocketFailure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }
    }

    /**
     * One unwrap during the handshake; on BUFFER_UNDERFLOW reads more ciphertext.
     * @return false when the caller must wait for the socket
     */
    private boolean unwrapOrRead() throws SSLException, PeerGone {
        SSLEngineResult result = unwrap();
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
            int n = readCiphertext();
            if (n == IoResult.WOULD_BLOCK) {
                return false;
            }
            if (n == IoResult.EOF) {
                throw new PeerGone(SocketFailure.of("TLS handshake: the peer closed the connection"));
            }
            if (n == IoResult.FAILED) {
                throw new PeerGone(tcp.failure().prefixed("TLS handshake: "));
            }
        } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new PeerGone(SocketFailure.of("TLS handshake: the peer closed the TLS session"));
        }
        return true;
    }

    private SSLEngineResult unwrap() throws SSLException {
        while (true) {
            netIn.flip();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return result;
            }
            appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
        }
    }

    /** Reads ciphertext into netIn (grown first if a record does not fit). */
    private int readCiphertext() {
        if (!netIn.hasRemaining()) {
            netIn = grow(netIn, engine.getSession().getPacketBufferSize());
        }
        return tcp.read(netIn);
    }

    private void wrap(ByteBuffer src) throws SSLException {
        while (true) {
            SSLEngineResult result = engine.wrap(src, netOut);
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return;
            }
            netOut = grow(netOut, engine.getSession().getPacketBufferSize());
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /**
     * Writes pending ciphertext.
     * @return true when nothing is pending any more
     * @throws PeerGone when the socket failed
     */
    private boolean flush() throws PeerGone {
        if (netOut.position() == 0) {
            updateLowerInterest();
            return true;
        }
        netOut.flip();
        int n;
        try {
            n = tcp.write(netOut);
        } finally {
            netOut.compact();
        }
        if (n == IoResult.FAILED) {
            throw new PeerGone(tcp.failure().prefixed("TLS: "));
        }
        updateLowerInterest();
        return netOut.position() == 0;
    }

    /** The TCP socket must report writability while ciphertext waits or the caller wants to write. */
    private void updateLowerInterest() {
        if (tcp.isOpen()) {
            tcp.wantWritable(netOut.position() > 0 || (!handshaking && upperWantsWritable));
        }
    }

    private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity() * 2));
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }

    private void failHandshake(SocketFailure why, long nowNs) {
        failure = why;
        release();
        listener.onConnectFailed(this, why, nowNs);
    }

    // ------------------------------------------------------------------ StreamConnection (after the handshake)

    @Override
    public int read(ByteBuffer dst) {
        if (engine == null || handshaking || !tcp.isOpen() || failure != null) {
            return notReady();
        }
        try {
            for (int step = 0; step < MAX_STEPS; step++) {
                if (appIn.position() > 0) {
                    return drainPlaintext(dst);
                }
                if (engine.isInboundDone()) {
                    return IoResult.EOF; // close_notify received
                }
                SSLEngineResult result = unwrap();
                switch (result.getStatus()) {
                    case CLOSED:
                        return appIn.position() > 0 ? drainPlaintext(dst) : IoResult.EOF;
                    case BUFFER_UNDERFLOW: {
                        int n = readCiphertext();
                        if (n == IoResult.FAILED) {
                            failure = tcp.failure().prefixed("TLS: ");
                            return IoResult.FAILED;
                        }
                        if (n < 0) {
                            return n; // WOULD_BLOCK, or EOF without close_notify (tolerated, see class doc)
                        }
                        break;
                    }
                    default: // OK: a record was consumed (data, or a post-handshake message such as a ticket)
                        serviceEngine();
                        break;
                }
            }
            failure = SocketFailure.of("TLS: no progress after " + MAX_STEPS + " engine steps");
            return IoResult.FAILED;
        } catch (SSLException | RuntimeException e) {
            failure = SocketFailure.of("TLS: " + e.getMessage());
            return IoResult.FAILED;
        } catch (PeerGone e) {
            failure = e.failure;
            return IoResult.FAILED;
        }
    }

    /** Post-handshake work the engine asks for (TLS 1.3 key update replies, delegated tasks). */
    private void serviceEngine() throws SSLException, PeerGone {
        SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
        for (int i = 0; i < MAX_STEPS && (hs == SSLEngineResult.HandshakeStatus.NEED_TASK
                || hs == SSLEngineResult.HandshakeStatus.NEED_WRAP); i++) {
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            } else {
                wrap(EMPTY);
                flush();
            }
            hs = engine.getHandshakeStatus();
        }
    }

    private int drainPlaintext(ByteBuffer dst) {
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        appIn.compact();
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        if (engine == null || handshaking || !tcp.isOpen() || failure != null) {
            return notReady();
        }
        try {
            if (!flush()) {
                return IoResult.WOULD_BLOCK;
            }
            int before = src.position();
            wrap(src);
            flush(); // what does not go now goes on the next onWritable (interest updated by flush)
            return src.position() - before;
        } catch (SSLException | RuntimeException e) {
            failure = SocketFailure.of("TLS: " + e.getMessage());
            return IoResult.FAILED;
        } catch (PeerGone e) {
            failure = e.failure;
            return IoResult.FAILED;
        }
    }

    private int notReady() {
        if (failure == null) {
            failure = SocketFailure.of("TLS connection is not established");
        }
        return IoResult.FAILED;
    }

    @Override
    public void wantWritable(boolean wanted) {
        upperWantsWritable = wanted;
        if (netOut != null) {
            updateLowerInterest();
        }
    }

    @Override
    public SocketFailure failure() {
        return failure;
    }

    /** Sends close_notify if the session is up (best effort, one write) and closes the TCP socket. */
    @Override
    public void close() {
        if (engine != null && !handshaking && tcp.isOpen()) {
            try {
                engine.closeOutbound();
                wrap(EMPTY);
                flush();
            } catch (SSLException | RuntimeException | PeerGone ignored) {
                // closing anyway: the peer sees a TCP FIN without close_notify
            }
        }
        release();
    }

    private void release() {
        epoch++;
        tcp.close();
        engine = null;
        netIn = null;
        netOut = null;
        appIn = null;
        handshaking = false;
    }

    @Override
    public boolean isOpen() {
        return tcp.isOpen();
    }

    /** Events of the TCP socket, routed to the handshake or to the caller. */
    private final class Lower implements StreamListener {
        @Override
        public void onConnected(StreamConnection c, long nowNs) {
            onTcpConnected(nowNs);
        }

        @Override
        public void onConnectFailed(StreamConnection c, SocketFailure why, long nowNs) {
            failure = why;
            listener.onConnectFailed(TlsSocket.this, why, nowNs);
        }

        @Override
        public void onReadable(StreamConnection c, long nowNs) {
            if (handshaking) {
                advanceHandshake(nowNs);
            } else if (engine != null) {
                listener.onReadable(TlsSocket.this, nowNs);
            }
        }

        @Override
        public void onWritable(StreamConnection c, long nowNs) {
            if (handshaking) {
                advanceHandshake(nowNs);
                return;
            }
            if (engine == null) {
                return;
            }
            try {
                if (!flush()) {
                    return;
                }
            } catch (PeerGone e) {
                failure = e.failure;
                listener.onReadable(TlsSocket.this, nowNs); // the caller's next read reports FAILED
                return;
            }
            if (upperWantsWritable) {
                listener.onWritable(TlsSocket.this, nowNs);
            }
        }
    }
}
