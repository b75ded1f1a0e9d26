package org.keepalivedjava.config.model.vrrp;

/** What the VRRP child runs. */
public record VrrpConfig(int instanceCount) {
    public boolean hasWork() {
        return instanceCount > 0;
    }
}
