package org.keepalivedjava.checkers.check;

import java.nio.ByteBuffer;

/**
 * Buffers shared by all the checks of one loop, for bytes that live only during one loop callback: a check reads
 * into one, hands every byte to its own state (header buffer, MD5, regex window) before returning, and never keeps
 * a reference. Sharing is safe because the loop runs one callback at a time; it saves a buffer per check (1,000
 * HTTP checks held 8 MiB of read buffers that were idle between attempts). Allocated on first use.
 *
 * <p>Loop thread only. The contents are undefined at the start of every callback.
 */
public final class LoopBuffers {
    /** One read of an HTTP response (keepalived reads in chunks of its 4 KiB buffer; 8 KiB halves the calls). */
    public static final int HTTP_READ_BYTES = 8192;

    private ByteBuffer httpRead;

    /** The HTTP_GET/SSL_GET read buffer, cleared. */
    public ByteBuffer httpRead() {
        if (httpRead == null) {
            httpRead = ByteBuffer.allocate(HTTP_READ_BYTES);
        }
        return httpRead.clear();
    }
}
