package org.keepalivedjava.checkers.lvs;

/** {@code ipvsadm -Sn} text with blocks and destinations sorted, for comparisons outside this package. */
public final class TableText {
    private TableText() {
    }

    public static String normalize(String saved) {
        return InMemoryIpvs.normalize(saved);
    }
}
