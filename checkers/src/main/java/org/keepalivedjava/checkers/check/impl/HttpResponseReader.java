package org.keepalivedjava.checkers.check.impl;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Consumes an HTTP response stream as keepalived's HTTP_GET does (check_http.c http_process_response, html.c):
 * the headers are collected until the first CRLF CRLF (at most {@link #MAX_HEADER_BYTES}, keepalived's 4 KiB
 * buffer), then the status code and Content-Length are read from them; every body byte after that goes into the
 * MD5 (only up to Content-Length when it is given) and, for a regex, into a bounded window. Pure: no IO, no clock.
 * Reusable: {@link #reset} starts a new response without allocating (the regex window grows once, then stays).
 */
public final class HttpResponseReader {
    /** keepalived's MAX_BUFFER_LENGTH (4096) less its string terminator: headers must end within this. */
    public static final int MAX_HEADER_BYTES = 4095;
    /** Body bytes kept for regex matching (keepalived matches a stream; see {@link #regexWindowLength()}). */
    public static final int MAX_REGEX_WINDOW = 1 << 20;

    private final byte[] header = new byte[MAX_HEADER_BYTES];
    private int headerLength;
    private int headerEnd = -1;
    private int statusCode = -1;
    private long contentLength = -1;
    private long bodyBytes;
    private final MessageDigest md5;
    private boolean digesting;
    private byte[] regexWindow = new byte[0];
    private int regexLength;
    private boolean keepForRegex;
    private long totalBytes;

    public HttpResponseReader() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no MD5 in this JDK", e);
        }
    }

    /** Starts a new response. */
    public void reset(boolean digest, boolean regex) {
        headerLength = 0;
        headerEnd = -1;
        statusCode = -1;
        contentLength = -1;
        bodyBytes = 0;
        totalBytes = 0;
        md5.reset();
        digesting = digest;
        keepForRegex = regex;
        regexLength = 0;
    }

    /** Consumes {@code src} from its position to its limit. */
    public void accept(ByteBuffer src) {
        totalBytes += src.remaining();
        if (headerEnd < 0) {
            int room = MAX_HEADER_BYTES - headerLength;
            int n = Math.min(room, src.remaining());
            int start = headerLength;
            src.get(header, headerLength, n);
            headerLength += n;
            int end = findHeaderEnd(Math.max(0, start - 3));
            if (end < 0) {
                return; // bytes beyond a full header buffer are dropped: the response has failed (headerOverflow)
            }
            headerEnd = end;
            statusCode = parseStatusCode();
            contentLength = parseContentLength();
            // what followed the headers in the buffer is body, then whatever is left in src
            body(header, headerEnd, headerLength - headerEnd);
        }
        if (src.hasRemaining()) {
            if (src.hasArray()) {
                body(src.array(), src.arrayOffset() + src.position(), src.remaining());
                src.position(src.limit());
            } else {
                if (scratch == null) {
                    scratch = new byte[4096];
                }
                while (src.hasRemaining()) {
                    int n = Math.min(scratch.length, src.remaining());
                    src.get(scratch, 0, n);
                    body(scratch, 0, n);
                }
            }
        }
    }

    /** For a direct source buffer only; allocated on first use (the checks read into heap buffers). */
    private byte[] scratch;

    private void body(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (digesting) {
            long digestible = contentLength < 0 ? len : Math.max(0, Math.min(len, contentLength - bodyBytes));
            if (digestible > 0) {
                md5.update(b, off, (int) digestible);
            }
        }
        if (keepForRegex && regexLength < MAX_REGEX_WINDOW) {
            int keep = Math.min(len, MAX_REGEX_WINDOW - regexLength);
            if (regexWindow.length < regexLength + keep) {
                byte[] bigger = new byte[Math.min(MAX_REGEX_WINDOW, Math.max(4096,
                        Math.max(regexLength + keep, regexWindow.length * 2)))];
                System.arraycopy(regexWindow, 0, bigger, 0, regexLength);
                regexWindow = bigger;
            }
            System.arraycopy(b, off, regexWindow, regexLength, keep);
            regexLength += keep;
        }
        bodyBytes += len;
    }

    private int findHeaderEnd(int from) {
        for (int i = from; i + 3 < headerLength; i++) {
            if (header[i] == '\r' && header[i + 1] == '\n' && header[i + 2] == '\r' && header[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** html.c extract_status_code: the number after the first space of the status line. */
    private int parseStatusCode() {
        int i = 0;
        while (i < headerEnd && header[i] != ' ') {
            i++;
        }
        while (i < headerEnd && header[i] == ' ') {
            i++;
        }
        int code = 0;
        int digits = 0;
        while (i < headerEnd && header[i] >= '0' && header[i] <= '9' && digits < 9) {
            code = code * 10 + (header[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 ? 0 : code;
    }

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** html.c extract_content_length: the Content-Length header's value, -1 when absent or not a number. */
    private long parseContentLength() {
        outer:
        for (int i = 0; i + CONTENT_LENGTH.length <= headerEnd; i++) {
            if (i != 0 && header[i - 1] != '\n') {
                continue;
            }
            for (int k = 0; k < CONTENT_LENGTH.length; k++) {
                if (Character.toLowerCase((char) (header[i + k] & 0xff)) != CONTENT_LENGTH[k]) {
                    continue outer;
                }
            }
            int j = i + CONTENT_LENGTH.length;
            while (j < headerEnd && (header[j] == ' ' || header[j] == '\t')) {
                j++;
            }
            long value = 0;
            int digits = 0;
            while (j < headerEnd && header[j] >= '0' && header[j] <= '9' && digits < 18) {
                value = value * 10 + (header[j] - '0');
                j++;
                digits++;
            }
            return digits == 0 ? -1 : value;
        }
        return -1;
    }

    /** True once the headers ended (keepalived's req->extracted). */
    public boolean headersDone() {
        return headerEnd >= 0;
    }

    /** True when the header buffer filled up without an end of headers: keepalived then sees no data. */
    public boolean headerOverflow() {
        return headerEnd < 0 && headerLength == MAX_HEADER_BYTES;
    }

    public int statusCode() {
        return statusCode;
    }

    /** Content-Length, or -1 when none was given. */
    public long contentLength() {
        return contentLength;
    }

    /** Body bytes received (all of them, also past Content-Length). */
    public long bodyBytes() {
        return bodyBytes;
    }

    public long totalBytes() {
        return totalBytes;
    }

    /** Completes the MD5 of the body (call once per response). */
    public byte[] digest() {
        return md5.digest();
    }

    /** The header bytes [0, headerEnd) (the whole buffer when the headers never ended). */
    public byte[] headerBytes() {
        return header;
    }

    public int headerLength() {
        return headerEnd >= 0 ? headerEnd : headerLength;
    }

    public byte[] regexWindow() {
        return regexWindow;
    }

    /** The first body bytes, up to {@link #MAX_REGEX_WINDOW}: a regex is matched over these. */
    public int regexWindowLength() {
        return regexLength;
    }
}
