package org.keepalivedjava.os.inet;

import java.nio.ByteBuffer;

/**
 * Pure codecs of {@code struct msghdr}, {@code struct iovec} and {@code struct cmsghdr} (sendmsg(2), cmsg(3)) on
 * LP64 Linux, at absolute offsets of a NATIVE-order buffer. Pointers are plain {@code long} addresses (from
 * {@link org.keepalivedjava.os.libc.Native#address}), so the layout is testable on heap buffers.
 *
 * <pre>
 * struct msghdr  {  0 ptr name | 8 u32 namelen (+4 pad) | 16 ptr iov | 24 size_t iovlen
 *                  32 ptr control | 40 size_t controllen | 48 int flags (+4 pad) }          56 bytes
 * struct iovec   {  0 ptr base | 8 size_t len }                                            16 bytes
 * struct cmsghdr {  0 size_t len (header + data, unpadded) | 8 int level | 12 int type
 *                  16 data... }  each message starts CMSG_ALIGN'ed (8 bytes) after the previous one
 * </pre>
 */
public final class MsgHdr {
    public static final int BYTES = 56;
    public static final int IOVEC_BYTES = 16;
    /** CMSG_ALIGN(sizeof(struct cmsghdr)): where the data of a control message starts. */
    public static final int CMSG_HEADER_BYTES = 16;

    private static final int NAME = 0;
    private static final int NAMELEN = 8;
    private static final int IOV = 16;
    private static final int IOVLEN = 24;
    private static final int CONTROL = 32;
    private static final int CONTROLLEN = 40;
    private static final int FLAGS = 48;
    private static final int CMSG_LEN = 0;
    private static final int CMSG_LEVEL = 8;
    private static final int CMSG_TYPE = 12;
    private static final int ALIGN = 8; // sizeof(size_t)

    private MsgHdr() {
    }

    /** Writes a whole msghdr; a zero address means "none" (NULL) and its length should be 0. */
    public static void put(ByteBuffer b, int offset, long nameAddress, int nameLength, long iovAddress, int iovCount,
            long controlAddress, int controlLength) {
        b.putLong(offset + NAME, nameAddress);
        b.putLong(offset + NAMELEN, nameLength & 0xffffffffL); // u32 and its padding
        b.putLong(offset + IOV, iovAddress);
        b.putLong(offset + IOVLEN, iovCount);
        b.putLong(offset + CONTROL, controlAddress);
        b.putLong(offset + CONTROLLEN, controlLength);
        b.putLong(offset + FLAGS, 0);
    }

    /** Resets the in/out lengths before a recvmsg (the kernel shrinks them to what it wrote). */
    public static void setLengths(ByteBuffer b, int offset, int nameLength, int controlLength) {
        b.putInt(offset + NAMELEN, nameLength);
        b.putLong(offset + CONTROLLEN, controlLength);
        b.putInt(offset + FLAGS, 0);
    }

    public static long nameAddress(ByteBuffer b, int offset) {
        return b.getLong(offset + NAME);
    }

    public static int nameLength(ByteBuffer b, int offset) {
        return b.getInt(offset + NAMELEN);
    }

    public static long iovAddress(ByteBuffer b, int offset) {
        return b.getLong(offset + IOV);
    }

    public static long iovCount(ByteBuffer b, int offset) {
        return b.getLong(offset + IOVLEN);
    }

    public static long controlAddress(ByteBuffer b, int offset) {
        return b.getLong(offset + CONTROL);
    }

    /** After recvmsg: the bytes of control data the kernel wrote. */
    public static int controlLength(ByteBuffer b, int offset) {
        return (int) b.getLong(offset + CONTROLLEN);
    }

    /** After recvmsg: MSG_TRUNC (data truncated), MSG_CTRUNC (0x8, control data truncated)... */
    public static int flags(ByteBuffer b, int offset) {
        return b.getInt(offset + FLAGS);
    }

    /** Writes iovec {@code index} of an array starting at {@code offset}. */
    public static void putIovec(ByteBuffer b, int offset, int index, long base, long length) {
        int at = offset + index * IOVEC_BYTES;
        b.putLong(at, base);
        b.putLong(at + 8, length);
    }

    // ------------------------------------------------------------------ control messages

    /** CMSG_ALIGN: rounds up to the alignment of size_t. */
    public static int cmsgAlign(int length) {
        return (length + ALIGN - 1) & -ALIGN;
    }

    /** CMSG_LEN: the cmsg_len value for {@code dataLength} bytes of data. */
    public static int cmsgLen(int dataLength) {
        return CMSG_HEADER_BYTES + dataLength;
    }

    /** CMSG_SPACE: the room one control message with {@code dataLength} bytes takes in the buffer. */
    public static int cmsgSpace(int dataLength) {
        return CMSG_HEADER_BYTES + cmsgAlign(dataLength);
    }

    /**
     * Writes a control message header at {@code at} (an aligned offset in the control buffer) and zeroes its padded
     * data; the caller then writes the data at {@link #cmsgData(int)}.
     * @return the offset of the next control message
     */
    public static int putCmsg(ByteBuffer b, int at, int level, int type, int dataLength) {
        b.putLong(at + CMSG_LEN, cmsgLen(dataLength));
        b.putInt(at + CMSG_LEVEL, level);
        b.putInt(at + CMSG_TYPE, type);
        NetOrder.zero(b, at + CMSG_HEADER_BYTES, cmsgAlign(dataLength));
        return at + cmsgSpace(dataLength);
    }

    /** CMSG_DATA: the offset of a control message's data. */
    public static int cmsgData(int at) {
        return at + CMSG_HEADER_BYTES;
    }

    public static int cmsgLevel(ByteBuffer b, int at) {
        return b.getInt(at + CMSG_LEVEL);
    }

    public static int cmsgType(ByteBuffer b, int at) {
        return b.getInt(at + CMSG_TYPE);
    }

    /** The data bytes of a control message (cmsg_len minus the header). */
    public static int cmsgDataLength(ByteBuffer b, int at) {
        return (int) b.getLong(at + CMSG_LEN) - CMSG_HEADER_BYTES;
    }

    /**
     * CMSG_FIRSTHDR over control data of {@code controlLength} bytes starting at {@code start}.
     * @return the offset of the first message, or -1 if there is none
     */
    public static int cmsgFirst(ByteBuffer b, int start, int controlLength) {
        return isWhole(b, start, start + controlLength) ? start : -1;
    }

    /**
     * CMSG_NXTHDR: the message after the one at {@code at}, or -1 at the end (or if the kernel's lengths do not
     * fit the buffer, which is treated as the end rather than trusted).
     */
    public static int cmsgNext(ByteBuffer b, int at, int start, int controlLength) {
        long length = b.getLong(at + CMSG_LEN);
        if (length < CMSG_HEADER_BYTES) {
            return -1;
        }
        int next = at + cmsgAlign((int) Math.min(length, Integer.MAX_VALUE - ALIGN));
        return isWhole(b, next, start + controlLength) ? next : -1;
    }

    private static boolean isWhole(ByteBuffer b, int at, int end) {
        if (at + CMSG_HEADER_BYTES > end || end > b.capacity()) {
            return false;
        }
        long length = b.getLong(at + CMSG_LEN);
        return length >= CMSG_HEADER_BYTES && at + length <= end;
    }
}
