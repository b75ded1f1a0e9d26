package org.keepalivedjava.os.caps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code net.ipv4.ping_group_range}: the groups allowed to open ICMP "ping sockets" (PING_CHECK uses them;
 * the setting governs ICMPv6 ping sockets too). The kernel allows socket() when the effective gid or any
 * supplementary gid lies in [low, high]; no capability overrides it. The kernel default "1 0" is empty (nobody,
 * root included); systemd's sysctl defaults set "0 2147483647". It is per network namespace.
 *
 * @param low  first allowed gid
 * @param high last allowed gid (an empty range when high &lt; low)
 */
public record PingGroupRange(long low, long high) {
    private static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/ping_group_range");
    private static final Path STATUS = Path.of("/proc/thread-self/status");

    /** The two numbers of the sysctl's text, e.g. "0\t2147483647\n". */
    public static PingGroupRange parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("ping_group_range is not two numbers: '" + text.trim() + "'");
        }
        return new PingGroupRange(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    /**
     * The range of the calling thread's network namespace. Read with ONE read(2): a sysctl integer file answers
     * only a read at offset 0, so a reader that starts with a 1-byte read (Files.readString does on a file of
     * size 0, as every /proc file reports) would see just "0".
     */
    public static PingGroupRange current() throws IOException {
        try (InputStream in = Files.newInputStream(SYSCTL)) {
            byte[] buf = new byte[256];
            int n = in.read(buf);
            return parse(new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII));
        }
    }

    /** The effective gid and the supplementary gids from the text of /proc/PID/status (Gid: and Groups: lines). */
    public static List<Long> groupsOf(String procStatus) {
        List<Long> gids = new ArrayList<>();
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("Gid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                gids.add(Long.parseLong(ids[1])); // real, EFFECTIVE, saved, filesystem
            } else if (line.startsWith("Groups:")) {
                String rest = line.substring(7).trim();
                if (!rest.isEmpty()) {
                    for (String g : rest.split("\\s+")) {
                        gids.add(Long.parseLong(g));
                    }
                }
            }
        }
        return gids;
    }

    /** The calling thread's effective and supplementary gids. */
    public static List<Long> currentGroups() throws IOException {
        return groupsOf(Files.readString(STATUS, StandardCharsets.US_ASCII));
    }

    public boolean allows(long gid) {
        return low <= gid && gid <= high;
    }

    public boolean allowsAny(List<Long> gids) {
        for (long gid : gids) {
            if (allows(gid)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Null when one of {@code gids} may open ping sockets; otherwise the message naming what will not work and
     * the fix.
     */
    public String problemFor(List<Long> gids) {
        if (gids.isEmpty() || allowsAny(gids)) {
            return null;
        }
        return "ICMP ping sockets not allowed: groups " + gids + " are outside net.ipv4.ping_group_range \"" + low
                + " " + high + "\"; PING_CHECK will fail (EACCES); fix: sysctl -w net.ipv4.ping_group_range=\""
                + gids.get(0) + " " + gids.get(0) + "\" (the effective gid) or a range holding it";
    }
}
