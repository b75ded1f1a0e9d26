package org.keepalivedjava.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.ConfigTestVerdict;
import org.keepalivedjava.config.Diagnostic;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.global.GlobalDefsBuilder;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.config.model.script.ScriptFile;
import org.keepalivedjava.config.model.script.ScriptSecurity;
import org.keepalivedjava.config.values.CommandLine;

/** Verdicts measured with keepalived 2.2.7 -t (no keepalived_script user on the host unless stated). */
class ScriptSecurityTest {
    private static final String VIOLATION =
            "SECURITY VIOLATION - scripts are being executed but script_security not enabled.";

    private static HostView host(String... users) {
        return host(null, users);
    }

    /** A host whose script files all look like {@code files} says (null: examined on the real disk). */
    private static HostView host(ScriptFile files, String... users) {
        return new HostView() {
            @Override
            public boolean interfaceExists(String name) {
                return name.equals("eth0");
            }

            @Override
            public boolean userExists(String name) {
                return Set.of(users).contains(name);
            }

            @Override
            public boolean groupExists(String name) {
                return Set.of(users).contains(name);
            }

            @Override
            public ScriptFile scriptFile(String program, boolean runsAsRoot) {
                return files != null ? files : HostView.super.scriptFile(program, runsAsRoot);
            }
        };
    }

    private static ConfigLoader.Result load(String text, HostView host) {
        return ConfigLoader.loadText("k.conf", text, LoadOptions.defaults(), host, new Diagnostics());
    }

    private static List<String> messages(ConfigLoader.Result r) {
        return r.diagnostics().all().stream().map(Diagnostic::format).toList();
    }

    private static String instance(String body) {
        return "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n" + body
                + "\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n";
    }

    private static final String SCRIPT = "vrrp_script chk {\n script \"/bin/true arg\"\n}\n";

    @Test
    void scriptsAsRootWithoutSecurityAreASecurityError() {
        var r = load(SCRIPT + instance(" track_script {\n chk\n }"), host("root"));
        assertEquals(List.of(VIOLATION), messages(r));
        assertEquals(ConfigStatus.SECURITY_ERROR, r.status());
        assertEquals(6, ConfigTestVerdict.exitCode(r.diagnostics()));
    }

    @Test
    void anUntrackedVrrpScriptCountsOnceThereIsAnInstance() {
        assertEquals(6, ConfigTestVerdict.exitCode(load(SCRIPT + instance(""), host("root")).diagnostics()));
        // ...but without any vrrp_instance the VRRP process does not run, and nothing is executed
        var alone = load(SCRIPT, host("root"));
        assertEquals(List.of(), messages(alone));
        assertEquals(0, ConfigTestVerdict.exitCode(alone.diagnostics()));
    }

    @Test
    void missingDefaultUserUnderScriptSecurityRemovesTheScript() {
        var r = load("global_defs {\n enable_script_security\n}\n" + SCRIPT + instance(" track_script {\n chk\n }"),
                host("root"));
        assertEquals(List.of("(k.conf: Line 4) Unable to set default user keepalived_script for script",
                "(k.conf: Line 4) Unable to set default user for vrrp script chk - removing",
                "(k.conf: Line 11) (VI_1) track script chk not found, ignoring..."), messages(r));
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
        assertTrue(r.config().vrrp().scripts().isEmpty());
    }

    @Test
    void notifyScriptWithMissingDefaultUserUnderScriptSecurity() {
        var r = load("global_defs {\n enable_script_security\n}\n" + instance(" notify_master \"/bin/echo hi\""),
                host("root"));
        assertEquals(List.of("(k.conf: Line 7) Unable to set default user keepalived_script for script"),
                messages(r));
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
    }

    @Test
    void aNonRootScriptUserStillNeedsScriptSecurity() {
        // check_script_secure marks every existing script SC_ISSCRIPT, whoever runs it, and the violation is about
        // script_security being off. (keepalived 2.2.7 -t cannot be asked: with a non-root script user it
        // SIGTERMs itself, exit 143.)
        var r = load(SCRIPT + instance(" track_script {\n chk\n }"), host("root", "keepalived_script"));
        assertEquals(List.of(VIOLATION), messages(r));
        assertEquals(6, ConfigTestVerdict.exitCode(r.diagnostics()));
    }

