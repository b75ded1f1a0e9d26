package org.keepalivedjava.os.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The socket wrappers against the real kernel, on loopback (no root needed). */
class NativeSocketTest {

    /** struct sockaddr_in for 127.0.0.1:port: family (host order), port and address (network order). */
    private static NativeBuffer loopback(int port) {
        NativeBuffer a = NativeBuffer.allocate(16);
        a.buffer().putShort(0, (short) Consts.AF_INET);
        a.buffer().order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port).putInt(4, 0x7f000001);
        a.buffer().order(ByteOrder.nativeOrder());
        return a;
    }

    private static int port(NativeBuffer sockaddrIn) {
        int p = sockaddrIn.buffer().order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xffff;
        sockaddrIn.buffer().order(ByteOrder.nativeOrder());
        return p;
    }

    @Test
    void udpRoundTripOnLoopback() {
        int fd = Native.socket(Consts.AF_INET, Consts.SOCK_DGRAM | Consts.SOCK_NONBLOCK, 0, "UDP test");
        try {
            Native.bind(fd, loopback(0), 16);
            NativeBuffer self = NativeBuffer.allocate(16);
            NativeBuffer len = NativeBuffer.allocate(4);
            assertEquals(16, Native.getsockname(fd, self, len));
            int port = port(self);
            assertNotEquals(0, port);

            NativeBuffer buf = NativeBuffer.allocate(64);
            assertEquals(Native.WOULD_BLOCK, Native.recvfrom(fd, buf, 64, 0, null, null), "nothing pending yet");
            buf.buffer().put(0, (byte) 'h').put(1, (byte) 'i');
            assertEquals(2, Native.sendto(fd, buf, 2, 0, loopback(port), 16));
            NativeBuffer from = NativeBuffer.allocate(16);
            NativeBuffer in = NativeBuffer.allocate(64);
            assertEquals(2, Native.recvfrom(fd, in, 64, 0, from, len));
            assertEquals('h', in.buffer().get(0));
            assertEquals('i', in.buffer().get(1));
            assertEquals(port, port(from), "the sender's address is reported");
        } finally {
            Native.close(fd);
        }
    }

    @Test
    void nonBlockingConnectToAClosedPortReportsItsErrorThroughSoError() {
        // Find a free port: bind, read the port, close, then connect to it (nothing listens).
        int probe = Native.socket(Consts.AF_INET, Consts.SOCK_STREAM, 0, "probe");
        NativeBuffer self = NativeBuffer.allocate(16);
        NativeBuffer len = NativeBuffer.allocate(4);
        Native.bind(probe, loopback(0), 16);
        Native.getsockname(probe, self, len);
        int port = port(self);
        Native.close(probe);

        int fd = Native.socket(Consts.AF_INET, Consts.SOCK_STREAM | Consts.SOCK_NONBLOCK, 0, "TCP test");
        try {
            NativeBuffer scratch = NativeBuffer.allocate(8);
            boolean connected;
            try {
                connected = Native.connect(fd, loopback(port), 16);
            } catch (NativeException refusedAtOnce) {
                assertEquals(Errno.ECONNREFUSED, refusedAtOnce.errno());
                return;
            }
            assertFalse(connected, "nothing listens, so it cannot be connected at once");
            // Loopback resolves the attempt almost at once; poll SO_ERROR a bounded number of times.
            int error = 0;
            for (int i = 0; i < 1000 && error == 0; i++) {
                error = Native.socketError(fd, scratch);
                Thread.onSpinWait();
            }
            assertEquals(Errno.ECONNREFUSED, error);
        } finally {
            Native.close(fd);
        }
    }

    @Test
    void failuresNameTheCallAndErrno() {
        NativeException e = assertThrows(NativeException.class,
                () -> Native.socket(12345, Consts.SOCK_DGRAM, 0, "bogus family"));
        assertTrue(e.getMessage().startsWith("socket(bogus family): EAFNOSUPPORT"), e.getMessage());
    }

    @Test
    void interfaceIndexOfLoopback() {
        assertEquals(1, Native.interfaceIndex("lo"));
        assertEquals(0, Native.interfaceIndex("no-such-if0"));
    }
}
