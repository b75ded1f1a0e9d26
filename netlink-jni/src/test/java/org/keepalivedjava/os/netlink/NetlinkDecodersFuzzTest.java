package org.keepalivedjava.os.netlink;

import static org.keepalivedjava.os.ipvs.IpvsConstants.IPVS_CMD_ATTR_MAX;
import static org.keepalivedjava.os.ipvs.IpvsConstants.IPVS_DAEMON_ATTR_MAX;
import static org.keepalivedjava.os.ipvs.IpvsConstants.IPVS_DEST_ATTR_MAX;
import static org.keepalivedjava.os.ipvs.IpvsConstants.IPVS_SVC_ATTR_MAX;
import static org.keepalivedjava.os.rtnl.RtnlConstants.FRA_MAX_USED;
import static org.keepalivedjava.os.rtnl.RtnlConstants.IFA_MAX_USED;
import static org.keepalivedjava.os.rtnl.RtnlConstants.IFLA_MAX_USED;
import static org.keepalivedjava.os.rtnl.RtnlConstants.RTA_MAX_USED;

import java.nio.ByteBuffer;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.keepalivedjava.os.genl.GenericNetlink;
import org.keepalivedjava.os.ipvs.IpvsCodec;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.rtnl.RtnlCodec;

/**
 * Coverage-guided fuzz target over the netlink reply/event decoders: a datagram as the kernel could send it
 * (or a broken kernel, or a process spoofing netlink), walked message by message as {@link NetlinkSocket} does,
 * each message handed to the decoder the first input byte selects. The only allowed failure is
 * {@link MalformedNetlinkException}, the decoders' documented well-formedness error; any other exception
 * (index out of bounds, negative array size...) is a finding.
 *
 * <p>Seeds: the real kernel datagrams of {@code rtnl/captures.txt} and {@code ipvs/captures.txt}
 * ({@code NetlinkDecodersFuzzTestInputs/}).
 */
class NetlinkDecodersFuzzTest {
    static final int DECODERS = 8;

    private final NetlinkMessage message = new NetlinkMessage();
    private final Attributes rtnl = new Attributes(Math.max(Math.max(IFA_MAX_USED, IFLA_MAX_USED),
            Math.max(RTA_MAX_USED, FRA_MAX_USED)));
    private final Attributes top = new Attributes(IPVS_CMD_ATTR_MAX);
    private final Attributes nested = new Attributes(Math.max(IPVS_SVC_ATTR_MAX, IPVS_DEST_ATTR_MAX));
    private final Attributes daemon = new Attributes(IPVS_DAEMON_ATTR_MAX);
    private final Attributes ctrl = new Attributes(GenericNetlink.CTRL_ATTR_MAXATTR);
    private final Attributes errors = new Attributes(Netlink.NLMSGERR_ATTR_OFFS);

    /** Byte 0 selects the decoder ({@link #decode}); the rest is one datagram. */
    @FuzzTest(maxDuration = "12s")
    void decoders(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int decoder = (input[0] & 0xff) % DECODERS;
        ByteBuffer datagram = ByteBuffer.wrap(Arrays.copyOfRange(input, 1, input.length));
        try {
            if (!message.wrap(datagram, 0, datagram.limit())) {
                return;
            }
            do {
                decode(decoder);
            } while (message.next());
        } catch (MalformedNetlinkException expected) {
            // the documented outcome for a malformed message: the socket reports it, nothing else breaks
        }
    }

    private void decode(int decoder) {
        switch (decoder) {
            case 0 -> {
                switch (message.type() % 4) { // what RtnlMonitor/NetlinkRtnl do per message type
                    case 0 -> RtnlCodec.decodeLink(message, rtnl);
                    case 1 -> RtnlCodec.decodeAddress(message, rtnl);
                    case 2 -> RtnlCodec.decodeRoute(message, rtnl);
                    default -> RtnlCodec.decodeRule(message, rtnl);
                }
            }
            case 1 -> IpvsCodec.decodeService(message, top, nested);
            case 2 -> IpvsCodec.decodeDestination(message, top, nested, Consts.AF_INET);
            case 3 -> IpvsCodec.decodeDestination(message, top, nested, Consts.AF_INET6);
            case 4 -> IpvsCodec.decodeTimeouts(message, top);
            case 5 -> IpvsCodec.decodeDaemon(message, top, daemon);
            case 6 -> GenericNetlink.decodeFamilyId(message, ctrl);
            default -> {
                message.errorCode();
                NetlinkErrors.extAckMessage(message, errors);
            }
        }
    }
}
