package org.keepalivedjava.os.libc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
import static org.keepalivedjava.os.libc.Consts.EPOLLOUT;
import static org.keepalivedjava.os.libc.Consts.EPOLL_CTL_ADD;
import static org.keepalivedjava.os.libc.Consts.O_CLOEXEC;
import static org.keepalivedjava.os.libc.Consts.O_NONBLOCK;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EpollEventTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.capacity()];
        buffer.duplicate().clear().get(out);
        return out;
    }

    @Test
    void packedLayoutIsTwelveBytesWithDataAtFour() {
        ByteBuffer array = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        EpollEvent.PACKED.put(array, 0, EPOLLIN, 0x0102030405060708L);
        EpollEvent.PACKED.put(array, 1, EPOLLIN | EPOLLOUT | Consts.EPOLLET, -2L);
        assertArrayEquals(new byte[] {
                0x01, 0x00, 0x00, 0x00, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
                0x05, 0x00, 0x00, (byte) 0x80, (byte) 0xfe, -1, -1, -1, -1, -1, -1, -1 }, bytes(array));
        assertEquals(12, EpollEvent.PACKED.sizeBytes());
        assertEquals(EPOLLIN | EPOLLOUT | Consts.EPOLLET, EpollEvent.PACKED.events(array, 1));
        assertEquals(-2L, EpollEvent.PACKED.data(array, 1));
        assertEquals(0x0102030405060708L, EpollEvent.PACKED.data(array, 0));
    }

    @Test
    void alignedLayoutIsSixteenBytesWithDataAtEight() {
        ByteBuffer array = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        EpollEvent.ALIGNED.put(array, 1, EPOLLOUT, 0x1122334455667788L);
        byte[] expected = new byte[32];
        expected[16] = 0x04;
        byte[] data = {(byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11};
        System.arraycopy(data, 0, expected, 24, 8);
        assertArrayEquals(expected, bytes(array));
        assertEquals(0x1122334455667788L, EpollEvent.ALIGNED.data(array, 1));
        assertEquals(EPOLLOUT, EpollEvent.ALIGNED.events(array, 1));
    }

    @Test
    void layoutFollowsArchitecture() {
        assertSame(EpollEvent.PACKED, EpollEvent.forArch("amd64"));
        assertSame(EpollEvent.PACKED, EpollEvent.forArch("x86_64"));
        assertSame(EpollEvent.ALIGNED, EpollEvent.forArch("aarch64"));
    }

    /** The kernel agrees with the layout: several events come back with their 64-bit data intact. */
    @Test
    void nativeLayoutMatchesTheKernel() {
        int epfd = Native.epollCreate();
        int[] fds = new int[3];
        long[] datas = {0x1122334455667788L, -1L ^ 0xff, 0x7fff_0000_0000_0001L};
        NativeBuffer one = NativeBuffer.allocate(8);
        one.buffer().putLong(0, 1);
        NativeBuffer ctl = NativeBuffer.allocate(EpollEvent.NATIVE.sizeBytes());
        try {
            for (int i = 0; i < fds.length; i++) {
                fds[i] = Native.eventfd(0, O_NONBLOCK | O_CLOEXEC);
                EpollEvent.NATIVE.put(ctl.buffer(), 0, EPOLLIN, datas[i]);
                Native.epollCtl(epfd, EPOLL_CTL_ADD, fds[i], ctl);
                Native.write(fds[i], one, 8);
            }
            NativeBuffer events = NativeBuffer.allocate(8 * EpollEvent.NATIVE.sizeBytes());
            NativeBuffer timespec = NativeBuffer.allocate(Native.TIMESPEC_BYTES);
            int n = Native.epollWait(epfd, events, 8, 0, timespec);
            assertEquals(3, n);
            Map<Long, Integer> seen = new HashMap<>();
            for (int i = 0; i < n; i++) {
                seen.put(EpollEvent.NATIVE.data(events.buffer(), i), EpollEvent.NATIVE.events(events.buffer(), i));
            }
            for (long data : datas) {
                assertEquals(EPOLLIN, seen.get(data), "event with data " + Long.toHexString(data));
            }
        } finally {
            for (int fd : fds) {
                if (fd > 0) {
                    Native.close(fd);
                }
            }
            Native.close(epfd);
        }
    }
}
