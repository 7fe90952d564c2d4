package org.streamgate.delivery.hotfile;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.streamgate.delivery.origin.Origin;
import org.streamgate.delivery.origin.StreamResource;
import org.streamgate.delivery.path.StreamFiles;
import org.streamgate.delivery.path.StreamPath;
import org.streamgate.delivery.token.PresentedToken;

/**
 * Files under {@code STREAM_ROOT} through the {@link HotFileCache}: a file held in memory comes back as a
 * {@link org.streamgate.delivery.origin.BytesResource}, which {@link org.streamgate.delivery.http.Representation} writes from that array; a file the
 * cache does not take is opened as a {@link org.streamgate.delivery.origin.FileResource}, exactly as in {@code local} mode. Anything not on disk
 * goes to {@code absent} ({@code local}: 404; {@code hybrid}: the upstream).
 *
 * <p>Concurrency: thread-safe (the cache is, the rest is immutable).
 */
public final class HotFileOrigin implements Origin {

    private final StreamFiles files;
    private final HotFileCache cache;
    private final Origin absent;

    public HotFileOrigin(StreamFiles files, HotFileCache cache, Origin absent) {
        this.files = files;
        this.cache = cache;
        this.absent = absent;
    }

    @Override
    public StreamResource open(StreamPath path, PresentedToken admission) throws IOException {
        Optional<StreamFiles.ResolvedFile> file = files.resolveFile(path);
        if (file.isEmpty()) {
            return absent.open(path, admission);
        }
        try {
            return cache.open(file.get().path(), file.get().attributes());
        } catch (NoSuchFileException e) {
            return absent.open(path, admission);
        }
    }
}
