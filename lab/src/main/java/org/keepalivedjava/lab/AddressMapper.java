package org.keepalivedjava.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run --map-addresses}: moves an operator's production IPv4 networks into documentation ones, keeping the
 * host part, so a config can be tried unedited: each distinct /24 that {@link AddressPolicy} refuses becomes
 * 203.0.113.0/24, then 198.51.100.0/24, in order of first appearance over all the configs (192.0.2.0/24 is the
 * lab's own). The same mapping is applied to every config, so peers, VIPs and real servers still match. Pure.
 */
public final class AddressMapper {
    static final List<String> TARGETS = List.of("203.0.113", "198.51.100");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})\\.(\\d{1,3})(?![\\d.])");

    private AddressMapper() {
    }

    /**
     * Source /24 ("10.0.0") to documentation /24 ("203.0.113"), for the configs' refused IPv4 addresses.
     *
     * @throws LabException when more networks need mapping than there are documentation ones, or when an IPv6
     *                      address is refused (IPv6 is not mapped)
     */
    public static Map<String, String> plan(List<String> texts) {
        Map<String, String> networks = new LinkedHashMap<>();
        List<String> unmappable = new ArrayList<>();
        for (String text : texts) {
            for (AddressPolicy.Offence o : AddressPolicy.offences(text)) {
                if (o.address().contains(":")) {
                    unmappable.add(o.address());
                    continue;
                }
                String net = o.address().substring(0, o.address().lastIndexOf('.'));
                if (!networks.containsKey(net)) {
                    if (networks.size() == TARGETS.size()) {
                        throw new LabException("more than " + TARGETS.size() + " networks to map (" + String.join(", ",
                                networks.keySet()) + ", " + net + "...): edit a copy of the configs");
                    }
                    networks.put(net, TARGETS.get(networks.size()));
                }
            }
        }
        if (!unmappable.isEmpty()) {
            throw new LabException("IPv6 addresses are not mapped (" + String.join(", ", unmappable)
                    + "): edit a copy of the configs with 2001:db8:: addresses");
        }
        return networks;
    }

    /** {@code text} with the mapped networks' addresses moved (a.b.c.H -> x.y.z.H). */
    public static String apply(String text, Map<String, String> networks) {
        if (networks.isEmpty()) {
            return text;
        }
        Matcher m = IPV4.matcher(text);
        StringBuilder b = new StringBuilder(text.length());
        while (m.find()) {
            String target = networks.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(target == null ? m.group() : target + "." + m.group(2)));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** E.g. "10.0.0.x -> 203.0.113.x, 172.16.5.x -> 198.51.100.x". */
    public static String describe(Map<String, String> networks) {
        List<String> parts = new ArrayList<>();
        networks.forEach((from, to) -> parts.add(from + ".x -> " + to + ".x"));
        return String.join(", ", parts);
    }
}
