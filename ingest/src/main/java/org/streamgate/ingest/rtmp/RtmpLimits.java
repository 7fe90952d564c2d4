package org.streamgate.ingest.rtmp;

import java.time.Duration;

/**
 * The RTMP server's protective limits (validated in {@code IngestConfig}, whose env keys are named there).
 *
 * @param maxConnections   open TCP connections, handshaken or not; extra ones are closed on accept
 * @param maxPublishers    concurrent publishers; a further {@code publish} is refused before the callback
 * @param handshakeTimeout a connection without a completed RTMP handshake by then is closed
 * @param maxMessageBytes  largest RTMP message; a larger one closes its connection
 * @param silenceTimeout   a publisher without media for this long is disconnected
 */
public record RtmpLimits(int maxConnections, int maxPublishers, Duration handshakeTimeout, int maxMessageBytes,
                         Duration silenceTimeout) {
}
