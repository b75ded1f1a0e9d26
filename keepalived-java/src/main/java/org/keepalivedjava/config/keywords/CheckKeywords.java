package org.keepalivedjava.config.keywords;

import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.tree.KeywordTable;

/** The health-check sections: virtual_server_group, virtual_server, real_server and every checker. */
public final class CheckKeywords {
    private CheckKeywords() {
    }

    public static void install(KeywordTable<ConfigBuilder> root) {
    }
}
