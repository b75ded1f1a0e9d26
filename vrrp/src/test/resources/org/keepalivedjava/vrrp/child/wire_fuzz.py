#!/usr/bin/env python3
"""Sends mutated VRRP adverts as whole Ethernet frames (AF_PACKET) on eth0 of the namespace it runs in, one frame
per case, in the order given on the command line. Used by VrrpWireFuzzTest (which holds what each case must do).
Usage: wire_fuzz.py MASTER_MAC CASE...   Prints "sent CASE LENGTH" per frame. Test lab addresses only."""
import hashlib
import hmac
import socket
import struct
import sys
import time

IFACE = "eth0"
SRC4, GROUP4, MASTER4 = "192.0.2.2", "224.0.0.18", "192.0.2.1"
VIP4, OTHER4 = "192.0.2.100", "192.0.2.99"
GROUP6, VIP6 = "ff02::12", "2001:db8::100"
MCAST_MAC4 = bytes.fromhex("01005e000012")
MCAST_MAC6 = bytes.fromhex("333300000012")


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def vrrp2(vrid=51, prio=100, addrs=(VIP4,), auth_type=1, auth=b"secret1\0", interval=1, ver_type=0x21,
          extra=b"", break_csum=False, count=None):
    body = struct.pack("!BBBBBBH", ver_type, vrid, prio, len(addrs) if count is None else count, auth_type, interval, 0)
    body += b"".join(socket.inet_aton(a) for a in addrs) + auth + extra
    c = csum(body) ^ (1 if break_csum else 0)
    return body[:6] + struct.pack("!H", c) + body[8:]


def vrrp3_4(vrid=51, prio=254, addrs=(VIP4,), interval=100):
    body = struct.pack("!BBBBHH", 0x31, vrid, prio, len(addrs), interval & 0xFFF, 0)
    body += b"".join(socket.inet_aton(a) for a in addrs)
    pseudo = socket.inet_aton(SRC4) + socket.inet_aton(GROUP4) + struct.pack("!BBH", 0, 112, len(body))
    c = csum(pseudo + body)
    return body[:6] + struct.pack("!H", c) + body[8:]


def hmac_trailer(message, key, vrid=51, key_id=1):
    """keepalived's auth_hmac trailer, signed with KEY (the forger's, not the pair's)."""
    now = time.time()
    prefix = struct.pack("!BBHIHH", 1, key_id, 0, int(now), int((now % 1) * 65536), 0)
    pseudo = bytes([4, 3, vrid, 0]) + socket.inet_aton(SRC4) + b"\0" * 12
    data = pseudo + message[:6] + b"\0\0" + message[8:] + prefix + b"\0" * 16
    return prefix + hmac.new(key, data, hashlib.sha256).digest()[:16]


def ipv4(payload, ttl=255, dst=GROUP4, ihl=5, options=b"", total=None, break_csum=False, proto=112):
    total = 4 * ihl + len(payload) if total is None else total
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0xC0, total, 1, 0, ttl, proto, 0,
                      socket.inet_aton(SRC4), socket.inet_aton(dst)) + options
    c = csum(hdr) ^ (1 if break_csum else 0)
    return hdr[:10] + struct.pack("!H", c) + hdr[12:] + payload


def link_local(mac):
    b = bytearray(mac)
    b[0] ^= 2
    return b"\xfe\x80" + b"\0" * 6 + bytes(b[:3]) + b"\xff\xfe" + bytes(b[3:])


def vrrp3_6(src6, vrid=52, prio=100, addrs=(VIP6,), interval=100, break_csum=False):
    body = struct.pack("!BBBBHH", 0x31, vrid, prio, len(addrs), interval & 0xFFF, 0)
    body += b"".join(socket.inet_pton(socket.AF_INET6, a) for a in addrs)
    pseudo = src6 + socket.inet_pton(socket.AF_INET6, GROUP6) + struct.pack("!I3xB", len(body), 112)
    c = csum(pseudo + body) ^ (1 if break_csum else 0)
    return body[:6] + struct.pack("!H", c) + body[8:]


def ipv6(src6, payload, hop=255, next_header=112, ext=b""):
    extension = ext[1:]
    return struct.pack("!IHBB", 0x6C000000, len(extension) + len(payload), next_header if not ext else ext_type(ext),
                       hop) + src6 + socket.inet_pton(socket.AF_INET6, GROUP6) + extension + payload


