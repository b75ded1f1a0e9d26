package org.keepalivedjava.vrrp.track;

import java.util.List;

import org.keepalivedjava.config.model.vrrp.VrrpConfig;

/**
 * Whether a running process is one a vrrp_track_process counts, as keepalived 2.2.7 decides it (vrrp_parser.c and
 * keepalived.conf(5)). Pure.
 *
 * <ul>
 *   <li>Without parameters, {@code param_match} or {@code full_command}, the {@code process} name is compared, exactly
 *       (not as a pattern: "ssh" does not match sshd), with the process name the kernel keeps ({@code comm}, at most
 *       15 characters, the Name: line of /proc/PID/status).</li>
 *   <li>Parameters on the {@code process} line, any {@code param_match}, or {@code full_command} compare the name
 *       with the command line's first word (argv[0], e.g. "/usr/sbin/haproxy").</li>
 *   <li>Parameters, then: exact (the default with parameters, or a bare {@code param_match}) = the same list;
 *       {@code partial} = the first n arguments are the n configured; {@code initial} = as partial, except the last
 *       configured one need only begin the argument. A {@code param_match} without parameters means "no arguments".
 *       {@code full_command} alone does not look at the arguments.</li>
 * </ul>
 */
public final class ProcessMatch {
    /** How the arguments after argv[0] are compared. */
    public enum Params { NOT_CHECKED, EXACT, PARTIAL, INITIAL }

    private final String name;
    private final List<String> params;
    private final Params paramMatch;
    private final boolean commandLine;

    public ProcessMatch(String name, List<String> params, Params paramMatch, boolean fullCommand) {
        this.name = name;
        this.params = List.copyOf(params);
        this.paramMatch = paramMatch;
        this.commandLine = fullCommand || paramMatch != Params.NOT_CHECKED;
    }

    public static ProcessMatch of(VrrpConfig.TrackProcess p) {
        List<String> words = p.process();
        String name = words.isEmpty() ? "" : words.get(0);
        List<String> params = words.size() > 1 ? words.subList(1, words.size()) : List.of();
        Params match;
        if (p.paramMatch() == null) {
            match = params.isEmpty() ? Params.NOT_CHECKED : Params.EXACT;
        } else {
            match = switch (p.paramMatch()) {
                case "partial" -> Params.PARTIAL;
                case "initial" -> Params.INITIAL;
                default -> Params.EXACT;
            };
        }
        return new ProcessMatch(name, params, match, p.fullCommand());
    }

    /** True when {@link #matches} needs the command line (/proc/PID/cmdline), not only the name. */
    public boolean needsCommandLine() {
        return commandLine;
    }

    /**
     * @param comm the kernel's process name (/proc/PID/comm without the newline)
     * @param argv the command line split at its NULs (empty for a kernel thread); unused unless
     *             {@link #needsCommandLine}
     */
    public boolean matches(String comm, List<String> argv) {
        if (!commandLine) {
            return name.equals(comm);
        }
        if (argv.isEmpty() || !name.equals(argv.get(0))) {
            return false;
        }
        int actual = argv.size() - 1;
        int configured = params.size();
        if (paramMatch == Params.NOT_CHECKED) {
            return true;
        }
        if (configured == 0) {
            return actual == 0; // keepalived.conf(5): param_match without parameters = "no parameters"
        }
        switch (paramMatch) {
            case EXACT:
                return actual == configured && samePrefix(argv, configured);
            case PARTIAL:
                return actual >= configured && samePrefix(argv, configured);
            default: // INITIAL
                return actual >= configured && samePrefix(argv, configured - 1)
                        && argv.get(configured).startsWith(params.get(configured - 1));
        }
    }

    private boolean samePrefix(List<String> argv, int count) {
        for (int i = 0; i < count; i++) {
            if (!params.get(i).equals(argv.get(i + 1))) {
                return false;
            }
        }
        return true;
    }
}
