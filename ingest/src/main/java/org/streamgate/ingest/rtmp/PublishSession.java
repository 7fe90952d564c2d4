package org.streamgate.ingest.rtmp;

import java.util.function.LongSupplier;

import org.streamgate.common.internalapi.RtmpNotification;

/**
 * One accepted publisher: what it sent on connect and publish, kept so that {@code publish_done}
 * carries the same fields as {@code publish}.
 *
 * @param publish        the {@code publish} notification that was allowed (its name is the one the publisher
 *                       asked for, also after a rename, as in nginx-rtmp)
 * @param publishedName  the name Red5 publishes under: the bare key, or the callback's rename
 * @param connectionId   Red5 session id of the publishing connection
 * @param logId          stream key fingerprint plus connection id, for log lines
 * @param meter          media received, for the watchdog and metrics
 * @param disconnect     closes the publishing connection (publish_done follows from the stream closing)
 * @param acceptedNanos  when the publish was accepted (monotonic clock), for {@code on_update}'s {@code time}
 * @param rtmpTimestamp  the stream's current RTMP timestamp in ms, for {@code on_update}'s {@code timestamp}
 */
record PublishSession(RtmpNotification publish, String publishedName, String connectionId, String logId,
                      MediaMeter meter, Runnable disconnect, long acceptedNanos, LongSupplier rtmpTimestamp) {

    RtmpNotification publishDone() {
        return RtmpNotification.publishDone(publish.app(), publish.flashver(), publish.swfurl(), publish.tcurl(),
                publish.pageurl(), publish.addr(), publish.clientId(), publish.name(), publish.rawArgs());
    }
}
