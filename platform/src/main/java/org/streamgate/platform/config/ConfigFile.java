package org.streamgate.platform.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The optional {@code application.yaml} (DESIGN §4): flat keys named like the environment variables
 * ({@code PORT: 3000}, {@code HLS_SERVER_BASE_URL: https://cdn.example}). It is read from {@code STREAMGATE_CONFIG}
 * if set, else from {@code ./application.yaml} if present. Environment variables override it.
 */
public final class ConfigFile {

    public static final String DEFAULT_NAME = "application.yaml";

    private ConfigFile() {
    }

    /** The environment laid over the file's values. */
    public static Map<String, String> withEnvironment(Map<String, String> env) {
        String explicit = env.get("STREAMGATE_CONFIG");
        Path file = explicit == null || explicit.isBlank() ? Path.of(DEFAULT_NAME) : Path.of(explicit.trim());
        if (!Files.isRegularFile(file)) {
            if (explicit != null && !explicit.isBlank()) {
                throw new ConfigException("STREAMGATE_CONFIG", "no such file: " + file);
            }
            return env;
        }
        Map<String, String> merged = new HashMap<>(read(file));
        merged.putAll(env);
        return Map.copyOf(merged);
    }

    static Map<String, String> read(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            Config config = Config.just(ConfigSources.file(file));
            config.traverse()
                    .filter(Config::isLeaf)
                    .forEach(node -> node.asString().ifPresent(v -> values.put(node.key().toString(), v)));
        } catch (RuntimeException e) {
            throw new ConfigException("STREAMGATE_CONFIG", "cannot read " + file + ": " + e.getMessage());
        }
        return values;
    }
}
