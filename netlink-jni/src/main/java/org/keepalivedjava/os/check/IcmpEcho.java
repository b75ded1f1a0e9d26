package org.keepalivedjava.os.check;

/**
 * A decoded ICMP / ICMPv6 echo message (request or reply).
 *
 * @param type           8 / 0 (ICMPv4 request / reply), 128 / 129 (ICMPv6 request / reply)
 * @param identifier     the echo id (on a ping socket: the socket's id, set by the kernel)
 * @param sequence       the echo sequence number
 * @param payloadOffset  where the echo data starts in the decoded buffer (absolute index)
 * @param payloadLength  echo data length in bytes
 */
public record IcmpEcho(int type, int identifier, int sequence, int payloadOffset, int payloadLength) {

    public boolean isReply() {
        return type == IcmpEchoCodec.ICMP_ECHO_REPLY || type == IcmpEchoCodec.ICMPV6_ECHO_REPLY;
    }
}
