package org.keepalivedjava.config.testing;

import org.keepalivedjava.config.HostView;

/** Host views for tests that load configurations without caring about this machine (in the test-jar). */
public final class TestHosts {
    /** Every interface, user and group exists. */
    public static final HostView ANY = new HostView() {
        @Override
        public boolean interfaceExists(String name) {
            return true;
        }

        @Override
        public boolean userExists(String name) {
            return true;
        }

        @Override
        public boolean groupExists(String name) {
            return true;
        }
    };

    private TestHosts() {
    }
}
