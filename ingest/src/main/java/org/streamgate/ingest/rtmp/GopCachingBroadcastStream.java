package org.streamgate.ingest.rtmp;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.mina.core.buffer.IoBuffer;
import org.red5.codec.IStreamCodecInfo;
import org.red5.codec.StreamCodecInfo;
import org.red5.server.api.event.IEvent;
import org.red5.server.messaging.IConsumer;
import org.red5.server.messaging.IMessage;
import org.red5.server.messaging.IPipe;
import org.red5.server.messaging.IPipeConnectionListener;
import org.red5.server.messaging.IProvider;
import org.red5.server.messaging.IPushableConsumer;
import org.red5.server.messaging.OOBControlMessage;
import org.red5.server.messaging.PipeConnectionEvent;
import org.red5.server.net.rtmp.event.AudioData;
import org.red5.server.net.rtmp.event.IRTMPEvent;
import org.red5.server.net.rtmp.event.VideoData;
import org.red5.server.net.rtmp.message.Constants;
import org.red5.server.stream.ClientBroadcastStream;
import org.red5.server.stream.PlayEngine;
import org.red5.server.stream.message.RTMPMessage;

/**
 * A publisher's stream (bean {@code clientBroadcastStream}) that keeps its current GOP ({@link GopCache}) and
 * starts every new subscriber with it, so the subscriber can decode at once instead of waiting for the next
 * keyframe.
 *
 * <p>How it fits Red5 1.3.17. A subscriber's {@link PlayEngine} subscribes to the live pipe, sends the stream's
 * metadata and decoder configurations, and only then accepts live packets; Red5 would also send the last
 * keyframe on its own, stamped with the metadata's timestamp and without the frames after it (the first frames
 * then reference pictures the decoder never had). So: H.264 uses {@link ConfigOnlyAvcVideo}, which hands Red5
 * no keyframe to send; the live pipe is wrapped so that a new play engine gets no live packet until it is
 * ready ({@link #subscriberReady}, called by {@link GopSubscriberStream} once {@code play} returned, or after
 * {@link #READY_TIMEOUT_NANOS}); then it gets the cached GOP with the original timestamps, followed by the live
 * packets. The engine rebases timestamps to the first packet it forwards, which is now the cached keyframe.
 *
 * <p>Concurrency: {@code lock} guards the cache, the wrapped pipe and the subscriber states. Packets arrive on
 * the publisher's receive thread ({@link #dispatchEvent}), subscribers become ready on their own connection's
 * thread; both push to play engines only while holding the lock, so a subscriber sees the cache and the live
 * packets exactly once and in order.
 */
public class GopCachingBroadcastStream extends ClientBroadcastStream {

    private static final System.Logger LOG = System.getLogger(GopCachingBroadcastStream.class.getName());
    /** A play engine that never reported ready (its play failed, or it is not ours) gets the live packets after this. */
    static final long READY_TIMEOUT_NANOS = 2_000_000_000L;

    private final Object lock = new Object();
    private final GopCache cache = new GopCache();
    private final Map<IConsumer, Long> waiting = new IdentityHashMap<>();
    private final Map<IConsumer, Boolean> live = new IdentityHashMap<>();
    private final LongSupplier nanoClock;
    private GatedPipe gated;
    private volatile boolean gopCached;

