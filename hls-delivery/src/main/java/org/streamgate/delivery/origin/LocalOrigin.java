package org.streamgate.delivery.origin;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.streamgate.delivery.http.ApiException;
import org.streamgate.delivery.path.StreamFiles;
import org.streamgate.delivery.path.StreamPath;
import org.streamgate.delivery.token.PresentedToken;

/** {@code local} mode: files under {@code STREAM_ROOT}. Concurrency: immutable and thread-safe. */
public final class LocalOrigin implements Origin {

    private final StreamFiles files;

    public LocalOrigin(StreamFiles files) {
        this.files = files;
    }

    @Override
    public StreamResource open(StreamPath path, PresentedToken admission) throws IOException {
        return tryOpen(path).orElseThrow(ApiException::notFound);
    }

    /** Empty when the file is not on disk; hybrid mode then asks upstream. */
    public Optional<StreamResource> tryOpen(StreamPath path) throws IOException {
        Optional<Path> file = files.resolve(path);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(FileResource.open(file.get()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
