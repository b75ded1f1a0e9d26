package org.keepalivedjava.os.netlink;

import static org.keepalivedjava.os.netlink.Netlink.NETLINK_ADD_MEMBERSHIP;
import static org.keepalivedjava.os.netlink.Netlink.NETLINK_CAP_ACK;
import static org.keepalivedjava.os.netlink.Netlink.NETLINK_EXT_ACK;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_DONE;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_ERROR;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_FLAGS_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_OVERRUN;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_SEQ_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_ACK;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_DUMP;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_REQUEST;
import static org.keepalivedjava.os.netlink.Netlink.SOCKADDR_NL_BYTES;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.NativeException;

/**
 * An AF_NETLINK socket (NETLINK_ROUTE, NETLINK_GENERIC...), non-blocking, with preallocated send and receive
 * buffers: building, sending and reading a message allocates nothing.
 *
 * <h2>Requests</h2>
 * {@link #begin} starts a message in the send buffer (the returned {@link NetlinkWriter} adds the rest);
 * {@link #request} gives it the next sequence number, asks for an ACK (except dumps, which end with
 * NLMSG_DONE), sends it and reads until the ACK, error or DONE carrying that sequence number and this
 * socket's port id. Replies (GET answers, dump parts) go to the caller's handler; anything else read meanwhile
 * (an event, which the kernel may queue BEFORE the ACK on the same socket, even with our sequence number when
 * our request caused it) goes to the {@link #eventListener}. A refusal throws {@link NetlinkException} naming
 * the request. The kernel answers during sendmsg(2), so the reply is normally queued already; if it is not,
 * the read waits up to {@code replyTimeoutMs} with the socket briefly made blocking.
 *
 * <h2>Events</h2>
 * A socket bound to multicast groups gets events; {@link #receive} drains what is queued without blocking
 * (call it when the loop says the fd is readable). ENOBUFS (the kernel dropped events) becomes
 * {@link MessageHandler#onOverrun()}.
 *
 * <p>Threading: one thread at a time (the loop thread).
 */
public final class NetlinkSocket implements AutoCloseable {
    public static final int DEFAULT_BUFFER_BYTES = 64 * 1024;
    public static final int DEFAULT_REPLY_TIMEOUT_MS = 5_000;
    private static final int TIMEVAL_BYTES = 16;

    private final int fd;
    private final int protocol;
    private final int portId;
    private final NativeBuffer sendBuffer;
    private final NativeBuffer receiveBuffer;
    private final NativeBuffer kernelAddress;
    private final NativeBuffer scratch;
    private final NetlinkWriter writer;
    private final NetlinkMessage message = new NetlinkMessage();
    private final Attributes errorAttributes = new Attributes(Netlink.NLMSGERR_ATTR_OFFS);
    private MessageHandler eventListener = MessageHandler.IGNORE;
    private int lastSeq;
    private boolean closed;

    private NetlinkSocket(int fd, int protocol, int bufferBytes, int replyTimeoutMs) {
        this.fd = fd;
        this.protocol = protocol;
        this.sendBuffer = NativeBuffer.allocate(bufferBytes);
        this.receiveBuffer = NativeBuffer.allocate(bufferBytes);
        this.kernelAddress = NativeBuffer.allocate(SOCKADDR_NL_BYTES);
        this.scratch = NativeBuffer.allocate(Math.max(TIMEVAL_BYTES, SOCKADDR_NL_BYTES));
        this.writer = new NetlinkWriter(sendBuffer.buffer());
        kernelAddress.buffer().putShort(0, (short) Consts.AF_NETLINK); // pid 0 = the kernel, no groups
        Native.setsockopt(fd, Consts.SOL_NETLINK, NETLINK_EXT_ACK, 1, scratch, "NETLINK_EXT_ACK");
        Native.setsockopt(fd, Consts.SOL_NETLINK, NETLINK_CAP_ACK, 1, scratch, "NETLINK_CAP_ACK");
        scratch.buffer().putLong(0, replyTimeoutMs / 1000);
        scratch.buffer().putLong(8, (replyTimeoutMs % 1000) * 1000L);
        Native.setsockopt(fd, Consts.SOL_SOCKET, SO_RCVTIMEO, scratch, TIMEVAL_BYTES, "SO_RCVTIMEO");
        // bind: pid 0 lets the kernel choose a unique port id; read it back to recognise our replies
        NativeBuffer local = NativeBuffer.allocate(SOCKADDR_NL_BYTES);
        local.buffer().putShort(0, (short) Consts.AF_NETLINK);
        Native.bind(fd, local, SOCKADDR_NL_BYTES);
        Native.getsockname(fd, local, scratch);
        this.portId = local.buffer().getInt(4);
    }

