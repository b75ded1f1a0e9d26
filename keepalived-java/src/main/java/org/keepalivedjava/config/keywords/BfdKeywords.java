package org.keepalivedjava.config.keywords;

import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.tree.KeywordTable;

/**
 * {@code bfd_instance NAME { ... }}, accepted as keepalived 2.2.7 (built with BFD) accepts it. For now only the
 * name is kept, so that BFD_CHECK can be validated; the BFD session parameters are read but not yet modelled.
 */
final class BfdKeywords {
    private BfdKeywords() {
    }

    static void install(KeywordTable<ConfigBuilder> root) {
        KeywordTable<ConfigBuilder> instance = new KeywordTable<>("bfd_instance");
        for (String k : new String[] {"neighbor_ip", "neighbour_ip", "source_ip", "min_rx", "min_tx", "idle_tx",
                "multiplier", "passive", "ttl", "hoplimit", "max_hops", "vrrp", "checker", "weight"}) {
            instance.leaf(k, (c, w) -> { });
        }
        root.block("bfd_instance", (c, w) -> {
            String name = w.require(1);
            if (name == null) {
                return null;
            }
            c.lvs.bfdInstanceNames.add(name);
            return c;
        }, instance);
    }
}
