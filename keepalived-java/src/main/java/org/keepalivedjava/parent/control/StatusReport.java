package org.keepalivedjava.parent.control;

import java.util.List;

import org.keepalivedjava.status.ChildStatus;

/**
 * Everything {@code --status} and the metrics endpoint show, gathered on the parent's loop: the parent's view of
 * each child plus the child's own snapshot. Plain immutable data; {@link StatusText}, {@link StatusJson} and
 * {@link PrometheusText} render it.
 *
 * @param parentPid        the parent's pid
 * @param generatedEpochMs wall-clock time of the report
 * @param children         one entry per child the parent keeps, in start order
 */
public record StatusReport(long parentPid, long generatedEpochMs, List<Child> children) {
    public StatusReport {
        children = List.copyOf(children);
    }

    /**
     * One child.
     *
     * @param pid          its process, -1 while none runs
     * @param up           it answered its watchdog
     * @param restarts     respawns so far
     * @param hangs        times the watchdog found it hung
     * @param missedHellos watchdog hellos unanswered past their interval
     * @param status       its snapshot, null when it did not answer in time (problem says why)
     * @param problem      why there is no snapshot, null when there is one
     */
    public record Child(String name, long pid, boolean up, int restarts, long hangs, long missedHellos,
                        ChildStatus status, String problem) {
    }
}
