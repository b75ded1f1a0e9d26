package org.keepalivedjava.config.lex;

import java.util.Map;
import java.util.function.Function;

/**
 * What the command line and the environment contribute to reading a config.
 *
 * @param configId     {@code -i/--config-id}: selects {@code @ID} lines and is the value of {@code ${_INSTANCE}}
 *                     (keepalived 2.2.7 expands {@code ${_INSTANCE}} to the config id); defaults to the host name
 *                     up to the first dot
 * @param allConfig    {@code -e/--all-config}: a missing or unreadable include is an error (FILE_NOT_FOUND, exit 6)
 *                     rather than a warning, as if every include were {@code includea}
 * @param instanceName keepalived's {@code instance} / network namespace name (not used by the preprocessor)
 * @param environment  environment lookup for later phases; keepalived 2.2.7 has no {@code ${_ENV ...}}, so the
 *                     preprocessor does not use it
 * @param randomSeed   seeds {@code ${_RANDOM}} (keepalived seeds from the time unless {@code random_seed} is set)
 */
public record LoadOptions(String configId, boolean allConfig, String instanceName,
                          Function<String, String> environment, long randomSeed) {

    public LoadOptions(String configId, boolean allConfig, String instanceName, Function<String, String> environment) {
        this(configId, allConfig, instanceName, environment, System.currentTimeMillis() / 1000);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(defaultConfigId(), false, "", System::getenv);
    }

    public LoadOptions withConfigId(String id) {
        return new LoadOptions(id, allConfig, instanceName, environment, randomSeed);
    }

    public LoadOptions withAllConfig(boolean all) {
        return new LoadOptions(configId, all, instanceName, environment, randomSeed);
    }

    public LoadOptions withEnvironment(Map<String, String> env) {
        return new LoadOptions(configId, allConfig, instanceName, env::get, randomSeed);
    }

    public LoadOptions withRandomSeed(long seed) {
        return new LoadOptions(configId, allConfig, instanceName, environment, seed);
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
