package org.keepalivedjava.config.lex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.testing.TestHosts;
import org.keepalivedjava.config.model.KeepalivedConfig;

/** The validated configuration the parent hands its children, and a child's load from it. */
class ConfigSnapshotTest {
    @TempDir
    Path dir;

    private static final HostView HOST = TestHosts.ANY;

    private List<Line> parentReads(Path conf) {
        return new Preprocessor(LoadOptions.defaults(), new Diagnostics()).load(conf);
    }

    @Test
    void linesSurviveTheRoundTripWithFileNamesQuotesAndOddBytes() throws IOException {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "$V=192.0.2.7\nvrrp_instance VI_1 {\n notify_master \"/bin/echo a b\" 'x'\n"
                + " virtual_ipaddress {\n  $V/24\n }\n}\ninclude more.conf\n");
        Files.write(dir.resolve("more.conf"), "global_defs {\n router_id caf\u00e9\n}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        List<Line> lines = parentReads(conf);
        ConfigSnapshot back = ConfigSnapshot.decode(new ConfigSnapshot(lines).encode());
        assertEquals(lines, back.lines());
        assertTrue(back.lines().stream().anyMatch(l -> l.location().file().equals("more.conf")
                && l.location().line() == 2 && l.words().get(1).equals("caf\u00e9")), back.lines().toString());
    }

    @Test
    void aChildLoadsTheSnapshotNotTheFileEditedSince() throws IOException {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
                + " virtual_ipaddress {\n  192.0.2.5/24\n }\n}\n");
        Path snapshotFile = dir.resolve(ConfigSnapshot.FILE_NAME);
        new ConfigSnapshot(parentReads(conf)).write(snapshotFile);
        // The operator edits the file after the parent validated it: now broken, and with another instance.
        Files.writeString(conf, "vrrp_instance VI_9 {\n frobnicate\n");
        Diagnostics diagnostics = new Diagnostics();
        KeepalivedConfig config = ConfigLoader.loadHanded(Optional.of(snapshotFile), conf, LoadOptions.defaults(),
                HOST, diagnostics).config();
        assertEquals(List.of("VI_1"), config.vrrp().instances().stream().map(i -> i.name()).toList());
        assertTrue(diagnostics.all().stream().noneMatch(d -> !d.isWarning()), diagnostics.all().toString());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(snapshotFile));
    }

    @Test
    void messagesOfTheChildNameTheOperatorsFileAndLine() throws IOException {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 999\n}\n");
        Path snapshotFile = dir.resolve(ConfigSnapshot.FILE_NAME);
        new ConfigSnapshot(parentReads(conf)).write(snapshotFile);
        Files.delete(conf);
        Diagnostics diagnostics = new Diagnostics();
        ConfigLoader.loadHanded(Optional.of(snapshotFile), conf, LoadOptions.defaults(), HOST, diagnostics);
        assertTrue(diagnostics.all().stream().anyMatch(d -> d.format().contains("(" + conf + ": Line 3)")),
                diagnostics.all().toString());
    }

    @Test
    void withoutASnapshotTheChildReadsTheFile() throws IOException {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n}\n");
        assertEquals(Optional.empty(), ConfigSnapshot.fromEnvironment(Map.<String, String>of()::get));
        KeepalivedConfig config = ConfigLoader.loadHanded(Optional.empty(), conf, LoadOptions.defaults(), HOST,
                new Diagnostics()).config();
        assertEquals(List.of("VI_2"), config.vrrp().instances().stream().map(i -> i.name()).toList());
        assertEquals(Optional.of(Path.of("/x/y")),
                ConfigSnapshot.fromEnvironment(Map.of(ConfigSnapshot.ENV, "/x/y")::get));
    }

    @Test
    void aMissingOrCorruptSnapshotIsAFileErrorNeverAnException() throws IOException {
        Diagnostics diagnostics = new Diagnostics();
        ConfigLoader.loadHanded(Optional.of(dir.resolve("none")), dir.resolve("k.conf"), LoadOptions.defaults(),
                HOST, diagnostics);
        assertEquals(org.keepalivedjava.config.ConfigStatus.FILE_NOT_FOUND, diagnostics.status());
        byte[] good = new ConfigSnapshot(List.of(new Line(new org.keepalivedjava.config.Location("f", 1),
                List.of("global_defs")))).encode();
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(IOException.class, () -> ConfigSnapshot.decode(truncated), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(IOException.class, () -> ConfigSnapshot.decode(longer));
        byte[] hugeLength = good.clone();
        hugeLength[8] = 0x7f; // the first string's length
        assertThrows(IOException.class, () -> ConfigSnapshot.decode(hugeLength));
    }
}
