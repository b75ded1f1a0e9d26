package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChildExitTest {
    @Test
    void configAndFatalArePermanent() {
        assertTrue(new ChildExit(ChildExit.CONFIG).isPermanent());
        assertTrue(new ChildExit(ChildExit.FATAL).isPermanent());
        assertEquals("exited with permanent error CONFIG", new ChildExit(4).describe());
        assertEquals("exited with permanent error FATAL", new ChildExit(3).describe());
    }

    @Test
    void otherStatusesAreRespawned() {
        for (int code : new int[] {0, 1, 2, 5, 127, 128}) {
            ChildExit exit = new ChildExit(code);
            assertFalse(exit.isPermanent(), "code " + code);
            assertFalse(exit.bySignal(), "code " + code);
            assertEquals("exited with status " + code, exit.describe());
        }
    }

    @Test
    void aboveOneHundredTwentyEightIsASignal() {
        ChildExit killed = new ChildExit(137);
        assertTrue(killed.bySignal());
        assertEquals(9, killed.signal());
        assertFalse(killed.isPermanent());
        assertEquals("exited due to signal 9 (SIGKILL)", killed.describe());
        assertEquals("exited due to signal 15 (SIGTERM)", new ChildExit(143).describe());
        assertEquals("exited due to signal 6 (SIGABRT)", new ChildExit(134).describe());
        assertEquals("exited due to signal 31", new ChildExit(159).describe());
        // 128 + FATAL is a signal (SIGQUIT), not a permanent error.
        assertFalse(new ChildExit(131).isPermanent());
    }

    @Test
    void parentExitStatusFromTheOutcome() {
        assertEquals(0, new ChildSupervisor.Outcome(ChildSupervisor.StopCause.REQUESTED, null, null).exitStatus());
        assertEquals(2, new ChildSupervisor.Outcome(ChildSupervisor.StopCause.CHILD_PERMANENT_ERROR, "VRRP",
                new ChildExit(4)).exitStatus());
        assertEquals(1, new ChildSupervisor.Outcome(ChildSupervisor.StopCause.CHILD_PERMANENT_ERROR, "VRRP",
                new ChildExit(3)).exitStatus());
        assertEquals(1, new ChildSupervisor.Outcome(ChildSupervisor.StopCause.CHILD_DIED_NO_RESPAWN, "VRRP",
                new ChildExit(137)).exitStatus());
        assertEquals(1, new ChildSupervisor.Outcome(ChildSupervisor.StopCause.SPAWN_FAILED, "VRRP", null).exitStatus());
    }

    /** The JVM flag children must not use, because its status collides with FATAL (checked on this JDK). */
    @Test
    void exitOnOutOfMemoryErrorCollidesWithFatal() throws Exception {
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                OomMain.class.getName()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(ChildExit.FATAL, p.exitValue());
    }

    /** Allocates until the heap is exhausted. */
    public static final class OomMain {
        public static void main(String[] args) {
            java.util.List<long[]> hog = new java.util.ArrayList<>();
            while (true) {
                hog.add(new long[1 << 20]);
            }
        }
    }
}
