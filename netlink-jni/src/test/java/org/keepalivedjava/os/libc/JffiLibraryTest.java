package org.keepalivedjava.os.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class JffiLibraryTest {
    @Test
    void directoryIsNextToTheJarInJffisOwnLayout() {
        assertEquals(Optional.of(Path.of("/opt/kj/lib/jni/x86_64-Linux")),
                JffiLibrary.directory(Path.of("/opt/kj/lib/jffi-1.4.3.jar"), "amd64"));
        assertEquals(Optional.of(Path.of("/opt/kj/lib/jni/aarch64-Linux")),
                JffiLibrary.directory(Path.of("/opt/kj/lib/jffi-1.4.3.jar"), "aarch64"));
        assertEquals(Optional.empty(), JffiLibrary.directory(Path.of("/opt/kj/lib/jffi-1.4.3.jar"), ""));
    }

    @Test
    void cpuNamesAreJffis() {
        assertEquals("x86_64", JffiLibrary.jffiCpu("amd64"));
        assertEquals("x86_64", JffiLibrary.jffiCpu("x86_64"));
        assertEquals("i386", JffiLibrary.jffiCpu("i686"));
        assertEquals("aarch64", JffiLibrary.jffiCpu("arm64"));
        assertEquals("ppc64le", JffiLibrary.jffiCpu("ppc64le"));
        assertEquals("s390x", JffiLibrary.jffiCpu("S390X"));
    }
}
