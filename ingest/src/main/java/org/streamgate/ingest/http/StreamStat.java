package org.streamgate.ingest.http;

/**
 * One live publisher as {@code /metrics} shows it.
 *
 * @param fingerprint          {@code key#xxxxxxxx} of the stream key, never the key itself
 * @param bitsPerSecond        media received over the last watchdog interval
 * @param lastPacketAgeSeconds how long ago media last arrived
 */
public record StreamStat(String fingerprint, long bitsPerSecond, double lastPacketAgeSeconds) {
}
