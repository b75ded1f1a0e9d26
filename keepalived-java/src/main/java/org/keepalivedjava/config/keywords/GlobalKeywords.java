package org.keepalivedjava.config.keywords;

import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.model.global.GlobalDefsBuilder;
import org.keepalivedjava.config.tree.KeywordTable;

/** global_defs and the other sections every process reads. */
public final class GlobalKeywords {
    private GlobalKeywords() {
    }

    public static void install(KeywordTable<ConfigBuilder> root) {
        KeywordTable<GlobalDefsBuilder> globalDefs = new KeywordTable<GlobalDefsBuilder>("global_defs")
                .leaf("router_id", (g, w) -> g.routerId = w.require(1));
        root.block("global_defs", (c, w) -> c.global, globalDefs);
    }
}
