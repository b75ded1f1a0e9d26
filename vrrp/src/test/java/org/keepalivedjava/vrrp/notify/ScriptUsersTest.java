package org.keepalivedjava.vrrp.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.os.proc.PosixGroup;
import org.keepalivedjava.os.proc.PosixUser;
import org.keepalivedjava.os.proc.RunAs;
import org.keepalivedjava.os.proc.UserDatabase;

class ScriptUsersTest {
    private static UserDatabase db(Map<String, PosixUser> users, Map<String, PosixGroup> groups) {
        return new UserDatabase() {
            @Override
            public Optional<PosixUser> user(String name) {
                return Optional.ofNullable(users.get(name));
            }

            @Override
            public Optional<PosixGroup> group(String name) {
                return Optional.ofNullable(groups.get(name));
            }
        };
    }

    private static final PosixUser ALICE = new PosixUser("alice", 1000, 1000, "/home/alice", "/bin/sh");
    private static final PosixUser KS = new PosixUser("keepalived_script", 999, 998, "/", "/bin/false");
    private static final NotifyScript PLAIN = new NotifyScript(List.of("/p/s"), null, null, null);

    private static GlobalDefs.Scripts scripts(String user, String group) {
        return new GlobalDefs.Scripts(true, user, group, null, 10, null, 10);
    }

    @Test
    void scriptOwnUserWins() {
        ScriptUsers su = new ScriptUsers(db(Map.of("alice", ALICE), Map.of()), scripts("keepalived_script", null));
        assertEquals(Optional.of(new RunAs("alice", 1000, 1000)),
                su.resolve(new NotifyScript(List.of("/p/s"), "alice", null, null)));
    }

    @Test
    void globalScriptUserThenKeepalivedScriptThenRoot() {
        UserDatabase both = db(Map.of("alice", ALICE, "keepalived_script", KS), Map.of());
        assertEquals(Optional.of(new RunAs("alice", 1000, 1000)),
                new ScriptUsers(both, scripts("alice", null)).resolve(PLAIN));
        assertEquals(Optional.of(new RunAs("keepalived_script", 999, 998)),
                new ScriptUsers(both, scripts(null, null)).resolve(PLAIN));
        assertEquals(Optional.of(ScriptUsers.ROOT),
                new ScriptUsers(db(Map.of(), Map.of()), scripts(null, null)).resolve(PLAIN));
    }

    @Test
    void unknownUserIsEmpty() {
        assertTrue(new ScriptUsers(db(Map.of(), Map.of()), scripts("ghost", null)).resolve(PLAIN).isEmpty());
    }
}
