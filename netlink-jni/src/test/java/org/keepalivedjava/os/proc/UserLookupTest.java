package org.keepalivedjava.os.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Lookups through the real libc (no root needed: every system has root and nobody) and the command line. */
class UserLookupTest {

    @Test
    void looksUpRootAndNobody() {
        PosixUser root = NativeUserDatabase.INSTANCE.user("root").orElseThrow();
        assertEquals(new PosixUser("root", 0, 0, "/root", root.shell()), root);
        assertTrue(root.shell().startsWith("/"), root.shell());
        PosixUser nobody = NativeUserDatabase.INSTANCE.user("nobody").orElseThrow();
        assertEquals(65534, nobody.uid());
    }

    @Test
    void looksUpGroups() {
        PosixGroup root = NativeUserDatabase.INSTANCE.group("root").orElseThrow();
        assertEquals("root", root.name());
        assertEquals(0, root.gid());
    }

    @Test
    void unknownNamesAreEmptyNotErrors() {
        assertEquals(Optional.empty(), NativeUserDatabase.INSTANCE.user("kj-no-such-user"));
        assertEquals(Optional.empty(), NativeUserDatabase.INSTANCE.group("kj-no-such-group"));
    }

    /** A fixed database, as config checks would use. */
    private static final UserDatabase FAKE = new UserDatabase() {
        private final Map<String, PosixUser> users = Map.of(
                "alice", new PosixUser("alice", 1000, 1000, "/home/alice", "/bin/sh"),
                "root", new PosixUser("root", 0, 0, "/root", "/bin/sh"));
        private final Map<String, PosixGroup> groups = Map.of("ops", new PosixGroup("ops", 2000, List.of("alice")));

        @Override
        public Optional<PosixUser> user(String name) {
            return Optional.ofNullable(users.get(name));
        }

        @Override
        public Optional<PosixGroup> group(String name) {
            return Optional.ofNullable(groups.get(name));
        }
    };

    @Test
    void resolvesUserAndGroupAsKeepalived() {
        assertEquals(Optional.of(new RunAs("alice", 1000, 1000)), RunAs.resolve(FAKE, "alice", null));
        assertEquals(Optional.of(new RunAs("alice", 1000, 2000)), RunAs.resolve(FAKE, "alice", "ops"));
        assertEquals(Optional.empty(), RunAs.resolve(FAKE, "bob", null));
        assertEquals(Optional.empty(), RunAs.resolve(FAKE, "alice", "wheel"));
    }

    @Test
    void buildsTheSetprivCommandLine() {
        assertEquals(List.of("/usr/bin/setpriv", "--regid=2000", "--groups=2000", "--reuid=1000", "--pdeathsig=TERM",
                "--", "/etc/keepalived/notify.sh", "INSTANCE", "VI 1", "MASTER"),
                new RunAs("alice", 1000, 2000).commandLine(List.of("/etc/keepalived/notify.sh", "INSTANCE", "VI 1", "MASTER")));
        // root's ids are left alone, as keepalived skips setuid(0)/setgid(0)
        assertEquals(List.of("/usr/bin/setpriv", "--pdeathsig=TERM", "--", "true"),
                new RunAs("root", 0, 0).commandLine(List.of("true")));
        assertTrue(new RunAs("root", 0, 0).isNoChangeFrom(0, 0));
        assertTrue(!new RunAs("alice", 1000, 1000).isNoChangeFrom(0, 0));
    }
}
