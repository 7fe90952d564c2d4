package org.streamgate.ingest.rtmp;

import java.util.ArrayList;
import java.util.List;

/**
 * The media of one live stream since its last H.264 keyframe (the current group of pictures), kept so that a
 * subscriber joining mid-GOP can start at once: it is sent this keyframe, every frame and audio packet after it
 * with their own timestamps, then the live packets. Without it a new subscriber (the transcoder's FFmpeg) sees
 * nothing decodable until the publisher's next keyframe, a whole segment length later.
 *
 * <p>Only H.264 (FLV codec id 7) is cached. Sequence headers (AVC decoder configuration, AAC audio specific
 * config) are not: Red5 keeps the latest of each and sends them to every new subscriber itself. A new decoder
 * configuration, an end of sequence, another video codec, or a GOP over {@link #MAX_BYTES} or
 * {@link #MAX_VIDEO_FRAMES} empties the cache until the next keyframe. Audio before the first keyframe is not
 * kept (nothing could be decoded with it).
 *
 * <p>Concurrency: not thread-safe; its owner ({@link GopCachingBroadcastStream}) guards it with its lock.
 */
final class GopCache {

    /** The largest GOP kept: 16 MiB, a 10 s GOP at about 13 Mbit/s. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    /** The most video frames kept: a 10 s GOP at 60 fps. */
    static final int MAX_VIDEO_FRAMES = 600;

    private static final int FLV_CODEC_AVC = 7;
    private static final int FLV_FRAME_KEY = 1;
    private static final int AVC_NALU = 1;
    private static final int FLV_SOUND_AAC = 10;
    private static final int AAC_SEQUENCE_HEADER = 0;

    /** One cached FLV tag body. */
    record Packet(boolean video, int timestamp, byte[] data) {
    }

    private final List<Packet> packets = new ArrayList<>();
    private long bytes;
    private int videoFrames;

    /** Takes one video tag body (FLV VIDEODATA: frame type and codec id, then the codec payload). */
    void video(int timestamp, byte[] data) {
        if (data.length < 2 || (data[0] & 0x0f) != FLV_CODEC_AVC) {
            clear();
            return;
        }
        int frameType = (data[0] >> 4) & 0x0f;
        int avcPacketType = data[1];
        if (avcPacketType != AVC_NALU) {
            clear(); // a new decoder configuration or the end of the sequence: wait for the next keyframe
            return;
        }
        if (frameType == FLV_FRAME_KEY) {
            clear();
        } else if (packets.isEmpty()) {
            return; // no keyframe yet
        }
        add(new Packet(true, timestamp, data));
    }

    /** Takes one audio tag body (FLV AUDIODATA). */
    void audio(int timestamp, byte[] data) {
        if (packets.isEmpty() || data.length == 0) {
            return;
        }
        int soundFormat = (data[0] >> 4) & 0x0f;
        if (soundFormat == FLV_SOUND_AAC && data.length > 1 && data[1] == AAC_SEQUENCE_HEADER) {
            return;
        }
        add(new Packet(false, timestamp, data));
    }

    /** The current GOP, keyframe first, in arrival order; empty when there is none. */
    List<Packet> packets() {
        return List.copyOf(packets);
    }

    int size() {
        return packets.size();
    }

    void clear() {
        packets.clear();
        bytes = 0;
        videoFrames = 0;
    }

    private void add(Packet p) {
        if (bytes + p.data().length > MAX_BYTES || videoFrames + (p.video() ? 1 : 0) > MAX_VIDEO_FRAMES) {
            clear(); // too long a GOP to replay: new subscribers wait for the next keyframe instead
            return;
        }
        packets.add(p);
        bytes += p.data().length;
        if (p.video()) {
            videoFrames++;
        }
    }
}
