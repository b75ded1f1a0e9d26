package org.keepalivedjava.os.netlink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** Loads "name hex" lines of a captures file from the test resources (test helper). */
public final class Captures {
    private final Map<String, byte[]> datagrams = new HashMap<>();

    private Captures() {
    }

    public static Captures load(String resource) {
        Captures c = new Captures();
        try (InputStream in = Captures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                c.datagrams.put(parts[0], HexFormat.of().parseHex(parts[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return c;
    }

    public byte[] bytes(String name) {
        byte[] b = datagrams.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no capture " + name);
        }
        return b.clone();
    }

    /** The datagram in a host-order heap buffer. */
    public ByteBuffer buffer(String name) {
        return ByteBuffer.wrap(bytes(name)).order(ByteOrder.nativeOrder());
    }

    /** The first message of the datagram. */
    public NetlinkMessage message(String name) {
        ByteBuffer b = buffer(name);
        NetlinkMessage m = new NetlinkMessage();
        if (!m.wrap(b, 0, b.capacity())) {
            throw new IllegalArgumentException("capture " + name + " holds no message");
        }
        return m;
    }
}
