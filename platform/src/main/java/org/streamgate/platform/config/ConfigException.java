package org.streamgate.platform.config;

/** A bad or missing setting; the message names the environment variable. */
public final class ConfigException extends IllegalArgumentException {

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }
}
