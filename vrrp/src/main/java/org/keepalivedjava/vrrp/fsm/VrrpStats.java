package org.keepalivedjava.vrrp.fsm;

import java.util.Arrays;

/**
 * The per-instance counters keepalived prints on SIGUSR2 (vrrp_print_stats) and in its JSON dump, plus the
 * RFC MIB counters keepalived keeps only with SNMP (version, VRID, checksum errors) and one of ours (unicast source
 * not a peer, which keepalived only logs). A plain long array indexed by {@link Counter}: incrementing allocates
 * nothing. Loop thread only.
 */
public final class VrrpStats {

    /** One counter per reason; {@link #keepalivedName()} is keepalived's field name. */
    public enum Counter {
        ADVERT_RCVD("advert_rcvd"),
        ADVERT_SENT("advert_sent"),
        BECOME_MASTER("become_master"),
        RELEASE_MASTER("release_master"),
        PACKET_LEN_ERR("packet_len_err"),
        ADVERT_INTERVAL_ERR("advert_interval_err"),
        IP_TTL_ERR("ip_ttl_err"),
        INVALID_TYPE_RCVD("invalid_type_rcvd"),
        ADDR_LIST_ERR("addr_list_err"),
        INVALID_AUTHTYPE("invalid_authtype"),
        AUTHTYPE_MISMATCH("authtype_mismatch"),
        AUTH_FAILURE("auth_failure"),
        PRI_ZERO_RCVD("pri_zero_rcvd"),
        PRI_ZERO_SENT("pri_zero_sent"),
        /** RFC 2787/6527 MIB, keepalived counts it only with SNMP. */
        VERS_ERR("vers_err"),
        /** RFC MIB: a VRID this instance does not run (counted by the dispatcher if it wants). */
        VRID_ERR("vrid_err"),
        /** RFC MIB: checksum errors. */
        CHK_ERR("chk_err"),
        /** keepalived-java only: unicast advert whose source is not a configured unicast_peer. */
        UNICAST_SRC_ERR("unicast_src_err");

        private final String keepalivedName;

        Counter(String keepalivedName) {
            this.keepalivedName = keepalivedName;
        }

        public String keepalivedName() {
            return keepalivedName;
        }
    }

    private static final Counter[] COUNTERS = Counter.values();
    private final long[] values = new long[COUNTERS.length];

    public long get(Counter counter) {
        return values[counter.ordinal()];
    }

    public void increment(Counter counter) {
        values[counter.ordinal()]++;
    }

    /** Reload: the instance rebuilt from its new block keeps the counts of the one it replaces (same name). */
    public void copyFrom(VrrpStats other) {
        System.arraycopy(other.values, 0, values, 0, values.length);
    }

    public void reset() {
        Arrays.fill(values, 0);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Counter c : COUNTERS) {
            if (values[c.ordinal()] != 0) {
                s.append(s.length() == 0 ? "" : ", ").append(c.keepalivedName()).append('=').append(values[c.ordinal()]);
            }
        }
        return s.toString();
    }
}
