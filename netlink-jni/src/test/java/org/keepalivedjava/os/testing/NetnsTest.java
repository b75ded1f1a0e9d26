package org.keepalivedjava.os.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Native;

@Tag("root")
class NetnsTest {

    @Test
    void codeCalledInANamespaceSeesItsInterfacesAndTheNamespaceIsRemoved() throws Exception {
        String name;
        try (Netns a = Netns.create("nstest"); Netns b = Netns.create("nstest")) {
            name = a.name();
            a.vethTo(b, "eth0", "eth1");
            int inA = a.call(() -> Native.interfaceIndex("eth0"));
            int inB = b.call(() -> Native.interfaceIndex("eth0"));
            assertNotEquals(0, inA, "eth0 exists in a");
            assertEquals(0, inB, "b has eth1, not eth0");
            assertTrue(Netns.run("ip", "netns", "list").contains(name));
        }
        assertFalse(Netns.run("ip", "netns", "list").contains(name), "deleted on close");
    }
}
