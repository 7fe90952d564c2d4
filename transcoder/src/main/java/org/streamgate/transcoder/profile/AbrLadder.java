package org.streamgate.transcoder.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the {@code abr} ladder an operator configures; the default is {@link ProfilePlan#DEFAULT_LADDER}. */
public final class AbrLadder {

    /** Peak bitrate allowed above the average, as in the default ladder. */
    private static final double MAXRATE_FACTOR = 1.07;
    private static final int DEFAULT_AUDIO_KBPS = 128;

    private AbrLadder() {
    }

    /**
     * Parses {@code name:height:videoKbps[:audioKbps]} entries separated by commas, e.g.
     * {@code 720p:720:2800,480p:480:1400,360p:360:800}; empty gives the default ladder. The result is ordered
     * highest first, as the master playlist lists it.
     *
     * @param key the setting's name, for error messages
     * @throws IllegalArgumentException naming {@code key} and the bad entry
     */
    public static List<Rendition> parse(String key, String value) {
        if (value == null || value.isBlank()) {
            return ProfilePlan.DEFAULT_LADDER;
        }
        List<Rendition> ladder = new ArrayList<>();
        for (String entry : value.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length < 3 || parts.length > 4) {
                throw new IllegalArgumentException(key + " entries are name:height:videoKbps[:audioKbps], got '"
                        + entry.trim() + "'");
            }
            try {
                int height = Integer.parseInt(parts[1]);
                int videoKbps = Integer.parseInt(parts[2]);
                int audioKbps = parts.length == 4 ? Integer.parseInt(parts[3]) : DEFAULT_AUDIO_KBPS;
                if (height < 144 || height > 4320 || videoKbps < 100 || videoKbps > 100_000 || audioKbps < 16) {
                    throw new IllegalArgumentException(key + " entry '" + entry.trim()
                            + "' is out of range (height 144..4320, videoKbps 100..100000, audioKbps >= 16)");
                }
                ladder.add(rendition(key, entry.trim(), parts[0], height, videoKbps, audioKbps));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " entry '" + entry.trim() + "' has a non-numeric field");
            }
        }
        if (ladder.stream().map(Rendition::name).distinct().count() != ladder.size()) {
            throw new IllegalArgumentException(key + " has two renditions with the same name: " + value);
        }
        ladder.sort(Comparator.comparingInt(Rendition::height).reversed());
        return List.copyOf(ladder);
    }

    private static Rendition rendition(String key, String entry, String name, int height, int videoKbps, int audioKbps) {
        try {
            return new Rendition(name, height, videoKbps, (int) Math.round(videoKbps * MAXRATE_FACTOR), audioKbps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " entry '" + entry + "': " + e.getMessage());
        }
    }
}
