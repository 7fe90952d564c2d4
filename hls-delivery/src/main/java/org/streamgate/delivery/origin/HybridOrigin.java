package org.streamgate.delivery.origin;

import java.io.IOException;
import java.util.Optional;
import org.streamgate.delivery.path.StreamPath;
import org.streamgate.delivery.token.PresentedToken;

/** {@code hybrid} mode: the local stream root first, the upstream origin for anything not on disk. */
public final class HybridOrigin implements Origin {

    private final LocalOrigin local;
    private final ProxyOrigin proxy;

    public HybridOrigin(LocalOrigin local, ProxyOrigin proxy) {
        this.local = local;
        this.proxy = proxy;
    }

    @Override
    public StreamResource open(StreamPath path, PresentedToken admission) throws IOException {
        Optional<StreamResource> onDisk = local.tryOpen(path);
        return onDisk.isPresent() ? onDisk.get() : proxy.open(path, admission);
    }
}
