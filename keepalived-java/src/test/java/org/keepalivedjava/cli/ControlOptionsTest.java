package org.keepalivedjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.cli.CommandLine.Action;
import org.keepalivedjava.parent.control.ControlPaths;
import org.keepalivedjava.parent.control.ControlProtocol.Request;

/** keepalived-java's --status/--json/--reload/--stop, and that keepalived's own options read exactly as before. */
class ControlOptionsTest {
    private static CommandLine.Parsed parse(String... args) {
        return CommandLine.parse("keepalived-java", List.of(args));
    }

    @Test
    void eachControlOptionNamesItsRequest() {
        assertEquals(Request.STATUS, parse("--status").control());
        assertEquals(Request.STATUS_JSON, parse("--status", "--json").control());
        assertEquals(Request.STATUS_JSON, parse("--json", "--status").control());
        assertEquals(Request.RELOAD, parse("--reload").control());
        assertEquals(Request.STOP, parse("--stop").control());
        CommandLine.Parsed withNs = parse("-s", "kj-ns", "-f", "/etc/k.conf", "--status");
        assertEquals(Action.CONTROL, withNs.action());
        assertEquals(Optional.of("kj-ns"), withNs.options().namespace());
        assertEquals(Path.of("/etc/k.conf"), withNs.options().configFile());
    }

    @Test
    void contradictoryOrIncompleteControlOptionsAreBad() {
        CommandLine.Parsed both = parse("--status", "--stop");
        assertEquals(Action.BAD_OPTIONS, both.action());
        assertEquals(List.of("--status and --stop cannot be combined"), both.errors());
        CommandLine.Parsed json = parse("--json");
        assertEquals(Action.BAD_OPTIONS, json.action());
        assertEquals(List.of("--json goes with --status"), json.errors());
    }

    @Test
    void ourOptionsAreNeverAbbreviatedSoKeepalivedsAbbreviationsStand() {
        // --re was and stays --release-vips (--reload does not make it ambiguous); --sta, --jso, --sto stay unknown.
        CommandLine.Parsed re = parse("--re");
        assertEquals(Action.RUN, re.action(), re.errors().toString());
        assertTrue(re.options().releaseVips());
        assertNull(re.control());
        for (String word : List.of("--sta", "--statu", "--jso", "--sto", "--relo")) {
            CommandLine.Parsed p = parse(word);
            assertEquals(Action.BAD_OPTIONS, p.action(), word);
        }
        // A value that looks like our option is still a value: a config file named --status.
        CommandLine.Parsed file = parse("-f", "--status");
        assertEquals(Action.RUN, file.action());
        assertEquals(Path.of("--status"), file.options().configFile());
        // -h still wins when reached first, as keepalived's options do.
        assertEquals(Action.HELP, parse("-h", "--status").action());
    }

    @Test
    void theSocketIsTheConfiguredOneOrTheNamespacesDefault() {
        assertEquals(Path.of("/run/keepalived-java/control.sock"), ControlPaths.socket(null, Optional.empty()));
        assertEquals(Path.of("/run/keepalived-java/control_kj-a.sock"), ControlPaths.socket(null, Optional.of("kj-a")));
        assertEquals(Path.of("/srv/c.sock"), ControlPaths.socket("/srv/c.sock", Optional.of("kj-a")));
        assertEquals("/192.0.2.1:9650", ControlPaths.metrics("192.0.2.1:9650").orElseThrow().toString());
        assertEquals(9650, ControlPaths.metrics("[2001:db8::1]:9650").orElseThrow().getPort());
        assertEquals(Optional.empty(), ControlPaths.metrics(null));
    }
}
