package org.keepalivedjava.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects every error and warning of one config load, in order, so one {@code -t} run reports every problem.
 * Not thread-safe: one load runs on one thread.
 */
public final class Diagnostics {
    /** Bounds memory on pathological input (a 10 MB file of garbage): further messages are only counted. */
    public static final int MAX_KEPT = 10_000;

    private final List<Diagnostic> kept = new ArrayList<>();
    private final Consumer<Diagnostic> sink;
    private ConfigStatus status = ConfigStatus.OK;
    private final java.util.EnumSet<ConfigStatus> kinds = java.util.EnumSet.noneOf(ConfigStatus.class);
    private int dropped;

    public Diagnostics() {
        this(d -> { });
    }

    /** @param sink sees each diagnostic as it is reported (e.g. the logger), in addition to it being kept */
    public Diagnostics(Consumer<Diagnostic> sink) {
        this.sink = sink;
    }

    public void error(ConfigStatus kind, Location where, String message) {
        if (kind == null || kind == ConfigStatus.OK) {
            throw new IllegalArgumentException("an error needs a kind");
        }
        status = status.worst(kind);
        kinds.add(kind);
        add(new Diagnostic(where, kind, message));
    }

    public void warning(Location where, String message) {
        add(new Diagnostic(where, null, message));
    }

    private void add(Diagnostic d) {
        if (kept.size() < MAX_KEPT) {
            kept.add(d);
            sink.accept(d);
        } else {
            dropped++;
        }
    }

    public ConfigStatus status() {
        return status;
    }

    /** Whether an error of this kind was reported (e.g. a missing include under {@code -e}). */
    public boolean has(ConfigStatus kind) {
        return kinds.contains(kind);
    }

    public boolean hasErrors() {
        return status != ConfigStatus.OK;
    }

    public List<Diagnostic> all() {
        return Collections.unmodifiableList(kept);
    }

    public List<Diagnostic> errors() {
        return kept.stream().filter(d -> !d.isWarning()).toList();
    }

    public List<Diagnostic> warnings() {
        return kept.stream().filter(Diagnostic::isWarning).toList();
    }

    /** Messages beyond {@link #MAX_KEPT} that were counted but not kept. */
    public int dropped() {
        return dropped;
    }
}
