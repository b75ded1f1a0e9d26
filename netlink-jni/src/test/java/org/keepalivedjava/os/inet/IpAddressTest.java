package org.keepalivedjava.os.inet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Consts;

class IpAddressTest {
    @Test
    void parsesLiteralsOnly() {
        IpAddress a = IpAddress.parse("192.0.2.1");
        assertTrue(a.isV4());
        assertEquals(0xc0000201, a.v4());
        assertEquals(Consts.AF_INET, a.family());
        assertEquals(IpAddress.v4(0xc0000201), a);
        assertEquals("192.0.2.1", a.toString());
        IpAddress b = IpAddress.parse("2001:db8::100");
        assertFalse(b.isV4());
        assertEquals(16, b.length());
        assertEquals(Consts.AF_INET6, b.family());
        assertEquals(0x20, b.byteAt(0));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("example.org"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("2001:db8::g"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.of(new byte[5]));
    }

    @Test
    void formatsIpv4MappedAsInetNtopDoes() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[14] = 2;
        mapped[15] = 1;
        assertEquals("::ffff:192.0.2.1", IpAddress.format(mapped, 16));
        mapped[11] = 0; // ::ff00:c000:201 is not mapped
        assertEquals("::ff00:c000:201", IpAddress.format(mapped, 16));
    }

    @Test
    void formatsIpv6AsRfc5952() {
        assertEquals("fe80::100", IpAddress.parse("fe80:0:0:0:0:0:0:100").toString());
        assertEquals("ff02::12", IpAddress.VRRP_MULTICAST_V6.toString());
        assertEquals("::", IpAddress.ANY_V6.toString());
        assertEquals("2001:db8::1:0:0:1", IpAddress.parse("2001:db8:0:0:1:0:0:1").toString(), "first longest run");
        assertEquals("2001:db8:0:1:1:1:1:1", IpAddress.parse("2001:db8:0:1:1:1:1:1").toString(), "one zero group stays");
        assertEquals("fe80::5eff:fec0:201", IpAddress.parse("fe80::5eff:fec0:201").toString());
        assertEquals("::1", IpAddress.parse("::1").toString());
        assertEquals("1::", IpAddress.parse("1::").toString());
    }

    @Test
    void classifies() {
        assertTrue(IpAddress.VRRP_MULTICAST_V4.isMulticast());
        assertEquals("224.0.0.18", IpAddress.VRRP_MULTICAST_V4.toString());
        assertTrue(IpAddress.VRRP_MULTICAST_V6.isMulticast());
        assertFalse(IpAddress.parse("192.0.2.1").isMulticast());
        assertTrue(IpAddress.parse("fe80::1").isLinkLocal());
        assertFalse(IpAddress.parse("2001:db8::1").isLinkLocal());
        assertTrue(IpAddress.parse("169.254.1.1").isLinkLocal());
    }

    @Test
    void comparesWithReceivedBytesWithoutAllocating() {
        IpAddress a = IpAddress.parse("2001:db8::100");
        byte[] received = new byte[16];
        a.copyTo(received);
        assertTrue(a.sameAs(received, 16));
        assertFalse(a.sameAs(received, 4));
        received[15] = 1;
        assertFalse(a.sameAs(received, 16));
        ByteBuffer b = ByteBuffer.allocate(20);
        a.write(b, 2);
        assertEquals(a, IpAddress.read(b, 2, 16));
        assertNotEquals(a, IpAddress.parse("2001:db8::101"));
        assertEquals(a.hashCode(), IpAddress.parse("2001:db8:0::100").hashCode());
        assertEquals(a, IpAddress.of(a.toInetAddress()));
    }
}
