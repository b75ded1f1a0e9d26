package org.keepalivedjava.config.keywords;

import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.tree.KeywordTable;

/** The VRRP sections: static_*, vrrp_script, track_*, sync groups, garp groups, vrrp_instance. */
public final class VrrpKeywords {
    private VrrpKeywords() {
    }

    public static void install(KeywordTable<ConfigBuilder> root) {
    }
}
