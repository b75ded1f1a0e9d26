package org.keepalivedjava.os.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.os.libc.Consts.EPOLLIN;
import static org.keepalivedjava.os.libc.Consts.EPOLLOUT;
import static org.keepalivedjava.os.libc.Consts.O_CLOEXEC;
import static org.keepalivedjava.os.libc.Consts.O_NONBLOCK;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jnr.unixsocket.UnixSocketChannel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.NativeException;

/** fd registration and dispatch over real eventfds, pipes and Unix sockets (no root needed). */
class EventLoopFdTest {
    private final ManualClock clock = new ManualClock(0);
    private final List<Object[]> errors = new ArrayList<>();
    private final EventLoop loop = new EventLoop(clock, (source, error) -> errors.add(new Object[] {source, error}),
            64, 64);
    private final List<Integer> openFds = new ArrayList<>();
    private final NativeBuffer eight = NativeBuffer.allocate(8);

    @AfterEach
    void close() {
        loop.close();
        for (int fd : openFds) {
            Native.close(fd);
        }
    }

    private int eventfd() {
        int fd = Native.eventfd(0, O_NONBLOCK | O_CLOEXEC);
        openFds.add(fd);
        return fd;
    }

    private void signal(int eventfd) {
        eight.buffer().putLong(0, 1);
        Native.write(eventfd, eight, 8);
    }

    private long drain(int eventfd) {
        return Native.read(eventfd, eight, 8) == 8 ? eight.buffer().getLong(0) : 0;
    }

    @Test
    void readyFdCallsItsHandlerWithEventsAndTheLoopClock() {
        int fd = eventfd();
        List<String> calls = new ArrayList<>();
        Registration registration = loop.register(fd, EPOLLIN, (reg, events, nowNs) -> {
            calls.add("fd " + reg.fd() + " events " + events + " now " + nowNs + " count " + drain(reg.fd()));
        });
        assertEquals(0, loop.runOnce(0));
        signal(fd);
        signal(fd);
        clock.setNs(77);
        assertEquals(1, loop.runOnce(0));
        assertEquals(List.of("fd " + fd + " events " + EPOLLIN + " now 77 count 2"), calls);
        assertEquals(0, loop.runOnce(0), "level-triggered, but drained");
        assertTrue(registration.isActive());
        assertEquals(1, loop.registrationCount());
    }

    @Test
    void modifyChangesInterestAndUnregisterStopsEvents() {
        int fd = eventfd();
        List<Integer> seen = new ArrayList<>();
        Registration registration = loop.register(fd, EPOLLIN, (reg, events, nowNs) -> seen.add(events));
        assertEquals(0, loop.runOnce(0));
        loop.modify(registration, EPOLLOUT); // an eventfd far from its maximum is always writable
        assertEquals(EPOLLOUT, registration.interest());
        assertEquals(1, loop.runOnce(0));
        assertEquals(List.of(EPOLLOUT), seen);
        loop.unregister(registration);
        loop.unregister(registration); // harmless twice
        assertFalse(registration.isActive());
        assertEquals(0, loop.runOnce(0));
        assertEquals(0, loop.registrationCount());
        assertThrows(IllegalStateException.class, () -> loop.modify(registration, EPOLLIN));
    }

    @Test
    void registeringABadFdThrowsAndLeavesNoRegistration() {
        NativeException e = assertThrows(NativeException.class, () -> loop.register(99_999, EPOLLIN, (r, ev, n) -> { }));
        assertTrue(e.getMessage().startsWith("epoll_ctl(ADD fd 99999): EBADF"), e.getMessage());
        assertEquals(0, loop.registrationCount());
    }

    @Test
    void handlerUnregisteringAnotherFdInTheSameBatchSuppressesItsEvent() {
        int first = eventfd();
        int second = eventfd();
        List<Integer> calls = new ArrayList<>();
        Registration[] registrations = new Registration[2];
        FdHandler handler = (reg, events, nowNs) -> {
            calls.add(reg.fd());
            loop.unregister(registrations[0] == reg ? registrations[1] : registrations[0]);
        };
        registrations[0] = loop.register(first, EPOLLIN, handler);
        registrations[1] = loop.register(second, EPOLLIN, handler);
        signal(first);
        signal(second);
        assertEquals(1, loop.runOnce(0));
        assertEquals(1, calls.size());
    }

