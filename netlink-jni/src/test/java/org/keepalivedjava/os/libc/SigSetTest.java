package org.keepalivedjava.os.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class SigSetTest {

    @Test
    void signalNIsBitNMinusOne() {
        assertEquals(1L, SigSet.bit(Consts.SIGHUP));
        assertEquals(1L << 9, SigSet.bit(Consts.SIGUSR1));
        assertEquals(Long.MIN_VALUE, SigSet.bit(64));
        assertThrows(IllegalArgumentException.class, () -> SigSet.bit(0));
        assertThrows(IllegalArgumentException.class, () -> SigSet.bit(65));
    }

    @Test
    void encodesTheFirstWordAndClearsTheRest() {
        ByteBuffer set = ByteBuffer.allocate(SigSet.SIZE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SigSet.SIZE_BYTES; i++) {
            set.put(i, (byte) 0xff);
        }
        SigSet.encode(set, SigSet.bit(Consts.SIGUSR1) | SigSet.bit(Consts.SIGTERM));
        // SIGUSR1 = 10 -> bit 9 -> byte 1 bit 1; SIGTERM = 15 -> bit 14 -> byte 1 bit 6
        assertEquals(0x00, set.get(0));
        assertEquals(0x42, set.get(1));
        for (int i = 2; i < SigSet.SIZE_BYTES; i++) {
            assertEquals(0, set.get(i), "byte " + i);
        }
        assertEquals(SigSet.bit(Consts.SIGUSR1) | SigSet.bit(Consts.SIGTERM), SigSet.decode(set));
    }

    @Test
    void readsSignoOfASignalfdRecord() {
        ByteBuffer records = ByteBuffer.allocate(2 * SigSet.SIGNALFD_SIGINFO_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        records.putInt(SigSet.SIGNALFD_SIGINFO_BYTES, Consts.SIGUSR2);
        assertEquals(Consts.SIGUSR2, SigSet.signalfdSigno(records, SigSet.SIGNALFD_SIGINFO_BYTES));
    }
}