def ext_type(ext):
    return ext[0]


def ext_header(kind):
    # first byte: this header's own type (consumed by ipv6()), then next header 112, length 0 (8 bytes), PadN 4
    return bytes([kind]) + bytes([112, 0, 1, 4, 0, 0, 0, 0])


def cases(my_mac, master_mac):
    src6 = link_local(my_mac)
    v4 = lambda frame, dst_mac=MCAST_MAC4: dst_mac + my_mac + b"\x08\x00" + frame
    v6 = lambda frame: MCAST_MAC6 + my_mac + b"\x86\xdd" + frame
    return {
        "v4_valid_lower_priority": v4(ipv4(vrrp2())),
        "v4_priority_zero": v4(ipv4(vrrp2(prio=0))),
        "v4_ttl_254": v4(ipv4(vrrp2(), ttl=254)),
        "v4_length_plus_4": v4(ipv4(vrrp2(extra=b"\0\0\0\0"))),
        "v4_vrrp_7_bytes": v4(ipv4(vrrp2()[:7])),
        "v4_bad_checksum": v4(ipv4(vrrp2(break_csum=True))),
        "v4_version_4": v4(ipv4(vrrp2(ver_type=0x41))),
        "v4_version_3_to_v2": v4(ipv4(struct.pack("!BBBBHH", 0x31, 51, 100, 1, 100, 0) + socket.inet_aton(VIP4))),
        "v4_other_vrid": v4(ipv4(vrrp2(vrid=99))),
        "v4_auth_type_3": v4(ipv4(vrrp2(auth_type=3))),
        "v4_auth_none": v4(ipv4(vrrp2(auth_type=0, auth=b"\0" * 8))),
        "v4_wrong_password": v4(ipv4(vrrp2(auth=b"guessed\0"))),
        "v4_interval_2": v4(ipv4(vrrp2(interval=2))),
        "v4_type_2": v4(ipv4(vrrp2(ver_type=0x22))),
        "v4_two_addresses": v4(ipv4(vrrp2(addrs=(VIP4, OTHER4)))),
        "v4_count_255_short": v4(ipv4(vrrp2(count=255))),
        "v4_other_vip": v4(ipv4(vrrp2(addrs=(OTHER4,)))),
        "v4_unicast_to_multicast_instance": v4(ipv4(vrrp2(), dst=MASTER4), dst_mac=master_mac),
        "v4_ip_options_nop": v4(ipv4(vrrp2(), ihl=6, options=b"\x01\x01\x01\x00")),
        "v4_ip_header_truncated": v4(ipv4(vrrp2())[:12]),
        "v4_ip_ihl_4": v4(bytes([0x44]) + ipv4(vrrp2())[1:]),
        "v4_ip_bad_header_checksum": v4(ipv4(vrrp2(), break_csum=True)),
        "v4_ip_total_length_past_frame": v4(ipv4(vrrp2(), total=200)),
        "v6_valid_lower_priority": v6(ipv6(src6, vrrp3_6(src6))),
        "v6_hop_limit_254": v6(ipv6(src6, vrrp3_6(src6), hop=254)),
        "v6_bad_checksum": v6(ipv6(src6, vrrp3_6(src6, break_csum=True))),
        "v6_hop_by_hop_header": v6(ipv6(src6, vrrp3_6(src6), ext=ext_header(0))),
        "v6_destination_options_header": v6(ipv6(src6, vrrp3_6(src6), ext=ext_header(60))),
        "v3_prio254_without_trailer": v4(ipv4(vrrp3_4())),
        "v3_prio254_wrong_key": v4(ipv4(vrrp3_4() + hmac_trailer(vrrp3_4(), b"\x02" * 32))),
        "v6_two_addresses": v6(ipv6(src6, vrrp3_6(src6, addrs=(VIP6, "2001:db8::99")))),
    }


def main():
    master_mac = bytes.fromhex(sys.argv[1].replace(":", ""))
    with open("/sys/class/net/%s/address" % IFACE) as f:
        my_mac = bytes.fromhex(f.read().strip().replace(":", ""))
    frames = cases(my_mac, master_mac)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((IFACE, 0))
    for name in sys.argv[2:]:
        frame = frames[name]
        # no padding to the Ethernet minimum: a veth carries short frames, so a truncated header stays truncated
        s.send(frame)
        print("sent", name, len(frame), flush=True)


if __name__ == "__main__":
    main()
