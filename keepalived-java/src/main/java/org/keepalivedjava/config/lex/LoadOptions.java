package org.keepalivedjava.config.lex;

import java.util.Map;
import java.util.function.Function;

/**
 * What the command line and the environment contribute to reading a config.
 *
 * @param configId        {@code -i/--config-id}: selects {@code @ID} lines; defaults to the host name up to the first dot
 * @param allConfig       {@code -e/--all-config}: a missing include is an error rather than a warning
 * @param instanceName    the value of {@code ${_INSTANCE}} (keepalived's {@code instance} / network namespace name)
 * @param environment     looked up by {@code ${_ENV NAME}}
 */
public record LoadOptions(String configId, boolean allConfig, String instanceName,
                          Function<String, String> environment) {

    public static LoadOptions defaults() {
        return new LoadOptions(defaultConfigId(), false, "", System::getenv);
    }

    public LoadOptions withConfigId(String id) {
        return new LoadOptions(id, allConfig, instanceName, environment);
    }

    public LoadOptions withAllConfig(boolean all) {
        return new LoadOptions(configId, all, instanceName, environment);
    }

    public LoadOptions withEnvironment(Map<String, String> env) {
        return new LoadOptions(configId, allConfig, instanceName, env::get);
    }

    /** keepalived's default config id: the node name (uname -n) up to the first dot. */
    public static String defaultConfigId() {
        String host;
        try {
            host = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }
}
