package org.keepalivedjava.config.model.lvs;

/** What the health-check child runs. */
public record LvsConfig(int virtualServerCount) {
    public boolean hasWork() {
        return virtualServerCount > 0;
    }
}
