package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChildSpecTest {
    @Test
    void socketFileNameFromTheName() {
        assertEquals("vrrp.sock", spec("VRRP").socketFileName());
        assertEquals("checker.sock", spec("Checker").socketFileName());
    }

    @Test
    void nameCannotEscapeTheRuntimeDirectory() {
        assertThrows(IllegalArgumentException.class, () -> spec("../x"));
        assertThrows(IllegalArgumentException.class, () -> spec("a/b"));
        assertThrows(IllegalArgumentException.class, () -> spec(""));
    }

    @Test
    void listsAreCopied() {
        List<String> args = new ArrayList<>(List.of("-a"));
        ChildSpec spec = new ChildSpec("VRRP", "x.Main", List.of(), args, Optional.empty(), "Keepalived_vrrp");
        args.add("-b");
        assertEquals(List.of("-a"), spec.args());
    }

    @Test
    void childrenStartWithTheJsonSignalBlockedOnlyWhenTheParentHasItBlocked() {
        assertEquals(List.of("env", "--block-signal=RTMIN+2"), ChildSpec.launchPrefix(true));
        assertEquals(List.of(), ChildSpec.launchPrefix(false));
        assertEquals(36, ChildSpec.JSON_SIGNAL, "keepalived --signum=JSON under glibc");
    }

    private static ChildSpec spec(String name) {
        return new ChildSpec(name, "x.Main", List.of(), List.of(), Optional.empty(), "ident");
    }
}
