package org.keepalivedjava.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;

class ProcessMatchTest {
    private static final List<String> HAPROXY = List.of("/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg", "-p", "x");

    private static ProcessMatch match(String paramMatch, boolean fullCommand, String... process) {
        return ProcessMatch.of(new VrrpConfig.TrackProcess("t", List.of(process), paramMatch, 1, false, 1,
                Integer.MAX_VALUE, 0, 0, fullCommand, null));
    }

    @Test
    void aBareNameIsComparedExactlyWithTheKernelsProcessName() {
        ProcessMatch m = match(null, false, "haproxy");
        assertFalse(m.needsCommandLine());
        assertTrue(m.matches("haproxy", List.of()));
        assertFalse(m.matches("haproxy2", HAPROXY), "no pattern, no prefix (pgrep '^haproxy$')");
        assertFalse(m.matches("hap", HAPROXY));
        assertFalse(match(null, false, "/usr/sbin/haproxy").matches("haproxy", HAPROXY),
                "a path never equals the kernel's name");
    }

    @Test
    void fullCommandComparesArgv0AndIgnoresTheArguments() {
        ProcessMatch m = match(null, true, "/usr/sbin/haproxy");
        assertTrue(m.needsCommandLine());
        assertTrue(m.matches("haproxy", HAPROXY));
        assertFalse(match(null, true, "haproxy").matches("haproxy", HAPROXY));
        assertFalse(m.matches("haproxy", List.of()), "a kernel thread has no command line");
    }

    @Test
    void parametersOnTheProcessLineMustMatchExactly() {
        assertTrue(match(null, false, "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg", "-p", "x")
                .matches("haproxy", HAPROXY));
        assertFalse(match(null, false, "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg").matches("haproxy", HAPROXY));
        assertFalse(match(null, false, "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg", "-p", "x", "y")
                .matches("haproxy", HAPROXY));
        assertFalse(match(null, false, "/usr/sbin/haproxy", "-f", "/etc/haproxy.cf", "-p", "x")
                .matches("haproxy", HAPROXY));
    }

    @Test
    void partialMatchesTheFirstArguments() {
        assertTrue(match("partial", false, "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg").matches("h", HAPROXY));
        assertFalse(match("partial", false, "/usr/sbin/haproxy", "-f", "/etc/haproxy.c").matches("h", HAPROXY),
                "each configured argument whole");
        assertFalse(match("partial", false, "/usr/sbin/haproxy", "-p").matches("h", HAPROXY), "in order");
    }

    @Test
    void initialLetsTheLastConfiguredArgumentBeginTheActualOne() {
        assertTrue(match("initial", false, "/usr/sbin/haproxy", "-f", "/etc/hap").matches("h", HAPROXY));
        assertFalse(match("initial", false, "/usr/sbin/haproxy", "-", "/etc/hap").matches("h", HAPROXY),
                "only the last may be shorter");
        assertFalse(match("initial", false, "/usr/sbin/haproxy", "-f", "/etc/x").matches("h", HAPROXY));
    }

    @Test
    void paramMatchWithoutParametersMeansNoArguments() {
        for (String kind : new String[] {"exact", "partial", "initial"}) {
            ProcessMatch m = match(kind, false, "/usr/sbin/haproxy");
            assertTrue(m.needsCommandLine(), kind);
            assertFalse(m.matches("haproxy", HAPROXY), kind);
            assertTrue(m.matches("haproxy", List.of("/usr/sbin/haproxy")), kind);
        }
    }
}
