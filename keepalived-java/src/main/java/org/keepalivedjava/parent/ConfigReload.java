package org.keepalivedjava.parent;

import java.util.List;
import java.util.Optional;

import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.lex.ConfigSnapshot;

/**
 * The parent's half of SIGHUP: re-read and validate the configuration before any child hears of it.
 * Implemented by cli.Launcher (it knows the file, the -i/-e/-s load options and the host view).
 */
@FunctionalInterface
public interface ConfigReload {
    /**
     * Re-reads the configuration and logs every diagnostic. Loop thread.
     *
     * @return the new configuration (what the children get) and the children it needs, or empty when it must not be
     *         applied (the old one keeps running untouched, no child is signalled)
     */
    Optional<Accepted> reread();

    /**
     * A configuration the parent validated.
     *
     * @param children the children it needs
     * @param snapshot its lines, handed to the children ({@link ConfigSnapshot}); empty when the children read the
     *                 file themselves (tests with stand-in children)
     */
    record Accepted(List<ChildSpec> children, Optional<ConfigSnapshot> snapshot) {
        public Accepted {
            children = List.copyOf(children);
            java.util.Objects.requireNonNull(snapshot);
        }
    }

    /**
     * What a re-read decided, with the messages that explain it.
     *
     * @param accepted the validated configuration and the children it needs, empty when it must not be applied
     * @param messages the diagnostics (errors and warnings, {@code (file: Line N)} included) and refusal reasons,
     *                 in order, as logged
     */
    record Checked(Optional<Accepted> accepted, List<String> messages) {
        public Checked {
            messages = List.copyOf(messages);
        }
    }

    /** {@link #reread()} that also returns its messages (the control socket's --reload prints them). */
    default Checked rereadChecked() {
        return new Checked(reread(), List.of());
    }

    /**
     * Whether a reload must be refused for these diagnostics (the parent's and each child's check, so they agree):
     * any error, as {@code -t} would report it (exit 5), except {@link ConfigStatus#SECURITY_ERROR}. That one (scripts
     * without enable_script_security, which makes -t exit 6) does not stop keepalived from running the
     * configuration, so a daemon started with it must be able to reload it. Warnings never refuse.
     */
    static boolean refuses(Diagnostics diagnostics) {
        return diagnostics.all().stream()
                .anyMatch(d -> !d.isWarning() && d.status() != ConfigStatus.SECURITY_ERROR);
    }

    /** No configuration of its own (tests, tools): every reload is accepted and needs no new child. */
    ConfigReload ACCEPT = () -> Optional.of(new Accepted(List.of(), Optional.empty()));
}
