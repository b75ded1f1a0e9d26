package org.keepalivedjava.os.ipvs;

/** Numbers of the IPVS generic netlink family (linux/ip_vs.h). */
public final class IpvsConstants {
    public static final String IPVS_GENL_NAME = "IPVS";
    public static final int IPVS_GENL_VERSION = 1;

    // commands
    public static final int IPVS_CMD_NEW_SERVICE = 1;
    public static final int IPVS_CMD_SET_SERVICE = 2;
    public static final int IPVS_CMD_DEL_SERVICE = 3;
    public static final int IPVS_CMD_GET_SERVICE = 4;
    public static final int IPVS_CMD_NEW_DEST = 5;
    public static final int IPVS_CMD_SET_DEST = 6;
    public static final int IPVS_CMD_DEL_DEST = 7;
    public static final int IPVS_CMD_GET_DEST = 8;
    public static final int IPVS_CMD_NEW_DAEMON = 9;
    public static final int IPVS_CMD_DEL_DAEMON = 10;
    public static final int IPVS_CMD_GET_DAEMON = 11;
    public static final int IPVS_CMD_SET_CONFIG = 12;
    public static final int IPVS_CMD_GET_CONFIG = 13;
    public static final int IPVS_CMD_FLUSH = 17;

    // top-level attributes
    public static final int IPVS_CMD_ATTR_SERVICE = 1;
    public static final int IPVS_CMD_ATTR_DEST = 2;
    public static final int IPVS_CMD_ATTR_DAEMON = 3;
    public static final int IPVS_CMD_ATTR_TIMEOUT_TCP = 4;
    public static final int IPVS_CMD_ATTR_TIMEOUT_TCP_FIN = 5;
    public static final int IPVS_CMD_ATTR_TIMEOUT_UDP = 6;
    public static final int IPVS_CMD_ATTR_MAX = 6;

    // service attributes
    public static final int IPVS_SVC_ATTR_AF = 1;
    public static final int IPVS_SVC_ATTR_PROTOCOL = 2;
    public static final int IPVS_SVC_ATTR_ADDR = 3;
    public static final int IPVS_SVC_ATTR_PORT = 4;
    public static final int IPVS_SVC_ATTR_FWMARK = 5;
    public static final int IPVS_SVC_ATTR_SCHED_NAME = 6;
    public static final int IPVS_SVC_ATTR_FLAGS = 7;
    public static final int IPVS_SVC_ATTR_TIMEOUT = 8;
    public static final int IPVS_SVC_ATTR_NETMASK = 9;
    public static final int IPVS_SVC_ATTR_PE_NAME = 11;
    public static final int IPVS_SVC_ATTR_MAX = 12;

    // destination attributes
    public static final int IPVS_DEST_ATTR_ADDR = 1;
    public static final int IPVS_DEST_ATTR_PORT = 2;
    public static final int IPVS_DEST_ATTR_FWD_METHOD = 3;
    public static final int IPVS_DEST_ATTR_WEIGHT = 4;
    public static final int IPVS_DEST_ATTR_U_THRESH = 5;
    public static final int IPVS_DEST_ATTR_L_THRESH = 6;
    public static final int IPVS_DEST_ATTR_ACTIVE_CONNS = 7;
    public static final int IPVS_DEST_ATTR_INACT_CONNS = 8;
    public static final int IPVS_DEST_ATTR_ADDR_FAMILY = 11;
    public static final int IPVS_DEST_ATTR_TUN_TYPE = 13;
    public static final int IPVS_DEST_ATTR_TUN_PORT = 14;
    public static final int IPVS_DEST_ATTR_TUN_FLAGS = 15;
    public static final int IPVS_DEST_ATTR_MAX = 15;

    // sync daemon attributes
    public static final int IPVS_DAEMON_ATTR_STATE = 1;
    public static final int IPVS_DAEMON_ATTR_MCAST_IFN = 2;
    public static final int IPVS_DAEMON_ATTR_SYNC_ID = 3;
    public static final int IPVS_DAEMON_ATTR_SYNC_MAXLEN = 4;
    public static final int IPVS_DAEMON_ATTR_MCAST_GROUP = 5;
    public static final int IPVS_DAEMON_ATTR_MCAST_GROUP6 = 6;
    public static final int IPVS_DAEMON_ATTR_MCAST_PORT = 7;
    public static final int IPVS_DAEMON_ATTR_MCAST_TTL = 8;
    public static final int IPVS_DAEMON_ATTR_MAX = 8;

    // service flags
    public static final int IP_VS_SVC_F_PERSISTENT = 0x1;
    public static final int IP_VS_SVC_F_HASHED = 0x2;
    public static final int IP_VS_SVC_F_ONEPACKET = 0x4;
    public static final int IP_VS_SVC_F_SCHED1 = 0x8;
    public static final int IP_VS_SVC_F_SCHED2 = 0x10;
    public static final int IP_VS_SVC_F_SCHED3 = 0x20;

    // forwarding methods (IP_VS_CONN_F_FWD_MASK part of the destination's conn flags)
    public static final int IP_VS_CONN_F_MASQ = 0;
    public static final int IP_VS_CONN_F_LOCALNODE = 1;
    public static final int IP_VS_CONN_F_TUNNEL = 2;
    public static final int IP_VS_CONN_F_DROUTE = 3;
    public static final int IP_VS_CONN_F_FWD_MASK = 0x7;

    // tunnel types and flags
    public static final int IP_VS_CONN_F_TUNNEL_TYPE_IPIP = 0;
    public static final int IP_VS_CONN_F_TUNNEL_TYPE_GUE = 1;
    public static final int IP_VS_CONN_F_TUNNEL_TYPE_GRE = 2;
    public static final int IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM = 0;
    public static final int IP_VS_TUNNEL_ENCAP_FLAG_CSUM = 1;
    public static final int IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM = 2;

    // sync daemon states
    public static final int IP_VS_STATE_MASTER = 1;
    public static final int IP_VS_STATE_BACKUP = 2;

    // protocols
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_SCTP = 132;

    private IpvsConstants() {
    }
}
