package org.keepalivedjava.lab;

/**
 * One line of {@code ip -o addr show} or {@code ip -o monitor address}, e.g.
 * {@code "Deleted 3: lab0    inet 192.0.2.100/24 scope global secondary lab0\  valid_lft ..."}. Pure.
 *
 * @param added   false for a "Deleted" line
 * @param ifName  the interface
 * @param address the address with its prefix length, e.g. "192.0.2.100/24" or "2001:db8::1/64"
 */
public record AddressLine(boolean added, String ifName, String address) {

    /** The parsed line, or null for a line that is not an IPv4/IPv6 address line. */
    public static AddressLine parse(String line) {
        String[] w = line.trim().split("\\s+");
        int i = 0;
        boolean added = true;
        if (w.length > 0 && w[0].equals("Deleted")) {
            added = false;
            i = 1;
        }
        // "N:" ifname family address ...
        if (w.length < i + 4 || !w[i].endsWith(":") || !w[i].substring(0, w[i].length() - 1).chars()
                .allMatch(Character::isDigit) || w[i].length() < 2) {
            return null;
        }
        String family = w[i + 2];
        if (!family.equals("inet") && !family.equals("inet6")) {
            return null;
        }
        String ifName = w[i + 1];
        int at = ifName.indexOf('@');
        if (at > 0) {
            ifName = ifName.substring(0, at);
        }
        return new AddressLine(added, ifName, w[i + 3]);
    }

    /** Link-local IPv6 addresses come and go with links; the lab does not report them. */
    public boolean linkLocal() {
        return address.toLowerCase(java.util.Locale.ROOT).startsWith("fe80:");
    }
}
