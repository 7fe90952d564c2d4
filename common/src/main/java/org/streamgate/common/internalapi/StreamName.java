package org.streamgate.common.internalapi;

/**
 * A published stream name split at its first {@code ?}: OBS users paste {@code key?args} into the stream-key box.
 *
 * @param name    the stream key proper
 * @param rawArgs what followed the {@code ?}, exactly as sent (may be empty)
 */
public record StreamName(String name, String rawArgs) {

    public static StreamName parse(String nameWithArgs) {
        if (nameWithArgs == null) {
            return new StreamName("", "");
        }
        int q = nameWithArgs.indexOf('?');
        return q < 0
                ? new StreamName(nameWithArgs, "")
                : new StreamName(nameWithArgs.substring(0, q), nameWithArgs.substring(q + 1));
    }
}
