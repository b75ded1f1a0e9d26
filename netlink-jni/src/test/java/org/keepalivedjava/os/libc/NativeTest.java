package org.keepalivedjava.os.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.os.libc.Consts.O_CLOEXEC;
import static org.keepalivedjava.os.libc.Consts.O_NONBLOCK;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class NativeTest {

    @Test
    void failureNamesTheCallErrnoAndStrerror() {
        NativeException e = assertThrows(NativeException.class, () -> Native.close(-1));
        assertEquals("close(fd -1)", e.syscall());
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("close(fd -1): EBADF (9) Bad file descriptor", e.getMessage());
    }

    @Test
    void epollCtlFailureNamesTheOperationAndFd() {
        int epfd = Native.epollCreate();
        try {
            NativeBuffer event = NativeBuffer.allocate(EpollEvent.NATIVE.sizeBytes());
            NativeException e = assertThrows(NativeException.class,
                    () -> Native.epollCtl(epfd, Consts.EPOLL_CTL_MOD, 99_999, event));
            assertEquals("epoll_ctl(MOD fd 99999)", e.syscall());
            assertEquals(Errno.EBADF, e.errno());
        } finally {
            Native.close(epfd);
        }
    }

    @Test
    void errnoNamesFallBackToTheNumber() {
        assertEquals("EAGAIN", Errno.name(11));
        assertEquals("EINPROGRESS", Errno.name(115));
        assertEquals("errno 4095", Errno.name(4095));
    }

    @Test
    void eventfdReadWouldBlockWhenEmptyThenReturnsTheCounter() {
        int fd = Native.eventfd(0, O_NONBLOCK | O_CLOEXEC);
        try {
            NativeBuffer buf = NativeBuffer.allocate(8);
            assertEquals(Native.WOULD_BLOCK, Native.read(fd, buf, 8));
            buf.buffer().putLong(0, 5);
            assertEquals(8, Native.write(fd, buf, 8));
            assertEquals(8, Native.write(fd, buf, 8));
            buf.buffer().putLong(0, 0);
            assertEquals(8, Native.read(fd, buf, 8));
            assertEquals(10, buf.buffer().getLong(0));
            assertThrows(IndexOutOfBoundsException.class, () -> Native.read(fd, buf, 9));
        } finally {
            Native.close(fd);
        }
    }

    @Test
    void pipeNonBlockingFlagAndEndOfFile() {
        int[] pipe = Native.pipe2(O_CLOEXEC);
        try {
            assertFalse(Native.isNonBlocking(pipe[0]));
            Native.setNonBlocking(pipe[0], true);
            assertTrue(Native.isNonBlocking(pipe[0]));
            NativeBuffer buf = NativeBuffer.allocate(16);
            assertEquals(Native.WOULD_BLOCK, Native.read(pipe[0], buf, 16));
            buf.buffer().put(0, (byte) 'k');
            assertEquals(1, Native.write(pipe[1], buf, 1));
            buf.buffer().put(0, (byte) 0);
            assertEquals(1, Native.read(pipe[0], buf, 16));
            assertEquals('k', buf.buffer().get(0));
            Native.close(pipe[1]);
            pipe[1] = -1;
            assertEquals(0, Native.read(pipe[0], buf, 16), "end of file");
            Native.setNonBlocking(pipe[0], false);
            assertFalse(Native.isNonBlocking(pipe[0]));
        } finally {
            Native.close(pipe[0]);
            if (pipe[1] >= 0) {
                Native.close(pipe[1]);
            }
        }
    }

    @Test
    void writeToAPipeWithoutReaderIsEpipe() {
        int[] pipe = Native.pipe2(O_CLOEXEC | O_NONBLOCK);
        Native.close(pipe[0]);
        try {
            NativeBuffer buf = NativeBuffer.allocate(1);
            // The JVM ignores SIGPIPE, so the write fails with EPIPE instead of killing the process.
            NativeException e = assertThrows(NativeException.class, () -> Native.write(pipe[1], buf, 1));
            assertEquals(Errno.EPIPE, e.errno());
        } finally {
            Native.close(pipe[1]);
        }
    }

    @Test
    void processCalls() {
        assertEquals(ProcessHandle.current().pid(), Native.getpid());
        Native.kill(Native.getpid(), 0); // signal 0: existence check only
        NativeException e = assertThrows(NativeException.class, () -> Native.kill(Integer.MAX_VALUE, 0));
        assertEquals(Errno.ESRCH, e.errno());
        assertTrue(Native.gettid() > 0);
    }

    @Test
    void parentDeathSignalRoundTrip() {
        int before = Native.parentDeathSignal();
        try {
            Native.setParentDeathSignal(Consts.SIGTERM);
            assertEquals(Consts.SIGTERM, Native.parentDeathSignal());
        } finally {
            Native.setParentDeathSignal(before);
        }
        assertEquals(before, Native.parentDeathSignal());
    }

    /** On a thread of its own: the mask is per thread, and the test runner's threads must stay untouched. */
    @Test
    void threadSignalMaskBlocksOnTheCallingThreadOnly() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                NativeBuffer set = NativeBuffer.allocate(SigSet.SIZE_BYTES);
                NativeBuffer old = NativeBuffer.allocate(SigSet.SIZE_BYTES);
                SigSet.encode(set.buffer(), SigSet.bit(Consts.SIGWINCH));
                Native.threadSignalMask(Consts.SIG_BLOCK, set, null);
                Native.threadSignalMask(Consts.SIG_BLOCK, null, old);
                result.set(SigSet.decode(old.buffer()) & SigSet.bit(Consts.SIGWINCH));
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        thread.start();
        thread.join();
        assertEquals(SigSet.bit(Consts.SIGWINCH), result.get());
        NativeBuffer mine = NativeBuffer.allocate(SigSet.SIZE_BYTES);
        Native.threadSignalMask(Consts.SIG_BLOCK, null, mine);
        assertEquals(0, SigSet.decode(mine.buffer()) & SigSet.bit(Consts.SIGWINCH));
        NativeException e = assertThrows(NativeException.class, () -> Native.threadSignalMask(99, mine, null));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void epollWaitTimeoutRoundsUpToWholeMilliseconds() {
        assertEquals(-1, Native.timeoutMsRoundedUp(-5));
        assertEquals(0, Native.timeoutMsRoundedUp(0));
        assertEquals(1, Native.timeoutMsRoundedUp(1));
        assertEquals(1, Native.timeoutMsRoundedUp(1_000_000));
        assertEquals(2, Native.timeoutMsRoundedUp(1_000_001));
        assertEquals(Integer.MAX_VALUE, Native.timeoutMsRoundedUp(Long.MAX_VALUE));
    }
}
