package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void nativeHeapTrimOnlyWhereTheJvmKnowsTheFlag() {
        assertFalse(ChildSpec.supportsNativeHeapTrim(Runtime.Version.parse("17.0.8")));
        assertTrue(ChildSpec.supportsNativeHeapTrim(Runtime.Version.parse("17.0.9")));
        assertTrue(ChildSpec.supportsNativeHeapTrim(Runtime.Version.parse("17.0.21.1")));
        assertFalse(ChildSpec.supportsNativeHeapTrim(Runtime.Version.parse("19.0.2")));
        assertFalse(ChildSpec.supportsNativeHeapTrim(Runtime.Version.parse("21")));
        assertTrue(ChildSpec.supportsNativeHeapTrim(Runtime.Version.parse("21.0.1")));
        assertTrue(ChildSpec.supportsNativeHeapTrim(Runtime.Version.parse("23")));
    }

    @Test
    void defaultFlagsWithoutAndWithAnArchive() {
        Runtime.Version v = Runtime.Version.parse("17.0.21");
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xss256k",
                "-Xms8m", "-XX:-UsePerfData", "-Djnr.ffi.asm.enabled=false", "-XX:TrimNativeHeapInterval=2000"),
                ChildSpec.defaultJvmFlags(v, "", ChildSpec.CHECKER));
        List<String> withCds = ChildSpec.defaultJvmFlags(v, "/opt/kj/cds/keepalived-java.jsa", ChildSpec.CHECKER);
        assertEquals(List.of("-XX:SharedArchiveFile=/opt/kj/cds/keepalived-java.jsa", "-Xshare:auto"),
                withCds.subList(withCds.size() - 2, withCds.size()));
        assertFalse(ChildSpec.defaultJvmFlags(Runtime.Version.parse("17.0.2"), "", ChildSpec.CHECKER).stream()
                .anyMatch(f -> f.startsWith("-XX:TrimNativeHeapInterval")));
    }

    @Test
    void theVrrpChildHasASmallFixedYoungGenerationAndABigInitialOldOne() {
        List<String> vrrp = ChildSpec.defaultJvmFlags(Runtime.Version.parse("17.0.21"), "", ChildSpec.VRRP);
        assertTrue(vrrp.containsAll(List.of("-Xms32m", "-Xmn1344k")), vrrp.toString());
        assertFalse(vrrp.contains("-Xms8m"), vrrp.toString());
        assertEquals(List.of("-Xms8m"), ChildSpec.heapFlags(ChildSpec.CHECKER));
    }

    @Test
    void eachChildMapsItsOwnArchiveWhenThereIsOneElseTheParents() {
        String parent = "/opt/kj/cds/keepalived-java.jsa";
        String vrrp = "/opt/kj/cds/keepalived-java-vrrp.jsa";
        assertEquals(vrrp, ChildSpec.childArchive(parent, "vrrp", p -> p.toString().equals(vrrp)));
        assertEquals(parent, ChildSpec.childArchive(parent, "checker", p -> p.toString().equals(vrrp)),
                "no checker archive: the parent's");
        assertEquals("/tmp/a-checker.jsa", ChildSpec.childArchive("/tmp/a", "checker", p -> true));
        assertEquals("", ChildSpec.childArchive("", "vrrp", p -> true), "no archive at all: none for the children");
    }

    private static ChildSpec spec(String name) {
        return new ChildSpec(name, "x.Main", List.of(), List.of(), Optional.empty(), "ident");
    }
}
