package org.keepalivedjava.os.libc;

import java.nio.ByteBuffer;

/**
 * Pure codec of {@code sigset_t} (glibc: 128 bytes, an array of unsigned long; signal {@code s} is bit
 * {@code s - 1}) and of the one field read from {@code struct signalfd_siginfo} (128 bytes, {@code ssi_signo}
 * a uint32 at offset 0). Linux has 64 signals, so the whole kernel set is the first unsigned long, which in
 * native byte order is simply {@code putLong(0, bits)}.
 */
public final class SigSet {
    /** glibc's sizeof(sigset_t); the kernel reads only the first 8 bytes. */
    public static final int SIZE_BYTES = 128;
    /** sizeof(struct signalfd_siginfo). */
    public static final int SIGNALFD_SIGINFO_BYTES = 128;
    private static final int SSI_SIGNO_OFFSET = 0;

    private SigSet() {
    }

    /** The bit of {@code signo} (1..64) in the first word. */
    public static long bit(int signo) {
        if (signo < 1 || signo > 64) {
            throw new IllegalArgumentException("signal out of range [1, 64]: " + signo);
        }
        return 1L << (signo - 1);
    }

    /** Writes the set {@code bits} (as built with {@link #bit}) into a native-order buffer of SIZE_BYTES. */
    public static void encode(ByteBuffer set, long bits) {
        for (int i = 8; i < SIZE_BYTES; i += 8) {
            set.putLong(i, 0L);
        }
        set.putLong(0, bits);
    }

    public static long decode(ByteBuffer set) {
        return set.getLong(0);
    }

    /** The signal number of a signalfd_siginfo record at {@code offset}. */
    public static int signalfdSigno(ByteBuffer records, int offset) {
        return records.getInt(offset + SSI_SIGNO_OFFSET);
    }
}
