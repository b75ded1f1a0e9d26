package org.keepalivedjava.checkers.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.config.model.lvs.LvsConfig;

/**
 * {@link LvsReloadPlan} and {@link LvsRuntime#reload} against the in-memory IPVS: exactly which requests a reload
 * makes for each kind of change, and that what did not change is not touched.
 */
class LvsReloadTest {
    private static final String GLOBAL = """
            global_defs {
              enable_script_security
              script_user root
            }
            """;

    private static String vs(String head, String body) {
        return "virtual_server " + head + " {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n" + body + "}\n";
    }

    private static String rs(String ip, String checkers) {
        return " real_server " + ip + " 80 {\n  notify_up \"/bin/echo up " + ip + "\"\n  notify_down \"/bin/echo down "
                + ip + "\"\n" + checkers + " }\n";
    }

    private static final String TCP = "  TCP_CHECK {\n  }\n";
    private static final String TCP81 = "  TCP_CHECK {\n   connect_port 81\n  }\n";
    private static final String TCP_ALPHA = "  TCP_CHECK {\n   alpha\n  }\n";

    private static LvsConfig load(String text) {
        Diagnostics d = new Diagnostics();
        LvsConfig c = ConfigLoader.loadText("next.conf", text, LoadOptions.defaults(), HostView.system(), d)
                .config().lvs();
        assertTrue(d.all().stream().allMatch(x -> x.isWarning()), d.all().toString());
        return c;
    }

    /** The checks side: fake checks made and stopped, recorded. */
    private static final class Checks implements LvsRuntime.ReloadChecks {
        final List<FakeCheck> made = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final LvsHarness h;

        Checks(LvsHarness h) {
            this.h = h;
        }

        @Override
        public List<Check> stop(RealServerState rs, List<CheckerConfig> configs) {
            List<Check> out = new ArrayList<>();
            for (var e : new ArrayList<>(h.checks.entrySet())) {
                FakeCheck c = e.getValue();
                if (!e.getKey().startsWith(rs.name() + " ")) {
                    continue;
                }
                if (configs == null || configs.stream().anyMatch(x ->
                        org.keepalivedjava.config.model.SameConfig.same(x, c.config()))) {
                    c.stop();
                    stopped.add(e.getKey());
                    h.checks.remove(e.getKey());
                    out.add(c);
                }
            }
            return out;
        }

        @Override
        public List<Check> create(RealServerState rs, VirtualServerState vs, List<CheckerConfig> configs) {
            List<Check> out = new ArrayList<>();
            for (CheckerConfig c : configs) {
                boolean alpha = c instanceof CheckerConfig.Connecting k && k.common().alpha();
                FakeCheck f = new FakeCheck(c, rs, !alpha);
                made.add(f);
                h.checks.put(rs.name() + " " + vs.name() + " new" + made.size(), f);
                out.add(f);
            }
            return out;
        }
    }

    private record Run(LvsHarness h, Checks checks, List<Check> started, LvsReloadPlan plan) {
    }

    private static Run reload(String before, String after) {
        LvsHarness h = new LvsHarness(GLOBAL + before);
        h.runtime.start();
        h.ipvs.requests.clear();
        h.take(h.log);
        h.take(h.scripts);
        h.take(h.fifo);
        LvsConfig next = load(GLOBAL + after);
        LvsReloadPlan plan = LvsReloadPlan.of(h.runtime.config(), next);
        Checks checks = new Checks(h);
        List<Check> started = h.runtime.reload(next, plan, checks);
        return new Run(h, checks, started, plan);
    }

