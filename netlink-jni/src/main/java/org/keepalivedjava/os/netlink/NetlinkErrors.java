package org.keepalivedjava.os.netlink;

import static org.keepalivedjava.os.netlink.Netlink.NLMSGERR_ATTR_MSG;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_HDRLEN;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_LEN_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_ACK_TLVS;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_CAPPED;
import static org.keepalivedjava.os.netlink.Netlink.align;

/**
 * Decodes the payload of NLMSG_ERROR (struct nlmsgerr):
 * <pre>
 *  | error s32 (-errno, 0 = ACK) | echoed request nlmsghdr [+ its payload unless NLM_F_CAPPED] | TLVs if NLM_F_ACK_TLVS |
 * </pre>
 * Pure.
 */
public final class NetlinkErrors {
    private NetlinkErrors() {
    }

    /** The kernel's extended-ack text (NLMSGERR_ATTR_MSG), or null when it sent none. */
    public static String extAckMessage(NetlinkMessage error, Attributes scratch) {
        if ((error.flags() & NLM_F_ACK_TLVS) == 0 || error.payloadLength() < 4 + NLMSG_HDRLEN) {
            return null;
        }
        int echoed = error.payloadOffset() + 4;
        int echoedLength = (error.flags() & NLM_F_CAPPED) != 0
                ? NLMSG_HDRLEN : error.buffer().getInt(echoed + NLMSG_LEN_OFFSET);
        if (echoedLength < NLMSG_HDRLEN || echoedLength > error.end() - echoed) {
            return null; // a nonsense echoed length: no TLVs to trust (and no offset before or past the message)
        }
        int tlvs = echoed + align(echoedLength);
        if (tlvs >= error.end()) {
            return null;
        }
        return scratch.parse(error.buffer(), tlvs, error.end()).string(NLMSGERR_ATTR_MSG);
    }
}
