package org.keepalivedjava.os.inet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test helper: hex text (spaces and newlines ignored) to bytes and back. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String hex) {
        String h = hex.replaceAll("\\s+", "");
        if (h.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** A native-order heap buffer holding the bytes (like a NativeBuffer's view, without native memory). */
    public static ByteBuffer buffer(String hex) {
        return ByteBuffer.wrap(bytes(hex)).order(ByteOrder.nativeOrder());
    }

    public static String of(ByteBuffer b, int offset, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(String.format("%02x", b.get(offset + i) & 0xff));
        }
        return s.toString();
    }

    public static String of(byte[] b) {
        return of(ByteBuffer.wrap(b), 0, b.length);
    }
}
