package org.keepalivedjava.os.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.libc.SigSet;

/** SignalFd.isBlocked reads the mask from /proc without JNR; it must say what the kernel says. */
class SignalMaskTest {
    private static final int JSON_SIGNAL = 34 + 2;

    @Test
    void sigBlkLineIsReadAsAHexMask() {
        String status = "Name:\tjava\nSigPnd:\t0000000000000000\nSigBlk:\t0000000800000000\nSigIgn:\t0000000000000001\n";
        assertEquals(Optional.of(true), SignalFd.blockedIn(status, 36), "bit 35 is signal 36");
        assertEquals(Optional.of(false), SignalFd.blockedIn(status, 35));
        assertEquals(Optional.of(false), SignalFd.blockedIn(status, 1), "SigIgn is not SigBlk");
        assertEquals(Optional.of(true), SignalFd.blockedIn("SigBlk:\tffffffffffffffff\n", 64));
        assertEquals(Optional.empty(), SignalFd.blockedIn("Name:\tjava\n", 36));
    }

    @Test
    void procAnswerIsTheKernelsAnswer() {
        assertEquals(SignalFd.isBlockedNative(JSON_SIGNAL), SignalFd.isBlocked(JSON_SIGNAL));
        assertEquals(SignalFd.isBlockedNative(15), SignalFd.isBlocked(15));
    }

    /** The calling thread's own mask (thread-self), not the process's: block a signal here, then unblock it. */
    @Test
    void followsThisThreadsMask() {
        int signo = 34 + 5;
        NativeBuffer set = NativeBuffer.allocate(SigSet.SIZE_BYTES);
        SigSet.encode(set.buffer(), SigSet.bit(signo));
        Native.threadSignalMask(Consts.SIG_BLOCK, set, null);
        try {
            assertTrue(SignalFd.isBlocked(signo));
        } finally {
            Native.threadSignalMask(Consts.SIG_UNBLOCK, set, null);
        }
        assertFalse(SignalFd.isBlocked(signo));
    }
}
