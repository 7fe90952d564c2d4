package org.streamgate.ingest.rtmp;

import org.streamgate.common.internalapi.RtmpNotification;

/**
 * One accepted publisher: what it sent on connect and publish, kept so that {@code publish_done}
 * carries the same fields as {@code publish}.
 *
 * @param publish        the {@code publish} notification that was allowed
 * @param connectionId   Red5 session id of the publishing connection
 * @param logId          stream key fingerprint plus connection id, for log lines
 */
record PublishSession(RtmpNotification publish, String connectionId, String logId) {

    RtmpNotification publishDone() {
        return RtmpNotification.publishDone(publish.app(), publish.flashver(), publish.swfurl(), publish.tcurl(),
                publish.pageurl(), publish.addr(), publish.clientId(), publish.name(), publish.rawArgs());
    }
}