    @Test
    void throwingHandlerIsReportedAndUnregisteredAndTheLoopGoesOn() {
        int bad = eventfd();
        int good = eventfd();
        RuntimeException boom = new IllegalArgumentException("bad handler");
        Registration badRegistration = loop.register(bad, EPOLLIN, (reg, events, nowNs) -> {
            throw boom;
        });
        int[] goodCalls = {0};
        loop.register(good, EPOLLIN, (reg, events, nowNs) -> {
            goodCalls[0]++;
            drain(reg.fd());
        });
        signal(bad);
        signal(good);
        assertEquals(2, loop.runOnce(0));
        assertEquals(1, errors.size());
        assertSame(badRegistration, errors.get(0)[0]);
        assertSame(boom, errors.get(0)[1]);
        assertFalse(badRegistration.isActive());
        // bad is still readable (never drained) but no longer in the set; good keeps working
        signal(good);
        assertEquals(1, loop.runOnce(0));
        assertEquals(2, goodCalls[0]);
        assertEquals(1, errors.size());
    }

    @Test
    void handlerThatClosesItsFdThenThrowsIsStillCleanedUp() {
        int fd = Native.eventfd(0, O_NONBLOCK | O_CLOEXEC);
        Registration registration = loop.register(fd, EPOLLIN, (reg, events, nowNs) -> {
            Native.close(reg.fd());
            throw new IllegalStateException("closed and failed");
        });
        signal(fd);
        assertEquals(1, loop.runOnce(0));
        assertFalse(registration.isActive());
        assertEquals(1, errors.size());
    }

    /** Thousands of fds in one epoll set, fewer ready than registered, more ready than one epoll_wait returns. */
    @Test
    void thousandsOfFds() throws IOException {
        int count = Math.min(2_000, (int) (openFileLimit() - fdsInUse() - 100));
        assertTrue(count >= 1_000, "RLIMIT_NOFILE too low for this test: " + openFileLimit());
        int[] fds = new int[count];
        int[] calls = new int[count];
        Registration[] registrations = new Registration[count];
        for (int i = 0; i < count; i++) {
            fds[i] = eventfd();
            int index = i;
            registrations[i] = loop.register(fds[i], EPOLLIN, (reg, events, nowNs) -> {
                calls[index]++;
                drain(reg.fd());
            });
        }
        assertEquals(count, loop.registrationCount());
        int expected = 0;
        for (int i = 0; i < count; i += 3) {
            signal(fds[i]);
            expected++;
        }
        int total = 0;
        for (int iteration = 0; iteration < 100 && total < expected; iteration++) {
            total += loop.runOnce(0);
        }
        assertEquals(expected, total);
        for (int i = 0; i < count; i++) {
            assertEquals(i % 3 == 0 ? 1 : 0, calls[i], "calls of fd #" + i);
        }
        for (Registration registration : registrations) {
            loop.unregister(registration);
        }
        assertEquals(0, loop.registrationCount());
    }

    private static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no 'Max open files' in /proc/self/limits");
    }

    private static long fdsInUse() throws IOException {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            return list.count();
        }
    }

    /** A jnr-unixsocket channel joins the loop through its fd; its data is read on the loop. */
    @Test
    void unixSocketChannelJoinsThroughItsFd() throws IOException {
        UnixSocketChannel[] pair = UnixSocketChannel.pair();
        try {
            pair[0].configureBlocking(false);
            StringBuilder received = new StringBuilder();
            ByteBuffer readBuffer = ByteBuffer.allocate(64);
            Registration registration = loop.register(pair[0].getFD(), EPOLLIN, (reg, events, nowNs) -> {
                try {
                    readBuffer.clear();
                    int n = pair[0].read(readBuffer);
                    received.append(new String(readBuffer.array(), 0, Math.max(n, 0), StandardCharsets.US_ASCII));
                    if (n < 0) {
                        received.append("<EOF>");
                        loop.unregister(reg);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(0, loop.runOnce(0));
            pair[1].write(ByteBuffer.wrap("hello loop".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(1, loop.runOnce(0));
            assertEquals("hello loop", received.toString());
            pair[1].close();
            assertEquals(1, loop.runOnce(0));
            assertEquals("hello loop<EOF>", received.toString());
            assertFalse(registration.isActive());
            assertEquals(List.of(), errors);
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }
}
