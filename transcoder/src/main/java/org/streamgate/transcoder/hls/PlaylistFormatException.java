package org.streamgate.transcoder.hls;

/** A playlist that is not valid HLS; the message names the line. */
public final class PlaylistFormatException extends IllegalArgumentException {

    public PlaylistFormatException(int line, String message) {
        super("line " + line + ": " + message);
    }
}
