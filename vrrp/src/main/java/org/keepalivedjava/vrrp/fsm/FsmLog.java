package org.keepalivedjava.vrrp.fsm;

/**
 * Where the state machines write keepalived's log lines. {@link #info} lines are always logged; {@link #detail}
 * lines only with -D (keepalived's LOG_DETAIL). The runtime adapts {@code org.keepalivedjava.log.Logger}; tests
 * collect the lines. Called on state changes and rejected packets only, never per accepted advert.
 */
public interface FsmLog {
    void info(String line);

    void detail(String line);

    /** Discards everything. */
    FsmLog NONE = new FsmLog() {
        @Override
        public void info(String line) {
        }

        @Override
        public void detail(String line) {
        }
    };
}
