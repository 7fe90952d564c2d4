package org.streamgate.transcoder.job;

import java.util.Locale;
import java.util.Optional;
import org.streamgate.common.internalapi.StreamState;

/** The life of a job. Only the job's supervisor changes it. */
public enum JobState {
    /** Waiting for the input and the first segment. */
    STARTING(null),
    /** Segments are being listed. */
    LIVE(StreamState.LIVE),
    /**
     * A file (an upload) is being converted; segments are being listed but the event is not live, so nothing is
     * reported until it ends. {@code GET /jobs/<eventId>} shows the progress.
     */
    PROCESSING(null),
    /** The input ended or FFmpeg died and no segment came back yet; the reconnect window runs. */
    RECONNECTING(StreamState.RECONNECTING),
    /** Stopping FFmpeg and writing ENDLIST. */
    FINALISING(null),
    /** Finalised: every media playlist is a VOD. Terminal. */
    ENDED(StreamState.ENDED),
    /** Gave up. Terminal. */
    FAILED(StreamState.FAILED),
    /** The transcoder itself shut down while the job ran; playlists were left open to be resumed. Terminal. */
    STOPPED(null);

    private final StreamState reported;

    JobState(StreamState reported) {
        this.reported = reported;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the platform is told on entering this state, if anything. */
    public Optional<StreamState> reported() {
        return Optional.ofNullable(reported);
    }

    public boolean isTerminal() {
        return this == ENDED || this == FAILED || this == STOPPED;
    }
}
