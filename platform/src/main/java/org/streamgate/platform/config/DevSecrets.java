package org.streamgate.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.streamgate.common.production.SecretPolicy;

/**
 * Development secrets (DESIGN §4): generated once into {@code <data dir>/dev.env} ({@code KEY=value} lines, mode
 * 600) and reused by later runs and by the other services that {@code scripts/run} starts. Environment variables
 * always win over the file. Never used when {@code STREAMGATE_ENV=production}.
 *
 * <p>Every generated secret starts with {@link SecretPolicy#DEV_MARKER} ({@code dev-}), so any service in production
 * mode refuses it, also on a host that never saw this file. The admin password has no marker: production refuses
 * plain passwords outright.
 */
public final class DevSecrets {

    public static final String FILE_NAME = "dev.env";
    public static final List<String> KEYS =
            List.of("PLAYBACK_SIGNING_SECRET", "INTERNAL_API_KEY", "ADMIN_API_TOKEN", "ADMIN_PASSWORD");

    private static final SecureRandom RANDOM = new SecureRandom();

    private DevSecrets() {
    }

    /**
     * The environment with the dev secrets filled in where unset. Production environments come back unchanged.
     * The file is created only if some secret is missing from {@code env}.
     */
    public static Map<String, String> overlay(Map<String, String> env) {
        if (PlatformConfig.deploymentMode(env).isProduction()) {
            return env;
        }
        boolean anyMissing = KEYS.stream().anyMatch(k -> isBlank(env.get(k)));
        if (!anyMissing) {
            return env;
        }
        Path dataDir = Path.of(isBlank(env.get("STREAMGATE_DATA_DIR")) ? "./data" : env.get("STREAMGATE_DATA_DIR").trim());
        Map<String, String> file = ensure(dataDir);
        Map<String, String> merged = new HashMap<>(env);
        for (String key : KEYS) {
            if (isBlank(merged.get(key))) {
                // An explicit hash beats the generated dev password.
                if ("ADMIN_PASSWORD".equals(key)
                        && (!isBlank(env.get("ADMIN_PASSWORD_HASH")) || !isBlank(env.get("ADMIN_PASSWORD_HASH_FILE")))) {
                    continue;
                }
                merged.put(key, file.get(key));
            }
        }
        return Map.copyOf(merged);
    }

    /** Creates {@code <dataDir>/dev.env} if missing (or completes it), and returns its values. */
    public static synchronized Map<String, String> ensure(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            Map<String, String> values = Files.exists(file) ? read(file) : new LinkedHashMap<>();
            boolean changed = false;
            for (String key : KEYS) {
                if (isBlank(values.get(key))) {
                    values.put(key, "ADMIN_PASSWORD".equals(key) ? random(12) : SecretPolicy.devSecret(random(32)));
                    changed = true;
                }
            }
            if (changed) {
                write(file, values);
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("export ")) {
                l = l.substring(7).trim();
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = l.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                    || value.startsWith("\"") && value.endsWith("\""))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(l.substring(0, eq).trim(), value);
        }
        return values;
    }

    private static void write(Path file, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# StreamGate development secrets, generated once. Do not use in production.\n");
        values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("concurrent creation of " + tmp, e);
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** URL-safe random text from {@code bytes} random bytes; no characters a shell would interpret. */
    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
