package org.keepalivedjava.os.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs {@code id} as nobody through the setpriv launcher: needs root (CAP_SETUID/CAP_SETGID). */
@Tag("root")
class RunAsRootTest {

    @Test
    void idRunsAsNobodyWithOnlyItsGroup() throws Exception {
        RunAs nobody = RunAs.resolve(NativeUserDatabase.INSTANCE, "nobody", null).orElseThrow();
        PosixUser user = NativeUserDatabase.INSTANCE.user("nobody").orElseThrow();
        List<String> cmd = nobody.commandLine(List.of("id"));

        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "id did not finish");
        assertEquals(0, p.exitValue(), out);

        // e.g. uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup): one group, as keepalived's setgroups(1, &gid)
        assertTrue(out.startsWith("uid=" + user.uid() + "(nobody) gid=" + user.gid() + "("), out);
        String groups = out.substring(out.indexOf("groups=") + 7);
        assertEquals(1, groups.split(",").length, out);
        assertTrue(groups.startsWith(user.gid() + "("), out);
    }
}
