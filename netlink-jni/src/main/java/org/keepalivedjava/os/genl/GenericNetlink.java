package org.keepalivedjava.os.genl;

import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.netlink.Attributes;
import org.keepalivedjava.os.netlink.NetlinkException;
import org.keepalivedjava.os.netlink.NetlinkMessage;
import org.keepalivedjava.os.netlink.NetlinkSocket;
import org.keepalivedjava.os.netlink.NetlinkWriter;

/**
 * Generic netlink (NETLINK_GENERIC): the 4-byte genlmsghdr after the nlmsghdr, and family resolution through
 * the controller (CTRL_CMD_GETFAMILY by name -> the family's message type id).
 * <pre>
 * struct genlmsghdr (4)  cmd u8 | version u8 | reserved u16
 * </pre>
 */
public final class GenericNetlink {
    public static final int GENL_HDRLEN = 4;
    /** The controller's fixed message type. */
    public static final int GENL_ID_CTRL = 0x10;
    public static final int CTRL_CMD_GETFAMILY = 3;
    /** The header version libnl and ipvsadm send (the controller ignores it). */
    public static final int CTRL_VERSION = 1;
    public static final int CTRL_ATTR_FAMILY_ID = 1;
    public static final int CTRL_ATTR_FAMILY_NAME = 2;
    public static final int CTRL_ATTR_VERSION = 3;
    public static final int CTRL_ATTR_MAXATTR = 5;

    private GenericNetlink() {
    }

    /** Writes the genlmsghdr (call right after {@link NetlinkWriter#begin}). */
    public static NetlinkWriter writeHeader(NetlinkWriter w, int cmd, int version) {
        return w.putU8(cmd).putU8(version).putU16(0);
    }

    /** The command byte of a generic netlink message. */
    public static int command(NetlinkMessage m) {
        return m.buffer().get(m.payloadOffset()) & 0xff;
    }

    /** The CTRL_CMD_GETFAMILY request body for {@code name}. */
    public static void writeGetFamily(NetlinkWriter w, String name) {
        writeHeader(w, CTRL_CMD_GETFAMILY, CTRL_VERSION).attrString(CTRL_ATTR_FAMILY_NAME, name);
    }

    /** The family id in a controller reply, -1 if it has none. */
    public static int decodeFamilyId(NetlinkMessage reply, Attributes attrs) {
        return attrs.parse(reply, GENL_HDRLEN).u16(CTRL_ATTR_FAMILY_ID, -1);
    }

    /**
     * Resolves a family name ("IPVS") to its message type id.
     * @return the id, or -1 when the kernel has no such family (ENOENT: module absent)
     * @throws NetlinkException for any other failure
     */
    public static int resolveFamily(NetlinkSocket socket, String name) {
        Attributes attrs = new Attributes(CTRL_ATTR_MAXATTR);
        int[] id = {-1};
        writeGetFamily(socket.begin(GENL_ID_CTRL, 0), name);
        try {
            socket.request("resolve generic netlink family \"" + name + "\"",
                    m -> id[0] = m.type() == GENL_ID_CTRL ? decodeFamilyId(m, attrs) : id[0]);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOENT) {
                return -1;
            }
            throw e;
        }
        return id[0];
    }
}
