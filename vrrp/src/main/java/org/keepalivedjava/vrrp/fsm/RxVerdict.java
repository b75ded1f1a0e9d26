package org.keepalivedjava.vrrp.fsm;

/**
 * What the receive checks (RFC 5798 §7.1, RFC 3768 §7.1, as keepalived 2.2.7's vrrp_check_packet applies them)
 * made of one received packet. Anything but {@link #ACCEPTED} never changes the state; the counter bumped for
 * each is documented per constant.
 */
public enum RxVerdict {
    /** Valid; the state machine acted on it (which may be "discard a lower priority advert", as keepalived). */
    ACCEPTED,
    /** The instance is INIT, FAULT or STOP: keepalived does not even look at the packet. No counter. */
    NOT_LISTENING,
    /** Too short, or length not matching the address count: packet_len_err. */
    BAD_LENGTH,
    /** Multicast advert with TTL/hop limit not 255: ip_ttl_err. */
    BAD_TTL,
    /** Version not the instance's (or not 2/3): vers_err. */
    BAD_VERSION,
    /** v2 auth type not 0/1/2: invalid_authtype. */
    INVALID_AUTH_TYPE,
    /** v2 auth type not the configured one: authtype_mismatch. */
    AUTH_TYPE_MISMATCH,
    /**
     * v2 PASS password differs, or the auth_hmac trailer fails (malformed, stale, unknown key, HMAC, replay):
     * auth_failure.
     */
    AUTH_FAILURE,
    /** v2 advert interval differs from ours; dropped "to prevent concurrent VRID running": advert_interval_err. */
    INTERVAL_MISMATCH,
    /** Type not ADVERTISEMENT: invalid_type_rcvd. */
    BAD_TYPE,
    /** Address count differs from our VIP count: addr_list_err. */
    ADDRESS_COUNT_MISMATCH,
    /** Checksum does not verify: chk_err. */
    BAD_CHECKSUM,
    /** Multicast advert on a unicast instance or the reverse: addr_list_err. */
    CAST_MISMATCH,
    /** One of our VIPs is missing from the advert (after advert_rcvd was counted): addr_list_err. */
    ADDRESS_MISSING,
    /** check_unicast_src: the source is not a unicast_peer (after advert_rcvd): unicast_src_err. */
    UNICAST_SOURCE_NOT_PEER,
    /** check_unicast_src: TTL outside the peer's min_ttl..max_ttl: ip_ttl_err. */
    UNICAST_TTL_OUT_OF_RANGE,
    /** The VRID is not this instance's: vrid_err (the dispatcher normally never delivers it). */
    OTHER_VRID
}
