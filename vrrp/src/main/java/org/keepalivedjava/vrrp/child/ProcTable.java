package org.keepalivedjava.vrrp.child;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The running processes as vrrp_track_process sees them: /proc/PID/stat for the kernel's process name and state,
 * /proc/PID/cmdline only when asked. Zombies (and dead tasks) are left out, as keepalived leaves them out ("they
 * aren't running"); a process that exits during the walk is simply not seen.
 */
interface ProcTable {
    /** Receives one running process. */
    interface Sink {
        /**
         * @param comm the kernel's process name
         * @param argv the command line split at its NULs, empty when not asked for (or a kernel thread)
         */
        void onProcess(String comm, List<String> argv);
    }

    void scan(boolean withCommandLine, Sink sink);

    /** This host's /proc (the PID namespace the daemon runs in). */
    ProcTable SYSTEM = (withCommandLine, sink) -> {
        Path proc = Path.of("/proc");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path dir : entries) {
                if (!isPid(dir.getFileName().toString())) {
                    continue;
                }
                String comm;
                List<String> argv = List.of();
                try {
                    comm = runningComm(Files.readAllBytes(dir.resolve("stat")));
                    if (comm != null && withCommandLine) {
                        argv = argv(Files.readAllBytes(dir.resolve("cmdline")));
                    }
                } catch (IOException | RuntimeException gone) {
                    continue;
                }
                if (comm != null) {
                    sink.onProcess(comm, argv);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc: " + e.getMessage(), e);
        }
    };

    static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The name in /proc/PID/stat ({@code pid (comm) state ...}; the name may hold spaces and parentheses, so it
     * ends at the LAST ')'), or null for a zombie or dead task or an unreadable line. Pure.
     */
    static String runningComm(byte[] stat) {
        int open = -1;
        int close = -1;
        for (int i = 0; i < stat.length; i++) {
            if (stat[i] == '(' && open < 0) {
                open = i;
            } else if (stat[i] == ')') {
                close = i;
            }
        }
        if (open < 0 || close < open || close + 2 >= stat.length) {
            return null;
        }
        byte state = stat[close + 2];
        if (state == 'Z' || state == 'X' || state == 'x') {
            return null;
        }
        return new String(stat, open + 1, close - open - 1, StandardCharsets.UTF_8);
    }

    /** /proc/PID/cmdline split at its NULs (the last one terminates, it does not start an empty argument). Pure. */
    static List<String> argv(byte[] cmdline) {
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                argv.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            argv.add(new String(cmdline, start, cmdline.length - start, StandardCharsets.UTF_8));
        }
        return argv;
    }
}
