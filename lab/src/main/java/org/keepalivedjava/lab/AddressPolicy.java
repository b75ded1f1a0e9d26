package org.keepalivedjava.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab runs only documentation addresses (RFC 5737: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24;
 * RFC 3849: 2001:db8::/32), so a lab can never answer for a production address even if a cable were wrong.
 * This finds every other unicast address in a config, with its line, for the lab to refuse it. Loopback,
 * unspecified, multicast (VRRP groups), link-local and netmask-looking values are allowed, and so are the
 * addresses of {@code smtp_server} (replaced by the lab) and {@code router_id} (a name). Pure.
 */
public final class AddressPolicy {
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");

    private static final Pattern MAC = Pattern.compile("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}");

    /**
     * Keywords whose address the lab never uses: the mail relay is replaced by the lab's sink, and a router_id is
     * only a name (often written like an address).
     */
    private static final java.util.Set<String> NOT_LAB_ADDRESSES = java.util.Set.of("smtp_server", "router_id");

    private AddressPolicy() {
    }

    /** An address the lab refuses, on line {@code line} (1-based). */
    public record Offence(int line, String address) {
    }

    public static List<Offence> offences(String text) {
        List<Offence> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String code = ConfigRewriter.codeOf(lines[n]);
            List<String> words = ConfigRewriter.words(lines[n]);
            if (!words.isEmpty() && NOT_LAB_ADDRESSES.contains(words.get(0))) {
                continue;
            }
            Matcher m = IPV4.matcher(code);
            while (m.find()) {
                int[] o = new int[4];
                for (int k = 0; k < 4; k++) {
                    o[k] = Integer.parseInt(m.group(k + 1));
                }
                if (!allowedV4(o)) {
                    found.add(new Offence(n + 1, m.group()));
                }
            }
            for (String word : code.split("[\\s\\[\\]]+")) {
                String address = word.contains("/") ? word.substring(0, word.indexOf('/')) : word;
                if (looksLikeV6(address) && !allowedV6(address)) {
                    found.add(new Offence(n + 1, address));
                }
            }
        }
        return List.copyOf(found);
    }

    static boolean allowedV4(int[] o) {
        for (int b : o) {
            if (b > 255) {
                return true; // not an address at all (e.g. a version number); nothing to refuse
            }
        }
        return (o[0] == 192 && o[1] == 0 && o[2] == 2)
                || (o[0] == 198 && o[1] == 51 && o[2] == 100)
                || (o[0] == 203 && o[1] == 0 && o[2] == 113)
                || o[0] == 127 || o[0] == 0
                || (o[0] >= 224 && o[0] <= 239)
                || o[0] == 255;
    }

    static boolean looksLikeV6(String w) {
        if (MAC.matcher(w).matches()) {
            return false;
        }
        if (w.chars().filter(c -> c == ':').count() < 2) {
            return false;
        }
        return w.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    }

    static boolean allowedV6(String w) {
        String a = w.toLowerCase(java.util.Locale.ROOT);
        return a.startsWith("2001:db8:") || a.startsWith("2001:0db8:") || a.startsWith("fe8") || a.startsWith("fe9")
                || a.startsWith("fea") || a.startsWith("feb") || a.startsWith("ff") || a.equals("::1")
                || a.equals("::");
    }
}