    /** SOL_SOCKET SO_RCVTIMEO (struct timeval): bounds a blocking wait for a reply. */
    private static final int SO_RCVTIMEO = 20;

    /** A non-blocking netlink socket of {@code protocol} joined to no group. */
    public static NetlinkSocket open(int protocol) {
        return open(protocol, DEFAULT_BUFFER_BYTES, DEFAULT_REPLY_TIMEOUT_MS);
    }

    public static NetlinkSocket open(int protocol, int bufferBytes, int replyTimeoutMs) {
        int fd = Native.socket(Consts.AF_NETLINK, Consts.SOCK_RAW | Consts.SOCK_NONBLOCK, protocol,
                "netlink protocol " + protocol);
        try {
            return new NetlinkSocket(fd, protocol, bufferBytes, replyTimeoutMs);
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** Joins multicast group number {@code group} (RTNLGRP_*, or a generic netlink family's group id). */
    public void joinGroup(int group) {
        Native.setsockopt(fd, Consts.SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group, scratch,
                "NETLINK_ADD_MEMBERSHIP " + group);
    }

    public int fd() {
        return fd;
    }

    public int protocol() {
        return protocol;
    }

    /** The port id the kernel gave this socket (nlmsg_pid of our replies). */
    public int portId() {
        return portId;
    }

    /** Where messages read while waiting for a reply, that are not the reply, go. */
    public void eventListener(MessageHandler listener) {
        this.eventListener = listener == null ? MessageHandler.IGNORE : listener;
    }

    /** Starts a request message in the send buffer; NLM_F_REQUEST is added. */
    public NetlinkWriter begin(int type, int flags) {
        return writer.begin(type, flags | NLM_F_REQUEST);
    }

    /**
     * Sends the message built since {@link #begin} and waits for its outcome.
     *
     * @param request describes the request in errors (its toString() is called only on failure)
     * @param replies receives the replies (GET answer, dump parts); null for requests answered by an ACK only,
     *                in which case any other message read meanwhile goes to the event listener
     * @throws NetlinkException when the kernel refuses the request, naming it
     */
    public void request(Object request, MessageHandler replies) {
        int seq = nextSeq();
        int flags = writer.buffer().getShort(NLMSG_FLAGS_OFFSET) & 0xffff;
        boolean dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
        if (!dump) {
            flags |= NLM_F_ACK;
        }
        writer.buffer().putShort(NLMSG_FLAGS_OFFSET, (short) flags);
        writer.buffer().putInt(NLMSG_SEQ_OFFSET, seq);
        int length = writer.finish();
        long sent;
        try {
            sent = Native.sendto(fd, sendBuffer, length, 0, kernelAddress, SOCKADDR_NL_BYTES);
        } catch (NativeException e) {
            throw new NetlinkException(String.valueOf(request), e.errno(), Native.strerror(e.errno()), null);
        }
        if (sent != length) {
            throw new NetlinkException(String.valueOf(request), Errno.EAGAIN, "netlink send buffer full", null);
        }
        while (true) {
            int n = receiveOrWait(request);
            if (n < 0) {
                continue; // overrun reported; our reply may still come
            }
            if (dispatch(n, seq, replies, request)) {
                return;
            }
        }
    }

    /**
     * Reads and hands to {@code handler} every message already queued, without blocking (for sockets bound to
     * groups, when the loop reports the fd readable).
     * @return the number of messages delivered
     */
    public int receive(MessageHandler handler) {
        int count = 0;
        while (true) {
            long n;
            try {
                n = Native.recvfrom(fd, receiveBuffer, receiveBuffer.sizeBytes(), Consts.MSG_TRUNC, null, null);
            } catch (NativeException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    handler.onOverrun();
                    continue;
                }
                throw e;
            }
            if (n == Native.WOULD_BLOCK) {
                return count;
            }
            checkTruncation(n);
            if (message.wrap(receiveBuffer.buffer(), 0, (int) n)) {
                do {
                    if (message.type() == NLMSG_OVERRUN) {
                        handler.onOverrun();
                    } else {
                        handler.onMessage(message);
                    }
                    count++;
                } while (message.next());
            }
        }
    }

    /** -1 after an overrun was reported to the event listener, else the datagram's length. */
    private int receiveOrWait(Object request) {
        long n;
        try {
            n = Native.recvfrom(fd, receiveBuffer, receiveBuffer.sizeBytes(), Consts.MSG_TRUNC, null, null);
            if (n == Native.WOULD_BLOCK) {
                Native.setNonBlocking(fd, false);
                try {
                    n = Native.recvfrom(fd, receiveBuffer, receiveBuffer.sizeBytes(), Consts.MSG_TRUNC, null, null);
                } finally {
                    Native.setNonBlocking(fd, true);
                }
                if (n == Native.WOULD_BLOCK) { // SO_RCVTIMEO expired
                    throw new NetlinkException(String.valueOf(request), Errno.ETIMEDOUT, "no reply from the kernel", null);
                }
            }
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOBUFS) {
                eventListener.onOverrun();
                return -1;
            }
            throw new NetlinkException(String.valueOf(request), e.errno(), Native.strerror(e.errno()), null);
        }
        checkTruncation(n);
        return (int) n;
    }

    private void checkTruncation(long n) {
        if (n > receiveBuffer.sizeBytes()) {
            throw new MalformedNetlinkException("netlink datagram of " + n + " bytes truncated to "
                    + receiveBuffer.sizeBytes() + ": use a larger buffer");
        }
    }

    /** Dispatches one datagram; true when it held the end of request {@code seq}. */
    private boolean dispatch(int length, int seq, MessageHandler replies, Object request) {
        if (!message.wrap(receiveBuffer.buffer(), 0, length)) {
            return false;
        }
        do {
            boolean ours = message.seq() == seq && message.portId() == portId;
            int type = message.type();
            if (ours && (type == NLMSG_ERROR || type == NLMSG_DONE)) {
                int error = message.errorCode();
                if (error < 0) {
                    throw new NetlinkException(String.valueOf(request), -error, Native.strerror(-error),
                            type == NLMSG_ERROR ? NetlinkErrors.extAckMessage(message, errorAttributes) : null);
                }
                return true;
            }
            if (ours && replies != null) {
                replies.onMessage(message);
            } else if (type == NLMSG_OVERRUN) {
                eventListener.onOverrun();
            } else if (!isStaleReply(type)) {
                eventListener.onMessage(message);
            }
        } while (message.next());
        return false;
    }

    /**
     * A reply to an earlier request that gave up (timeout, or a handler that threw mid-dump): an ACK/ERROR/DONE
     * or a dump part (NLM_F_MULTI) for our port id. Not an event: events never carry NLM_F_MULTI.
     */
    private boolean isStaleReply(int type) {
        return message.portId() == portId
                && (type == NLMSG_ERROR || type == NLMSG_DONE || (message.flags() & Netlink.NLM_F_MULTI) != 0);
    }

    private int nextSeq() {
        lastSeq++;
        if (lastSeq == 0) {
            lastSeq = 1; // 0 is what events carry when nobody asked
        }
        return lastSeq;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }
}