    @Test
    void scriptsThatDoNotExistAreNotExecutedSoNoViolation() {
        // measured: keepalived's samples name notify scripts under /usr/local/bin that are absent; -t exits 0
        var r = load(instance(" notify_master \"/usr/local/bin/vrrp.mast arg1\""), host(ScriptFile.NOT_FOUND, "root"));
        assertEquals(List.of(), messages(r));
        assertEquals(0, ConfigTestVerdict.exitCode(r.diagnostics()));
    }

    @Test
    void aTrackScriptThatDoesNotExistIsAnErrorAndLeavesTheInstance() {
        var r = load(SCRIPT + instance(" track_script {\n chk\n }"), host(ScriptFile.NOT_FOUND, "root"));
        assertEquals(List.of("(k.conf: Line 1) Disabling track script chk since not found/accessible"), messages(r));
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
        assertTrue(r.config().vrrp().scripts().isEmpty());
        assertTrue(r.config().vrrp().instances().get(0).tracking().scripts().isEmpty());
    }

    @Test
    void anInsecureTrackScriptUnderScriptSecurityIsDisabledWithAnError() {
        var r = load("global_defs {\n enable_script_security\n script_user root\n}\n" + SCRIPT
                + instance(" track_script {\n chk\n }\n notify_master /bin/x"), host(ScriptFile.INSECURE, "root"));
        assertEquals(List.of("(k.conf: Line 5) Disabling track script chk due to insecure",
                "(k.conf: Line 6) Unsafe permissions found for script '/bin/true' - disabling.",
                "(k.conf: Line 14) Unsafe permissions found for script '/bin/x' - disabling."), messages(r));
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()), "notify scripts are only logged");
        assertTrue(r.config().vrrp().instances().get(0).tracking().scripts().isEmpty());
    }

    @Test
    void anInsecureTrackScriptWithoutScriptSecurityRunsAndIsNamedInTheViolation() {
        var r = load(SCRIPT + instance(" track_script {\n chk\n }"), host(ScriptFile.INSECURE, "root"));
        assertEquals(List.of(VIOLATION + " There are insecure scripts."), messages(r));
        assertEquals(1, r.config().vrrp().instances().get(0).tracking().scripts().size());
    }

    @Test
    void aTrackScriptOfTheWrongFileTypeIsAlwaysDisabled() {
        // measured: vrrp_script { script /tmp/somedir } -> "Disabling track script chk due to insecure" + violation
        var r = load(SCRIPT + instance(" track_script {\n chk\n }"), host(ScriptFile.WRONG_TYPE, "root"));
        assertEquals(List.of("(k.conf: Line 1) Disabling track script chk due to insecure", VIOLATION),
                messages(r));
        assertEquals(6, ConfigTestVerdict.exitCode(r.diagnostics()));
    }

    @Test
    void anExistingButNotExecutableScriptCountsButIsDroppedQuietly() {
        // measured: notify_master on a 0644 file -> violation (exit 6); a vrrp_script in that state gets no message
        var r = load(SCRIPT + instance(" track_script {\n chk\n }"), host(ScriptFile.NOT_EXECUTABLE, "root"));
        assertEquals(List.of(VIOLATION), messages(r));
        assertTrue(r.config().vrrp().instances().get(0).tracking().scripts().isEmpty());
    }

    @Test
    void aFileOpenTestExecutesNothing() {
        // measured: script "</etc/passwd" -> exit 0
        var r = load("vrrp_script chk {\n script \"</etc/passwd\"\n}\n" + instance(" track_script {\n chk\n }"),
                host(ScriptFile.NOT_FOUND, "root"));
        assertEquals(List.of(), messages(r));
    }

    @Test
    void scriptFilesAreJudgedOnDiskAsKeepalivedDoes() {
        assertEquals(ScriptFile.NOT_FOUND, ScriptFile.examine("/nonexistent-kj/x.sh", true));
        assertEquals(ScriptFile.NOT_FOUND, ScriptFile.examine("no-such-program-kj", true));
        assertEquals(ScriptFile.NOT_EXECUTABLE, ScriptFile.examine("/etc/passwd", true));
        assertEquals(ScriptFile.WRONG_TYPE, ScriptFile.examine("/usr/bin", true));
        assertEquals(ScriptFile.OK, ScriptFile.examine("/bin/sh", true), "links on the way are resolved first");
        assertEquals(ScriptFile.OK, ScriptFile.examine("sh", true), "a bare name is searched in the path");
        assertEquals(ScriptFile.OK, ScriptFile.examine("/usr/bin", false), "not judged when not run as root");
    }

    @Test
    void explicitUnknownUserOfAVrrpScriptIsAnError() {
        var r = load("global_defs {\n enable_script_security\n}\nvrrp_script chk {\n script /bin/true\n"
                + " user nosuchuser\n}\n" + instance(" track_script {\n chk\n }"), host("root"));
        assertEquals(List.of("(k.conf: Line 4) Unable to set uid/gid for script '/bin/true'",
                "(k.conf: Line 12) (VI_1) track script chk not found, ignoring..."), messages(r));
    }

    @Test
    void explicitUnknownUserOfANotifyScriptIsOnlyLogged() {
        var r = load(instance(" notify_master \"/bin/true\" nosuchuser"), host("root"));
        assertEquals(0, ConfigTestVerdict.exitCode(r.diagnostics()));
        assertEquals(1, r.diagnostics().warnings().size());
    }

    @Test
    void globalScriptUserMustExist() {
        var r = load("global_defs {\n script_user nosuchuser\n}\n", host("root"));
        assertEquals(List.of("(k.conf: Line 2) Error setting global script uid/gid"), messages(r));
    }

    @Test
    void enabledSecurityWithRootUserIsClean() {
        var r = load("global_defs {\n enable_script_security\n script_user root\n}\n"
                + instance(" notify_master \"/bin/echo hi\""), host("root"));
        assertEquals(List.of(), messages(r));
    }

    @Test
    void insecureScriptsAreNamedInTheViolationAndDisabledUnderSecurity() {
        var global = new GlobalDefsBuilder().build(new Diagnostics(), host("root"));
        List<NotifyScript> scripts = List.of(new NotifyScript(List.of("/x/y.sh"), null, null, new Location("k", 3)));
        Diagnostics d = new Diagnostics();
        ScriptSecurity.check(global, scripts, d, host(ScriptFile.INSECURE, "root"));
        assertEquals(List.of(VIOLATION + " There are insecure scripts."),
                d.all().stream().map(Diagnostic::format).toList());

        var secure = new GlobalDefsBuilder();
        secure.enableScriptSecurity = true;
        secure.scriptUser = "root";
        Diagnostics d2 = new Diagnostics();
        ScriptSecurity.check(secure.build(d2, host("root")), scripts, d2, host(ScriptFile.INSECURE, "root"));
        assertEquals(0, ConfigTestVerdict.exitCode(d2));
        assertEquals(List.of("(k: Line 3) Unsafe permissions found for script '/x/y.sh' - disabling."),
                d2.all().stream().map(Diagnostic::format).toList());
    }

    @Test
    void globalScriptsAreRegistered() {
        var r = load("global_defs {\n startup_script \"/bin/echo up\"\n vrrp_notify_fifo /run/f\n"
                + " vrrp_notify_fifo_script /bin/cat\n}\n", host("root"));
        assertEquals(List.of(VIOLATION), messages(r));
        assertEquals(List.of("/bin/echo", "up"), r.config().global().scripts().startupScript().argv());
        assertEquals("/run/f", r.config().global().fifos().vrrp().path());
    }

    @Test
    void groupWritableDirectoryWithoutStickyBitIsInsecure(@TempDir Path dir) throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path script = Files.writeString(open.resolve("s.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        var global = new GlobalDefsBuilder().build(new Diagnostics(), host("root"));
        Diagnostics d = new Diagnostics();
        List<NotifyScript> scripts = new ArrayList<>();
        scripts.add(new NotifyScript(List.of(script.toString()), null, null, Location.NONE));
        ScriptSecurity.check(global, scripts, d, host("root"));
        assertEquals(List.of(VIOLATION + " There are insecure scripts."),
                d.all().stream().map(Diagnostic::format).toList());
    }

    @Test
    void commandLineQuoting() {
        assertEquals(List.of("/bin/x", "a b", "c"), CommandLine.split("/bin/x 'a b' c"));
        assertEquals(List.of("/bin/x", "say \"hi\""), CommandLine.split("/bin/x \"say \\\"hi\\\"\""));
        assertEquals(List.of("/a b/x"), CommandLine.split("/a\\ b/x"));
        assertEquals(List.of(), CommandLine.split("   "));
        assertEquals(List.of("x", ""), CommandLine.split("x ''"));
    }
}