    @Test
    void unchangedConfigurationMakesNoRequest() {
        String conf = vs("192.0.2.1 80", rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP));
        Run r = reload(conf, "# moved\n\n" + conf);
        assertTrue(r.plan.untouched());
        assertEquals(List.of(), r.h.ipvs.requests);
        assertEquals(List.of(), r.h.scripts);
        assertEquals(List.of(), r.h.log);
        assertEquals(List.of(), r.started);
        assertEquals(List.of(), r.checks.stopped);
    }

    @Test
    void removedVirtualServerIsDeletedAndItsChecksStop() {
        Run r = reload(vs("192.0.2.1 80", rs("192.0.2.10", TCP)) + vs("192.0.2.2 80", rs("192.0.2.20", TCP)),
                vs("192.0.2.2 80", rs("192.0.2.20", TCP)));
        assertEquals(2, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).startsWith("delete destination"), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).contains("192.0.2.10"), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(1).startsWith("delete service"), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(1).contains("192.0.2.1"), r.h.ipvs.requests.toString());
        assertEquals(List.of("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80"), r.checks.stopped);
        assertTrue(r.h.log.contains("Removing Virtual Server [192.0.2.1]:tcp:80"), r.h.log.toString());
        assertEquals(1, r.h.runtime.virtualServers().size());
        assertFalse(r.h.ipvs.saved().contains("192.0.2.1:80"));
        assertTrue(r.h.ipvs.saved().contains("192.0.2.20:80"));
    }

    @Test
    void addedVirtualServerIsProgrammedAndItsChecksStart() {
        Run r = reload(vs("192.0.2.1 80", rs("192.0.2.10", TCP)),
                vs("192.0.2.1 80", rs("192.0.2.10", TCP)) + vs("192.0.2.2 80", rs("192.0.2.20", TCP)));
        assertEquals(2, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).startsWith("add service"));
        assertTrue(r.h.ipvs.requests.get(1).startsWith("add destination") && r.h.ipvs.requests.get(1)
                .contains("192.0.2.20"), r.h.ipvs.requests.toString());
        assertEquals(1, r.started.size());
        assertSame(r.checks.made.get(0), r.started.get(0));
        assertEquals(List.of(), r.checks.stopped);
        assertEquals(2, r.h.runtime.virtualServers().size());
    }

    @Test
    void removedRealServerIsDeletedNotifiedDownAndItsCheckStops() {
        Run r = reload(vs("192.0.2.1 80", rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP)),
                vs("192.0.2.1 80", rs("192.0.2.10", TCP)));
        assertEquals(1, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).startsWith("delete destination")
                && r.h.ipvs.requests.get(0).contains("192.0.2.11"), r.h.ipvs.requests.toString());
        assertEquals(List.of("[192.0.2.11]:tcp:80 [192.0.2.1]:tcp:80"), r.checks.stopped);
        assertEquals(List.of("/bin/echo down 192.0.2.11"), r.h.scripts);
        assertTrue(r.h.log.contains("service [192.0.2.11]:tcp:80 no longer exist"), r.h.log.toString());
        assertEquals(1, r.h.vs("[192.0.2.1]:tcp:80").realServers().size());
    }

    @Test
    void addedRealServerIsProgrammedItsCheckStartsAndTheOthersAreUntouched() {
        Run r = reload(vs("192.0.2.1 80", rs("192.0.2.10", TCP)),
                vs("192.0.2.1 80", rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP)));
        assertEquals(1, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).startsWith("add destination")
                && r.h.ipvs.requests.get(0).contains("192.0.2.11"), r.h.ipvs.requests.toString());
        assertEquals(1, r.started.size());
        assertEquals(List.of(), r.checks.stopped);
        assertEquals(List.of(), r.h.scripts, "no notify for the unchanged server");
        FakeCheck old = r.h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80");
        assertEquals(0, old.stops);
        // the new server's check drives it
        r.h.ipvs.requests.clear();
        r.checks.made.get(0).report(false);
        assertTrue(r.h.ipvs.requests.get(0).startsWith("delete destination")
                && r.h.ipvs.requests.get(0).contains("192.0.2.11"), r.h.ipvs.requests.toString());
    }

    @Test
    void addedAlphaRealServerWaitsForItsFirstSuccess() {
        Run r = reload(vs("192.0.2.1 80", rs("192.0.2.10", TCP)),
                vs("192.0.2.1 80", rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP_ALPHA)));
        assertEquals(List.of(), r.h.ipvs.requests);
        assertEquals(1, r.started.size());
        r.checks.made.get(0).report(true);
        assertEquals(1, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).startsWith("add destination")
                && r.h.ipvs.requests.get(0).contains("192.0.2.11"), r.h.ipvs.requests.toString());
    }

    @Test
    void changedCheckerRestartsOnlyThatCheckAndKeepsTheEntry() {
        Run r = reload(vs("192.0.2.1 80", rs("192.0.2.10", TCP + TCP81) + rs("192.0.2.11", TCP)),
                vs("192.0.2.1 80", rs("192.0.2.10", TCP + "  TCP_CHECK {\n   connect_port 82\n  }\n")
                        + rs("192.0.2.11", TCP)));
        assertEquals(List.of(), r.h.ipvs.requests);
        assertEquals(List.of(), r.h.scripts);
        assertEquals(List.of("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80 #1"), r.checks.stopped);
        assertEquals(1, r.started.size());
        assertEquals(0, r.h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80").stops);
        assertEquals(0, r.h.check("[192.0.2.11]:tcp:80 [192.0.2.1]:tcp:80").stops);
        RealServerState rs10 = r.h.vs("[192.0.2.1]:tcp:80").realServers().get(0);
        assertTrue(rs10.isAlive());
        assertEquals(0, rs10.failedCheckers());
        assertEquals(2, rs10.checkCount());
    }

    @Test
    void aFailingCheckerRemovedBringsItsServerBack() {
        LvsHarness h = new LvsHarness(GLOBAL + vs("192.0.2.1 80", rs("192.0.2.10", TCP + TCP81)));
        h.runtime.start();
        h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80 #1").report(false);
        h.ipvs.requests.clear();
        h.take(h.scripts);
        LvsConfig next = load(GLOBAL + vs("192.0.2.1 80", rs("192.0.2.10", TCP)));
        h.runtime.reload(next, LvsReloadPlan.of(h.runtime.config(), next), new Checks(h));
        assertEquals(1, h.ipvs.requests.size(), h.ipvs.requests.toString());
        assertTrue(h.ipvs.requests.get(0).startsWith("add destination"), h.ipvs.requests.toString());
        assertEquals(List.of("/bin/echo up 192.0.2.10"), h.scripts);
    }

    @Test
    void changedRealServerSettingsReplaceItsEntry() {
        Run r = reload(vs("192.0.2.1 80", rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP)),
                vs("192.0.2.1 80", rs("192.0.2.10", "  weight 5\n" + TCP) + rs("192.0.2.11", TCP)));
        assertEquals(2, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).startsWith("delete destination")
                && r.h.ipvs.requests.get(0).contains("192.0.2.10"));
        assertTrue(r.h.ipvs.requests.get(1).startsWith("add destination")
                && r.h.ipvs.requests.get(1).contains("192.0.2.10"));
        assertEquals(List.of("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80"), r.checks.stopped);
        assertTrue(r.h.ipvs.saved().contains("-r 192.0.2.10:80 -m -w 5"), r.h.ipvs.saved());
    }

    @Test
    void reloadTwiceStillMatchesByTheRecordsInForce() {
        String a = vs("192.0.2.1 80", rs("192.0.2.10", TCP));
        String b = vs("192.0.2.1 80", rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP));
        Run r = reload(a, b);
        r.h.ipvs.requests.clear();
        LvsConfig again = load(GLOBAL + "\n" + a);
        LvsReloadPlan plan = LvsReloadPlan.of(r.h.runtime.config(), again);
        r.h.runtime.reload(again, plan, r.checks);
        assertEquals(1, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).startsWith("delete destination")
                && r.h.ipvs.requests.get(0).contains("192.0.2.11"));
    }

    @Test
    void anUnchangedReloadThenAChangedOne() {
        String a = vs("192.0.2.1 80", rs("192.0.2.10", TCP));
        Run r = reload(a, "# moved\n" + a);
        assertEquals(List.of(), r.h.ipvs.requests);
        LvsConfig next = load(GLOBAL + vs("192.0.2.1 80", rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP)));
        r.h.runtime.reload(next, LvsReloadPlan.of(r.h.runtime.config(), next), r.checks);
        assertEquals(1, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).startsWith("add destination")
                && r.h.ipvs.requests.get(0).contains("192.0.2.11"));
        assertEquals(List.of(), r.checks.stopped);
    }

    @Test
    void planMatchesByServiceAndChangedVirtualServerSettingsReplaceIt() {
        LvsConfig old = load(GLOBAL + vs("192.0.2.1 80", rs("192.0.2.10", TCP))
                + vs("192.0.2.3 80", rs("192.0.2.10", TCP)));
        LvsConfig next = load(GLOBAL + vs("192.0.2.3 80", rs("192.0.2.10", TCP))
                + vs("192.0.2.1 80", " omega\n" + rs("192.0.2.10", TCP)));
        LvsReloadPlan p = LvsReloadPlan.of(old, next);
        assertEquals(1, p.kept().size());
        assertTrue(p.kept().get(0).untouched());
        assertSame(old.virtualServers().get(1), p.kept().get(0).old());
        assertEquals(List.of(old.virtualServers().get(0)), p.removed());
        assertEquals(List.of(next.virtualServers().get(1)), p.added());
    }

    @Test
    void planReorderedCheckersChangeNothing() {
        LvsConfig old = load(GLOBAL + vs("192.0.2.1 80", rs("192.0.2.10", TCP + TCP81)));
        LvsConfig next = load(GLOBAL + vs("192.0.2.1 80", rs("192.0.2.10", TCP81 + TCP)));
        assertTrue(LvsReloadPlan.of(old, next).untouched());
    }

    @Test
    void changedSchedulerAndPersistenceEditTheServiceInPlaceKeepingItsDestinations() {
        String before = vs("192.0.2.1 80", rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP));
        String after = vs("192.0.2.1 80", " lb_algo wlc\n persistence_timeout 300\n"
                + rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP));
        Run r = reload(before, after);
        assertEquals(1, r.plan.kept().size());
        assertTrue(r.plan.kept().get(0).serviceEdited());
        assertEquals(List.of(), r.plan.removed());
        assertEquals(List.of(), r.plan.added());
        assertEquals(1, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        String edit = r.h.ipvs.requests.get(0);
        assertTrue(edit.startsWith("edit service") && edit.contains("192.0.2.1:80"), edit);
        String table = r.h.ipvs.saved();
        assertTrue(table.contains("-A -t 192.0.2.1:80 -s wlc -p 300"), table);
        assertTrue(table.contains("-a -t 192.0.2.1:80 -r 192.0.2.10:80"), table);
        assertTrue(table.contains("-a -t 192.0.2.1:80 -r 192.0.2.11:80"), table);
        assertEquals(List.of(), r.checks.stopped, "the checks carry on");
        assertEquals(List.of(), r.started);
        assertEquals(List.of(), r.h.scripts, "no notify: the real servers never left");
        assertEquals(List.of("Editing Virtual Server [192.0.2.1]:tcp:80"), r.h.log);

        // The next reload matches against the edited service: back to rr edits again, nothing else.
        r.h.ipvs.requests.clear();
        LvsConfig back = load(GLOBAL + before);
        r.h.runtime.reload(back, LvsReloadPlan.of(r.h.runtime.config(), back), r.checks);
        assertEquals(1, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.saved().contains("-A -t 192.0.2.1:80 -s rr"), r.h.ipvs.saved());
        // And stop deletes the edited service (its users were moved to the new attributes).
        r.h.ipvs.requests.clear();
        r.h.runtime.virtualServers().get(0).stop();
        assertTrue(r.h.ipvs.requests.stream().anyMatch(x -> x.startsWith("delete service")), r.h.ipvs.requests::toString);
    }

    @Test
    void anEditedServiceWithChangedRealServersDoesBoth() {
        Run r = reload(vs("192.0.2.1 80", rs("192.0.2.10", TCP)),
                vs("192.0.2.1 80", " lb_algo wrr\n" + rs("192.0.2.10", TCP) + rs("192.0.2.11", TCP)));
        assertTrue(r.plan.kept().get(0).serviceEdited());
        assertEquals(2, r.h.ipvs.requests.size(), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(0).startsWith("edit service"), r.h.ipvs.requests.toString());
        assertTrue(r.h.ipvs.requests.get(1).startsWith("add destination")
                && r.h.ipvs.requests.get(1).contains("192.0.2.11"), r.h.ipvs.requests.toString());
    }
}
