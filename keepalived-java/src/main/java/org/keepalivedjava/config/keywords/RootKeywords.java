package org.keepalivedjava.config.keywords;

import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.tree.KeywordTable;

/** The top of keepalived's keyword tree: each family of sections installs its own top-level keywords. */
public final class RootKeywords {
    private RootKeywords() {
    }

    public static KeywordTable<ConfigBuilder> table() {
        KeywordTable<ConfigBuilder> root = new KeywordTable<>("top level");
        GlobalKeywords.install(root);
        VrrpKeywords.install(root);
        CheckKeywords.install(root);
        return root;
    }
}
