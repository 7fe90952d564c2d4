package org.streamgate.delivery.path;

import java.util.Locale;
import java.util.Optional;

/** The file types hls-delivery serves (DESIGN §3.4); anything else is a 404. */
public enum MediaKind {
    PLAYLIST("m3u8", "application/vnd.apple.mpegurl"),
    TS("ts", "video/mp2t"),
    M4S("m4s", "video/mp4"),
    MP4("mp4", "video/mp4"),
    AAC("aac", "audio/aac"),
    VTT("vtt", "text/vtt");

    private final String extension;
    private final String contentType;

    MediaKind(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public boolean isPlaylist() {
        return this == PLAYLIST;
    }

    /** {@code playlist} or {@code segment}, the metric label. */
    public String label() {
        return isPlaylist() ? "playlist" : "segment";
    }

    /** By the file name's extension, case-sensitive like the files on disk. */
    public static Optional<MediaKind> of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String ext = fileName.substring(dot + 1);
        for (MediaKind kind : values()) {
            if (kind.extension.equals(ext)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
