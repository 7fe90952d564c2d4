package org.streamgate.ingest.rtmp;

import java.util.function.BooleanSupplier;

import org.apache.mina.core.buffer.IoBuffer;
import org.red5.codec.AVCVideo;
import org.red5.codec.IVideoStreamCodec;

/**
 * Red5's H.264 codec state for one published stream, minus its keyframe replay. Red5 1.3.17's play engine sends
 * a new subscriber the stream's last keyframe alone, stamped with the metadata's timestamp, and then the live
 * frames that follow whatever frame is current, which reference pictures the subscriber never got. The
 * {@link GopCachingBroadcastStream} sends the whole GOP instead, so this codec lists no keyframe to send. It
 * still keeps the decoder configuration (sent to every new subscriber), and reports a keyframe as present
 * while a GOP is cached, which starts the play engine's frame dropper in its "send all" state: the replayed
 * GOP and the live frames after it then pass untouched.
 *
 * <p>Concurrency: as {@link AVCVideo}; {@code gopCached} must be safe to call from any thread.
 */
final class ConfigOnlyAvcVideo extends AVCVideo {

    private static final int FLV_CODEC_AVC = 7;
    private static final IVideoStreamCodec.FrameData[] NONE = new IVideoStreamCodec.FrameData[0];

    private final BooleanSupplier gopCached;

    ConfigOnlyAvcVideo(BooleanSupplier gopCached) {
        this.gopCached = gopCached;
    }

    /** Whether this FLV video tag body is H.264. */
    static boolean handles(byte[] videoTag) {
        return videoTag.length > 0 && (videoTag[0] & 0x0f) == FLV_CODEC_AVC;
    }

    @Override
    public IVideoStreamCodec.FrameData[] getKeyframes() {
        return NONE;
    }

    @Override
    public IoBuffer getKeyframe() {
        return gopCached.getAsBoolean() ? super.getKeyframe() : null;
    }
}