    public GopCachingBroadcastStream(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public void dispatchEvent(IEvent event) {
        synchronized (lock) {
            if (event instanceof VideoData video && video.getData() != null) {
                byte[] data = bytes(video.getData());
                if (checkVideoCodec && ConfigOnlyAvcVideo.handles(data)) {
                    // take Red5's place in choosing the codec, so it never replays a lone keyframe
                    IStreamCodecInfo info = getCodecInfo();
                    if (info instanceof StreamCodecInfo sci) {
                        sci.setVideoCodec(new ConfigOnlyAvcVideo(() -> gopCached));
                        checkVideoCodec = false;
                    }
                }
                if (!checkVideoCodec && getCodecInfo() != null
                        && getCodecInfo().getVideoCodec() instanceof ConfigOnlyAvcVideo) {
                    cache.video(video.getTimestamp(), data);
                } else {
                    cache.clear();
                }
            } else if (event instanceof AudioData audio && audio.getData() != null) {
                cache.audio(audio.getTimestamp(), bytes(audio.getData()));
            }
            gopCached = cache.size() > 0;
            super.dispatchEvent(event);
        }
    }

    @Override
    public void onPipeConnectionEvent(PipeConnectionEvent event) {
        synchronized (lock) {
            IPipe before = livePipe instanceof GatedPipe g ? g.delegate : livePipe;
            livePipe = before; // Red5 compares the event's source with livePipe
            try {
                super.onPipeConnectionEvent(event);
            } finally {
                IPipe after = livePipe;
                if (event.getType() == PipeConnectionEvent.EventType.CONSUMER_DISCONNECT) {
                    waiting.remove(event.getConsumer());
                    live.remove(event.getConsumer());
                }
                if (after == null) {
                    gated = null;
                } else if (gated == null || gated.delegate != after) {
                    // subscribers already on a new pipe (a publisher taking over a name) keep getting live packets
                    for (IConsumer c : after.getConsumers()) {
                        live.put(c, Boolean.TRUE);
                    }
                    gated = new GatedPipe(after);
                }
                livePipe = gated;
            }
        }
    }

    /**
     * The play engine {@code consumer} has sent its stream start (metadata, decoder configurations) and accepts
     * media now: it gets the cached GOP, then the live packets.
     */
    void subscriberReady(IPushableConsumer consumer) {
        synchronized (lock) {
            if (!live.containsKey(consumer)) {
                prime(consumer);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            cache.clear();
            gopCached = false;
            waiting.clear();
            live.clear();
        }
        super.close();
    }

    /** Caller holds {@code lock}. */
    private void prime(IPushableConsumer consumer) {
        waiting.remove(consumer);
        live.put(consumer, Boolean.TRUE);
        List<GopCache.Packet> gop = cache.packets();
        IPipe pipe = gated != null ? gated.delegate : livePipe;
        try {
            for (GopCache.Packet p : gop) {
                IRTMPEvent body = p.video() ? new VideoData(IoBuffer.wrap(p.data()))
                        : new AudioData(IoBuffer.wrap(p.data()));
                body.setTimestamp(p.timestamp());
                body.setSourceType(Constants.SOURCE_TYPE_LIVE);
                consumer.pushMessage(pipe, RTMPMessage.build(body, p.timestamp()));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "GOP replay to a subscriber failed: " + e.getMessage());
        }
    }

    private static byte[] bytes(IoBuffer buf) {
        IoBuffer dup = buf.duplicate();
        dup.position(0);
        byte[] b = new byte[dup.limit()];
        dup.get(b);
        return b;
    }

    /**
     * The live pipe as this stream pushes into it: new play engines are held back until primed; everything else
     * passes through to the real pipe.
     */
    private final class GatedPipe implements IPipe {
        private final IPipe delegate;

        GatedPipe(IPipe delegate) {
            this.delegate = delegate;
        }

        /** Called from {@link #dispatchEvent}, which already holds {@code lock}. */
        @Override
        public void pushMessage(IMessage message) throws IOException {
            synchronized (lock) {
                push(message);
            }
        }

        private void push(IMessage message) throws IOException {
            long now = nanoClock.getAsLong();
            for (IConsumer c : delegate.getConsumers()) {
                if (!(c instanceof IPushableConsumer consumer)) {
                    continue;
                }
                if (c instanceof PlayEngine && !live.containsKey(c)) {
                    Long since = waiting.putIfAbsent(c, now);
                    if (since == null || now - since < READY_TIMEOUT_NANOS) {
                        continue; // the cache holds this packet for it
                    }
                    prime(consumer); // the cache includes this packet
                    continue;
                }
                try {
                    consumer.pushMessage(delegate, message);
                } catch (IOException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "pushing to a subscriber failed: " + e);
                }
            }
        }

        @Override
        public IMessage pullMessage() throws IOException {
            return delegate.pullMessage();
        }

        @Override
        public IMessage pullMessage(long wait) {
            return delegate.pullMessage(wait);
        }

        @Override
        public boolean subscribe(IConsumer consumer, Map<String, Object> paramMap) {
            return delegate.subscribe(consumer, paramMap);
        }

        @Override
        public boolean unsubscribe(IConsumer consumer) {
            return delegate.unsubscribe(consumer);
        }

        @Override
        public List<IConsumer> getConsumers() {
            return delegate.getConsumers();
        }

        @Override
        public void sendOOBControlMessage(IConsumer consumer, OOBControlMessage oobCtrlMsg) {
            delegate.sendOOBControlMessage(consumer, oobCtrlMsg);
        }

        @Override
        public boolean subscribe(IProvider provider, Map<String, Object> paramMap) {
            return delegate.subscribe(provider, paramMap);
        }

        @Override
        public boolean unsubscribe(IProvider provider) {
            return delegate.unsubscribe(provider);
        }

        @Override
        public List<IProvider> getProviders() {
            return delegate.getProviders();
        }

        @Override
        public void sendOOBControlMessage(IProvider provider, OOBControlMessage oobCtrlMsg) {
            delegate.sendOOBControlMessage(provider, oobCtrlMsg);
        }

        @Override
        public void addPipeConnectionListener(IPipeConnectionListener listener) {
            delegate.addPipeConnectionListener(listener);
        }

        @Override
        public void removePipeConnectionListener(IPipeConnectionListener listener) {
            delegate.removePipeConnectionListener(listener);
        }
    }
}
