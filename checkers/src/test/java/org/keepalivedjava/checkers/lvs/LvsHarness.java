package org.keepalivedjava.checkers.lvs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keepalivedjava.checkers.check.ScriptExecutor;
import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.smtp.Alert;

/**
 * A config text run through {@link LvsRuntime} with fake checks (one per configured checker, down when alpha),
 * an {@link InMemoryIpvs}, and everything the outside world would see recorded: log lines, FIFO lines, script
 * argv, mails.
 */
final class LvsHarness {
    final KeepalivedConfig config;
    final InMemoryIpvs ipvs = new InMemoryIpvs();
    final List<String> log = new ArrayList<>();
    final List<String> fifo = new ArrayList<>();
    final List<String> scripts = new ArrayList<>();
    final List<Long> scriptTimeouts = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final LvsRuntime runtime;
    /** "rsName vsName" (and the index for several checkers: "rsName vsName #1") -> its check. */
    final Map<String, FakeCheck> checks = new LinkedHashMap<>();

    LvsHarness(String configText) {
        this(configText, true);
    }

    LvsHarness(String configText, boolean ipvsAvailable) {
        Diagnostics d = new Diagnostics();
        config = ConfigLoader.loadText("test.conf", configText, LoadOptions.defaults(), HostView.system(), d).config();
        if (!d.all().stream().allMatch(x -> x.isWarning())) {
            throw new IllegalArgumentException("config errors: " + d.all());
        }
        ScriptExecutor executor = (argv, user, group, timeoutNs, onDone) -> {
            scripts.add(String.join(" ", argv));
            scriptTimeouts.add(timeoutNs);
            onDone.accept(new ScriptExecutor.Outcome(0, false, false, ""));
            return () -> { };
        };
        LvsNotifier notifier = new LvsNotifier(executor, fifo::add, alert -> alerts.add(alert));
        IpvsProgrammer programmer = ipvsAvailable ? IpvsProgrammer.of(ipvs, log::add)
                : IpvsProgrammer.unavailable("IPVS not available: test", log::add);
        runtime = new LvsRuntime(config.lvs(), config.global().lvs(), programmer, notifier, log::add, false, true,
                false);
        for (VirtualServerState vs : runtime.virtualServers()) {
            for (RealServerState rs : vs.realServers()) {
                int i = 0;
                for (CheckerConfig c : rs.config().checkers()) {
                    boolean alpha = c instanceof CheckerConfig.Connecting k && k.common().alpha();
                    FakeCheck check = new FakeCheck(c, rs, !alpha);
                    rs.addCheck(check);
                    checks.put(rs.name() + " " + vs.name() + (i == 0 ? "" : " #" + i), check);
                    i++;
                }
            }
        }
    }

    FakeCheck check(String rsAndVs) {
        FakeCheck c = checks.get(rsAndVs);
        if (c == null) {
            throw new IllegalArgumentException("no check " + rsAndVs + " in " + checks.keySet());
        }
        return c;
    }

    VirtualServerState vs(String name) {
        return runtime.virtualServers().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    /** Log, FIFO and script lines since the last call. */
    List<String> take(List<String> list) {
        List<String> out = new ArrayList<>(list);
        list.clear();
        return out;
    }
}
