package org.keepalivedjava.vrrp.packet;

import java.util.Arrays;
import java.util.List;

import org.keepalivedjava.os.inet.IpAddress;

/**
 * The fields of one VRRP advertisement, mutable and reused: {@link VrrpPacketCodec#decode} fills one per receive
 * path and {@link VrrpPacketCodec#encode} reads one per send path, so neither allocates per packet. The address
 * list lives in a fixed array big enough for 255 IPv6 addresses. Not thread-safe (loop thread only).
 */
public final class VrrpAdvert {
    /** RFC 5798 §5.2.5: Count IPvX Addr is one octet. */
    public static final int MAX_ADDRESSES = 255;

    int version;
    int type;
    int vrid;
    int priority;
    int addressCount;
    /** v2 only (RFC 3768 §5.3.6): 0 none, 1 simple text password, 2 IP authentication header. */
    int authType;
    /** v2 only, IPv4 only: the 8 bytes after the addresses (the PASS password, NUL padded). */
    final byte[] authData = new byte[VrrpPacketCodec.AUTH_DATA_BYTES];
    /** As on the wire: v2 seconds (8 bits), v3 centiseconds (12 bits). */
    int advertInterval;
    int checksum;
    boolean ipv6;
    final byte[] addresses = new byte[MAX_ADDRESSES * 16];

    public int version() {
        return version;
    }

    public int type() {
        return type;
    }

    public int vrid() {
        return vrid;
    }

    public int priority() {
        return priority;
    }

    public int addressCount() {
        return addressCount;
    }

    public int authType() {
        return authType;
    }

    /** The advert interval field as sent: seconds for v2, centiseconds for v3. */
    public int advertIntervalRaw() {
        return advertInterval;
    }

    /** The advert interval in micro-seconds (keepalived's unit): v2 seconds * 10^6, v3 centiseconds * 10^4. */
    public long advertIntervalUs() {
        return version == VrrpPacketCodec.VERSION_2 ? advertInterval * 1_000_000L : advertInterval * 10_000L;
    }

    public int checksum() {
        return checksum;
    }

    public boolean ipv6() {
        return ipv6;
    }

    /** 4 or 16. */
    public int addressLength() {
        return ipv6 ? 16 : 4;
    }

    /** True when the first 8 bytes of {@code expected} equal the received authentication data. */
    public boolean authDataEquals(byte[] expected) {
        return Arrays.equals(authData, 0, authData.length, expected, 0, authData.length);
    }

    /** True when address {@code index} of the advert is {@code address} (no allocation). */
    public boolean addressIs(int index, IpAddress address) {
        int length = addressLength();
        if (address.length() != length) {
            return false;
        }
        int base = index * length;
        for (int i = 0; i < length; i++) {
            if ((addresses[base + i] & 0xff) != address.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code address} is anywhere in the advert's address list (no allocation). */
    public boolean containsAddress(IpAddress address) {
        for (int i = 0; i < addressCount; i++) {
            if (addressIs(i, address)) {
                return true;
            }
        }
        return false;
    }

    /** Address {@code index} (allocates: logs and tests). */
    public IpAddress address(int index) {
        int length = addressLength();
        return IpAddress.of(Arrays.copyOfRange(addresses, index * length, index * length + length));
    }

    // ---- setters for the send path (set once per instance, then only the priority changes) ----

    public VrrpAdvert version(int version) {
        this.version = version;
        return this;
    }

    public VrrpAdvert type(int type) {
        this.type = type;
        return this;
    }

    public VrrpAdvert vrid(int vrid) {
        this.vrid = vrid;
        return this;
    }

    public VrrpAdvert priority(int priority) {
        this.priority = priority;
        return this;
    }

    /** The interval field as it goes on the wire: v2 seconds, v3 centiseconds. */
    public VrrpAdvert advertIntervalRaw(int interval) {
        this.advertInterval = interval;
        return this;
    }

    /** Sets the v2 authentication: type and up to 8 bytes of data (NUL padded, longer is truncated). */
    public VrrpAdvert auth(int authType, byte[] data) {
        this.authType = authType;
        Arrays.fill(authData, (byte) 0);
        if (data != null) {
            System.arraycopy(data, 0, authData, 0, Math.min(data.length, authData.length));
        }
        return this;
    }

    /** Sets the family and the address list; all addresses must be of one family. */
    public VrrpAdvert addresses(boolean ipv6, List<IpAddress> list) {
        if (list.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("at most " + MAX_ADDRESSES + " addresses, not " + list.size());
        }
        this.ipv6 = ipv6;
        int length = addressLength();
        for (int i = 0; i < list.size(); i++) {
            IpAddress a = list.get(i);
            if (a.length() != length) {
                throw new IllegalArgumentException("address " + a + " is not " + (ipv6 ? "IPv6" : "IPv4"));
            }
            for (int j = 0; j < length; j++) {
                addresses[i * length + j] = (byte) a.byteAt(j);
            }
        }
        this.addressCount = list.size();
        return this;
    }

    /** Copies every field of {@code other} into this advert. */
    public void copyFrom(VrrpAdvert other) {
        version = other.version;
        type = other.type;
        vrid = other.vrid;
        priority = other.priority;
        addressCount = other.addressCount;
        authType = other.authType;
        System.arraycopy(other.authData, 0, authData, 0, authData.length);
        advertInterval = other.advertInterval;
        checksum = other.checksum;
        ipv6 = other.ipv6;
        System.arraycopy(other.addresses, 0, addresses, 0, addressCount * addressLength());
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("VRRPv").append(version).append(" type ").append(type).append(" vrid ")
                .append(vrid).append(" prio ").append(priority).append(" intvl ").append(advertInterval)
                .append(version == VrrpPacketCodec.VERSION_2 ? "s" : "cs");
        if (version == VrrpPacketCodec.VERSION_2) {
            s.append(" auth ").append(authType);
        }
        s.append(" csum 0x").append(Integer.toHexString(checksum)).append(" addrs:");
        for (int i = 0; i < addressCount; i++) {
            s.append(' ').append(IpAddress.format(Arrays.copyOfRange(addresses, i * addressLength(),
                    (i + 1) * addressLength()), addressLength()));
        }
        return s.toString();
    }
}
