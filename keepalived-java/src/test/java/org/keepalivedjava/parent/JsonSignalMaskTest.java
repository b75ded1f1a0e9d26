package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.loop.SignalFd;

class JsonSignalMaskTest {
    @Test
    void sigBlkLineIsReadAsAHexMask() {
        String status = "Name:\tjava\nSigPnd:\t0000000000000000\nSigBlk:\t0000000800000000\nSigIgn:\t0000000000000001\n";
        assertEquals(Optional.of(true), ChildSupervisor.blockedIn(status, 36), "bit 35 is signal 36");
        assertEquals(Optional.of(false), ChildSupervisor.blockedIn(status, 35));
        assertEquals(Optional.of(false), ChildSupervisor.blockedIn(status, 1), "SigIgn is not SigBlk");
        assertEquals(Optional.of(true), ChildSupervisor.blockedIn("SigBlk:\tffffffffffffffff\n", 64));
        assertEquals(Optional.empty(), ChildSupervisor.blockedIn("Name:\tjava\n", 36));
    }

    @Test
    void procAnswerIsTheKernelsAnswer() {
        assertEquals(SignalFd.isBlocked(ChildSpec.JSON_SIGNAL), ChildSupervisor.jsonSignalBlocked());
    }
}
