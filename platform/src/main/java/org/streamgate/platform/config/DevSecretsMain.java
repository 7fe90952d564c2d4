package org.streamgate.platform.config;

import java.nio.file.Path;

/**
 * {@code java -cp streamgate-platform.jar org.streamgate.platform.config.DevSecretsMain <dataDir>}: creates
 * {@code <dataDir>/dev.env} if it is missing, so that every service started by {@code scripts/run} shares the same
 * development secrets. Prints nothing secret.
 */
public final class DevSecretsMain {

    private DevSecretsMain() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "./data");
        DevSecrets.ensure(dataDir);
        System.out.println("dev secrets: " + dataDir.resolve(DevSecrets.FILE_NAME).toAbsolutePath());
    }
}
