package org.streamgate.delivery.origin;

import java.io.IOException;
import org.streamgate.delivery.path.StreamPath;
import org.streamgate.delivery.token.PresentedToken;

/**
 * Where stream files come from: {@code local} disk, an upstream origin ({@code proxy}), or both ({@code hybrid}).
 * Implementations throw {@link org.streamgate.delivery.http.ApiException} 404 when the file does not exist and
 * 502 when an upstream fails; they never hang (every upstream call has a timeout).
 */
public interface Origin {

    /**
     * @param path      the requested file
     * @param admission the token this node has just admitted the request with; an upstream origin may be sent it
     *                  ({@code UPSTREAM_FORWARD_TOKEN}), local disk ignores it
     */
    StreamResource open(StreamPath path, PresentedToken admission) throws IOException;
}
