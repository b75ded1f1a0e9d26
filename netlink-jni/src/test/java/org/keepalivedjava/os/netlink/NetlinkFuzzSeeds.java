package org.keepalivedjava.os.netlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes the seeds of {@link NetlinkDecodersFuzzTest} from the real kernel datagrams in the test resources: rtnl
 * replies and events for the rtnl and error decoders, IPVS replies for the IPVS and generic netlink ones. Run from
 * the module directory with the test classpath.
 */
public final class NetlinkFuzzSeeds {
    private NetlinkFuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("src/test/resources/org/keepalivedjava/os/netlink/NetlinkDecodersFuzzTestInputs/decoders");
        Files.createDirectories(dir);
        write(dir, Path.of("src/test/resources/rtnl/captures.txt"), List.of(0, 7));
        write(dir, Path.of("src/test/resources/ipvs/captures.txt"), List.of(1, 2, 3, 4, 5, 6));
    }

    private static void write(Path dir, Path captures, List<Integer> decoders) throws IOException {
        for (String line : Files.readAllLines(captures)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts[0].startsWith("request")) {
                continue; // ours, not the kernel's
            }
            byte[] datagram = HexFormat.of().parseHex(parts[1]);
            for (int decoder : decoders) {
                byte[] seed = new byte[datagram.length + 1];
                seed[0] = (byte) decoder;
                System.arraycopy(datagram, 0, seed, 1, datagram.length);
                Files.write(dir.resolve(parts[0] + "-" + decoder), seed);
            }
        }
    }
}
