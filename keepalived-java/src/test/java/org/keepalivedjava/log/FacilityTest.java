package org.keepalivedjava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FacilityTest {
    @Test
    void digitsMeanLocalN() {
        assertEquals(Optional.of(Facility.LOCAL0), Facility.parseOption("0"));
        assertEquals(Optional.of(Facility.LOCAL7), Facility.parseOption("7"));
        assertEquals(23, Facility.parseOption("7").get().code);
    }

    @Test
    void names() {
        assertEquals(Optional.of(Facility.LOCAL4), Facility.parseOption("local4"));
        assertEquals(Optional.of(Facility.USER), Facility.parseOption("user"));
        assertEquals(Optional.of(Facility.DAEMON), Facility.parseOption("daemon"));
        assertEquals(3, Facility.DAEMON.code);
    }

    @Test
    void rejectsWhatKeepalivedRejects() {
        for (String bad : new String[] {"8", "9", "foo", "local8", "local", "", "kern", "LOCAL1", "10"}) {
            assertEquals(Optional.empty(), Facility.parseOption(bad), bad);
        }
    }
}
