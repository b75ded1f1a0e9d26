package org.keepalivedjava.checkers.check.impl;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.BindOptions;
import org.keepalivedjava.os.check.IoResult;
import org.keepalivedjava.os.check.SocketFailure;
import org.keepalivedjava.os.check.StreamConnection;
import org.keepalivedjava.os.check.StreamListener;
import org.keepalivedjava.os.check.TcpSocket;
import org.keepalivedjava.os.tls.TlsSocket;

/**
 * HTTP_GET and SSL_GET (keepalived check_http.c / check_ssl.c). One URL per attempt: connect (and TLS handshake),
 * send keepalived's GET request, read the response to end of stream, then judge it: status code in the url's ranges,
 * MD5 of the body equal to one of its digests, regex (no) match. A URL that passes moves on to the next URL after
 * delay_loop (as keepalived); when the last one passes the checker is up. A failing URL is retried after
 * delay_before_retry up to {@code retry} times, then the checker goes down and only that URL is checked (every
 * max(delay_loop, delay_before_retry)) until it passes again. {@code fast_recovery} skips the delay while the
 * checker has not run yet or is down without a known failing URL.
 *
 * <p>Loop thread only. Request bytes are built once per URL; the response reader (its header buffer, MD5 and regex
 * window: what must survive from one read to the next) is reused by every attempt; reads go into the loop's shared
 * buffer ({@link org.keepalivedjava.checkers.check.LoopBuffers}), emptied into the reader before each callback
 * returns.
 */
public final class HttpCheckFsm extends CheckFsm implements StreamListener {

    /** One attempt's states. */
    public enum State { IDLE, CONNECTING, SENDING, AWAITING_RESPONSE, READING }

    /** keepalived's epilog methods. */
    private enum Method { NEW, RETRY, FAILED }

    /** Receives what genhash prints; null in a checker. */
    public interface GenhashObserver {
        void onHeader(byte[] bytes, int length);

        void onBody(byte[] bytes, int offset, int length);

        /** The end: the digest, or null with keepalived's failure text (e.g. "Connection failed"). */
        void onDone(byte[] digest, String failure);
    }

    private static final int NO_URL = -1;

    private final CheckerConfig.HttpCheck http;
    private final InetSocketAddress remote;
    private final BindOptions bind;
    private final TcpSocket socket;
    private final TlsSocket tls;
    private final ByteBuffer[] requests;
    private final byte[][][] digests;
    private final Pattern[] patterns;
    private final HttpResponseReader reader = new HttpResponseReader();
    private final GenhashObserver genhash;

    private State state = State.IDLE;
    /** keepalived's url_it. */
    private int urlIndex;
    /** keepalived's failed_url, NO_URL when none. */
    private int failedUrl = NO_URL;

    public HttpCheckFsm(CheckerConfig.HttpCheck config, CheckContext context, CheckListener listener,
                        Checks.Target target) {
        this(config, context, listener, target, null);
    }

    public HttpCheckFsm(CheckerConfig.HttpCheck config, CheckContext context, CheckListener listener,
                        Checks.Target target, GenhashObserver genhash) {
        super(config, context, listener, target);
        this.http = config;
        this.genhash = genhash;
        this.remote = new InetSocketAddress(config.common().connectIp(), config.common().connectPort());
        this.bind = Binds.of(config.common());
        if (config.ssl()) {
            this.tls = new TlsSocket(context.sockets(), target.sslContext(), this);
            this.socket = tls;
        } else {
            this.tls = null;
            this.socket = context.sockets().newTcp(this);
        }
        List<CheckerConfig.Url> urls = config.urls();
        requests = new ByteBuffer[urls.size()];
        digests = new byte[urls.size()][][];
        patterns = new Pattern[urls.size()];
        for (int i = 0; i < urls.size(); i++) {
            CheckerConfig.Url u = urls.get(i);
            requests[i] = ByteBuffer.wrap(request(u.path(), u.virtualhost(), config.httpProtocol(), remote)
                    .getBytes(StandardCharsets.ISO_8859_1));
            digests[i] = new byte[u.digests().size()][];
            for (int d = 0; d < u.digests().size(); d++) {
                digests[i][d] = HexFormat.of().parseHex(u.digests().get(d));
            }
            patterns[i] = compile(u);
        }
    }

