package org.keepalivedjava.vrrp.packet;

/**
 * Why {@link VrrpPacketCodec#decode} found a VRRP message not well-formed. Only well-formedness: whether the advert
 * is one this instance accepts (VRID, TTL, auth, interval, addresses) is judged by the state machine's receive
 * checks. Decoding reports, it never throws.
 */
public enum ParseError {
    /** Well-formed. */
    NONE,
    /** Shorter than the 8-byte fixed header: not even the VRID can be read. */
    TOO_SHORT,
    /** Version nibble is neither 2 (RFC 3768) nor 3 (RFC 5798). */
    BAD_VERSION,
    /** The length differs from what the version, family and Count IPvX Addr imply (RFC 5798 §7.1). */
    BAD_LENGTH,
    /** Type nibble is not 1 (ADVERTISEMENT), the only type defined. */
    BAD_TYPE,
    /** The checksum does not verify (v2: over the message; v3: with the pseudo-header). Fields are filled. */
    BAD_CHECKSUM
}
