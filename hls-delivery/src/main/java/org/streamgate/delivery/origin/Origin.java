package org.streamgate.delivery.origin;

import java.io.IOException;
import org.streamgate.delivery.path.StreamPath;

/**
 * Where stream files come from: {@code local} disk, an upstream origin ({@code proxy}), or both ({@code hybrid}).
 * Implementations throw {@link org.streamgate.delivery.http.ApiException} 404 when the file does not exist and
 * 502 when an upstream fails; they never hang (every upstream call has a timeout).
 */
public interface Origin {

    StreamResource open(StreamPath path) throws IOException;
}