    /**
     * keepalived's GET request: {@code GET path HTTP/1.x}, {@code User-Agent: KeepAliveClient}, {@code Connection:
     * close} for 1.0C and 1.1, and {@code Host:} the virtualhost, else the address (IPv6 in brackets) and port.
     */
    public static String request(String path, String virtualhost, String protocol, InetSocketAddress remote) {
        String p = protocol == null ? "1.0" : protocol;
        StringBuilder s = new StringBuilder(96);
        s.append("GET ").append(path).append(" HTTP/1.").append("1.1".equals(p) ? 1 : 0).append("\r\n");
        s.append("User-Agent: KeepAliveClient\r\n");
        if ("1.0C".equalsIgnoreCase(p) || "1.1".equals(p)) {
            s.append("Connection: close\r\n");
        }
        s.append("Host: ");
        if (virtualhost != null) {
            s.append(virtualhost);
        } else {
            String host = Checks.addressText(remote.getAddress());
            if (remote.getAddress() instanceof Inet6Address) {
                s.append('[').append(host).append(']');
            } else {
                s.append(host);
            }
            s.append(':').append(remote.getPort());
        }
        s.append("\r\n\r\n");
        return s.toString();
    }

    private Pattern compile(CheckerConfig.Url u) {
        if (u.regex() == null) {
            return null;
        }
        int flags = 0;
        for (String option : u.regexOptions()) {
            switch (option) {
                case "caseless" -> flags |= Pattern.CASE_INSENSITIVE;
                case "multiline" -> flags |= Pattern.MULTILINE;
                case "dotall" -> flags |= Pattern.DOTALL;
                case "extended" -> flags |= Pattern.COMMENTS;
                default -> { } // PCRE2-only options (ungreedy, no_auto_capture...) have no java.util.regex twin
            }
        }
        try {
            return Pattern.compile(u.regex(), flags);
        } catch (PatternSyntaxException e) {
            log("Invalid regex: '" + u.regex() + "' at offset " + Math.max(0, e.getIndex()) + ": "
                    + e.getDescription());
            return null;
        }
    }

    public State state() {
        return state;
    }

    private void transitionTo(State next, long nowNs) {
        state = next;
        if (next != State.IDLE) {
            armStepDeadline(nowNs);
        }
    }

    // ------------------------------------------------------------------ attempt

    @Override
    protected void beginAttempt(long nowNs) {
        if (requests.length == 0 || urlIndex == NO_URL) {
            epilog(Method.NEW, nowNs); // keepalived: no url, the server is enabled without checking
            return;
        }
        CheckerConfig.Url url = http.urls().get(urlIndex);
        if (tls != null) {
            String sni = http.enableSni() ? url.virtualhost() : null;
            try {
                tls.serverName(sni);
            } catch (IllegalArgumentException e) {
                tls.serverName(null);
            }
        }
        reader.reset(true, patterns[urlIndex] != null);
        requests[urlIndex].rewind();
        transitionTo(State.CONNECTING, nowNs);
        socket.connect(remote, bind);
    }

    @Override
    public void onConnected(StreamConnection connection, long nowNs) {
        if (state != State.CONNECTING) {
            return;
        }
        transitionTo(State.SENDING, nowNs);
        send(nowNs);
    }

    @Override
    public void onConnectFailed(StreamConnection connection, SocketFailure failure, long nowNs) {
        if (state != State.CONNECTING) {
            return;
        }
        boolean tlsFailure = tls != null && failure.message().startsWith("TLS");
        timeoutEpilog(tlsFailure ? "SSL handshake/communication error connecting to" : "Connection failed", nowNs);
    }

    private void send(long nowNs) {
        ByteBuffer request = requests[urlIndex];
        int n = socket.write(request);
        if (n == IoResult.FAILED) {
            timeoutEpilog("Cannot send get request to", nowNs);
            return;
        }
        if (request.hasRemaining()) {
            socket.wantWritable(true);
            return;
        }
        socket.wantWritable(false);
        transitionTo(State.AWAITING_RESPONSE, nowNs);
    }

