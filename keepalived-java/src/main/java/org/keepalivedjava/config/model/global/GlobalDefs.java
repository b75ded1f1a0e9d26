package org.keepalivedjava.config.model.global;

/** global_defs. */
public record GlobalDefs(String routerId) {
}