    @Override
    public void onWritable(StreamConnection connection, long nowNs) {
        if (state == State.SENDING) {
            send(nowNs);
        }
    }

    @Override
    public void onReadable(StreamConnection connection, long nowNs) {
        if (state != State.AWAITING_RESPONSE && state != State.READING) {
            return;
        }
        // the loop's shared read buffer: every byte read goes to this check's reader before returning
        ByteBuffer in = context.buffers().httpRead();
        while (true) {
            in.clear();
            int n = socket.read(in);
            if (n == IoResult.WOULD_BLOCK) {
                return;
            }
            if (n == IoResult.FAILED) {
                timeoutEpilog(tls != null ? "SSL read error from" : "Read error with", nowNs);
                return;
            }
            if (n == IoResult.EOF) {
                handleResponse(nowNs);
                return;
            }
            if (state == State.AWAITING_RESPONSE) {
                transitionTo(State.READING, nowNs);
            } else {
                armStepDeadline(nowNs); // keepalived re-arms the read timeout at every read
            }
            in.flip();
            boolean hadHeaders = reader.headersDone();
            int start = in.position();
            reader.accept(in);
            if (genhash != null) {
                observe(in, hadHeaders, start, n);
            }
            if (reader.headerOverflow()) {
                // keepalived's buffer is full without the end of the headers: its next read asks for 0 bytes,
                // which reads as the end of the stream, and the response has "no data"
                handleResponse(nowNs);
                return;
            }
        }
    }

    private void observe(ByteBuffer in, boolean hadHeaders, int start, int n) {
        if (!hadHeaders && reader.headersDone()) {
            genhash.onHeader(reader.headerBytes(), reader.headerLength());
            long bodyInChunk = reader.bodyBytes();
            genhash.onBody(in.array(), start + n - (int) bodyInChunk, (int) bodyInChunk);
        } else if (hadHeaders) {
            genhash.onBody(in.array(), start, n);
        }
    }

    @Override
    protected void onTimeout(long nowNs) {
        switch (state) {
            case CONNECTING -> timeoutEpilog("Timeout connecting", nowNs);
            case SENDING -> timeoutEpilog("Timeout WEB write", nowNs);
            case AWAITING_RESPONSE -> timeoutEpilog("Timeout WEB read", nowNs);
            case READING -> timeoutEpilog(tls != null ? "Timeout SSL read" : "Timeout HTTP read", nowNs);
            default -> { }
        }
    }

    @Override
    protected void abortAttempt() {
        state = State.IDLE;
        stepDeadline.cancel();
        socket.close();
    }

    // ------------------------------------------------------------------ judgement (http_handle_response)

    private void handleResponse(long nowNs) {
        byte[] digest = reader.digest();
        CheckerConfig.Url url = http.urls().get(urlIndex);
        if (genhash != null) {
            abortAttempt();
            if (!reader.headersDone()) {
                genhash.onDone(null, "no data received from remote webserver");
            } else {
                genhash.onDone(digest, null);
            }
            stop();
            return;
        }
        if (!reader.headersDone()) {
            timeoutEpilog("Read, no data received from ", nowNs);
            return;
        }
        if (!statusAccepted(url, reader.statusCode())) {
            timeoutEpilog("HTTP status code error to", nowNs);
            return;
        }
        if (reader.contentLength() >= 0 && reader.contentLength() != reader.bodyBytes()) {
            log("http_check for RS " + rsText + " VS " + target.virtualServer() + " url "
                    + (url.virtualhost() != null ? url.virtualhost() : "") + url.path() + ": content_length ("
                    + reader.contentLength() + ") does not match received bytes (" + reader.bodyBytes() + ")");
        }
        String msg = "HTTP status code";
        if (digests[urlIndex].length > 0) {
            if (!digestMatches(digests[urlIndex], digest)) {
                timeoutEpilog("MD5 digest error to", nowNs);
                return;
            }
            msg = "MD5 digest";
        }
        Pattern pattern = patterns[urlIndex];
        if (pattern != null) {
            if (regexMatched(url, pattern) == url.regexNoMatch()) {
                timeoutEpilog("Regex match failed", nowNs);
                return;
            }
            msg = "Regex match";
        }
        if (!up) {
            log(msg + " success to " + rsText + " url(" + url.path() + ")");
        }
        epilog(Method.NEW, nowNs);
    }

    private static boolean statusAccepted(CheckerConfig.Url url, int code) {
        for (CheckerConfig.StatusRange r : url.statusCodes()) {
            if (r.contains(code)) {
                return true;
            }
        }
        return false;
    }

    private static boolean digestMatches(byte[][] wanted, byte[] digest) {
        for (byte[] w : wanted) {
            if (java.util.Arrays.equals(w, digest)) {
                return true;
            }
        }
        return false;
    }

    /** A match must start at or after regex_min_offset and before regex_max_offset (0 = no limit). */
    private boolean regexMatched(CheckerConfig.Url url, Pattern pattern) {
        Latin1 body = new Latin1(reader.regexWindow(), reader.regexWindowLength());
        long min = Math.min(url.regexMinOffset(), body.length());
        Matcher m = pattern.matcher(body);
        m.region((int) min, body.length());
        if (!m.find()) {
            return false;
        }
        return url.regexMaxOffset() == 0 || m.start() < url.regexMaxOffset();
    }

    /** Body bytes as chars, one per byte, without a copy. */
    private record Latin1(byte[] bytes, int length) implements CharSequence {
        @Override
        public char charAt(int index) {
            return (char) (bytes[index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    // ------------------------------------------------------------------ epilogs (check_http.c)

    /** keepalived's timeout_epilog: a failed URL; retried while the checker is up or has not run. */
    private void timeoutEpilog(String debugMsg, long nowNs) {
        if (genhash != null) {
            abortAttempt();
            genhash.onDone(null, debugMsg);
            stop();
            return;
        }
        if (up || !hasRun) {
            if (logFailures()) {
                log(debugMsg + " server " + rsText + ".");
            }
            hasRun = true;
            epilog(Method.RETRY, nowNs);
            return;
        }
        epilog(Method.FAILED, nowNs); // already known to be down: no retry
    }

    private void epilog(Method method, long nowNs) {
        int urls = requests.length;
        if (method == Method.NEW) {
            urlIndex = urls == 0 || urlIndex == NO_URL || urlIndex + 1 >= urls ? NO_URL : urlIndex + 1;
            retryIt = 0;
        } else if (method == Method.RETRY) {
            retryIt++;
        }

        if (method == Method.NEW && urlIndex == NO_URL && failedUrl == NO_URL) {
            // every URL passed
            if (!up || !hasRun) {
                log("Remote Web server " + rsText + " succeed on service.");
                setVerdict(true, "=> CHECK succeed on service <=", nowNs);
                hasRun = true;
            }
            urlIndex = 0;
            retryIt = 0;
        } else if (method == Method.RETRY && retryIt > retry) {
            if (up || !hasRun) {
                log(hasRun && retry > 0
                        ? "HTTP_CHECK on service " + rsText + " failed after " + (retryIt - 1) + " retries."
                        : "HTTP_CHECK on service " + rsText + " failed.");
                setVerdict(false, "=> CHECK failed on service : HTTP request failed <=", nowNs);
            }
            failedUrl = urlIndex;
        } else if (method == Method.NEW && failedUrl != NO_URL) {
            // the failing URL passes again: check them all from the first
            failedUrl = NO_URL;
            urlIndex = 0;
            retryIt = 0;
        }

        long delay;
        if (method == Method.NEW) {
            delay = delayLoopNs;
            if (!hasRun) {
                retryIt = retry;
            }
        } else if (failedUrl != NO_URL) {
            delay = Math.max(delayBeforeRetryNs, delayLoopNs);
        } else {
            delay = delayBeforeRetryNs;
        }
        abortAttempt();
        if (http.fastRecovery() && (!hasRun || (!up && failedUrl == NO_URL))) {
            delay = 0;
        }
        scheduleIn(delay, nowNs);
    }

    /** The URL the next attempt checks (keepalived's url_it), for tests. */
    public int urlIndex() {
        return urlIndex;
    }

    public int failedUrl() {
        return failedUrl;
    }
}
