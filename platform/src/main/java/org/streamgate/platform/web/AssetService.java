package org.streamgate.platform.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /assets/<name>}: the UI's static files and the WebJars (htmx, hls.js), from a fixed list of class-path
 * resources read once, so no request path ever reaches the class loader.
 */
public final class AssetService implements HttpService {

    private static final String WEBJARS = "META-INF/resources/webjars/";

    /** name → class-path resource */
    private static final Map<String, String> RESOURCES = Map.of(
            "htmx.min.js", WEBJARS + "htmx.org/2.0.4/dist/htmx.min.js",
            "hls.min.js", WEBJARS + "hls.js/1.4.12/dist/hls.min.js",
            "app.css", "web/app.css",
            "portal.js", "web/portal.js",
            "admin.js", "web/admin.js",
            "favicon.svg", "web/favicon.svg");

    private final Map<String, Asset> assets;

    private record Asset(byte[] body, String contentType) {
    }

    public AssetService() {
        var loaded = new java.util.HashMap<String, Asset>();
        RESOURCES.forEach((name, resource) -> loaded.put(name, new Asset(read(resource), contentType(name))));
        this.assets = Map.copyOf(loaded);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/assets/{name}", this::asset);
    }

    private void asset(ServerRequest req, ServerResponse res) {
        Asset asset = assets.get(req.path().pathParameters().get("name"));
        if (asset == null) {
            res.status(404).header(HeaderNames.CONTENT_TYPE, "text/plain").send("not found");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.send(asset.body());
    }

    private static String contentType(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "image/svg+xml";
    }

    private static byte[] read(String resource) {
        try (InputStream in = AssetService.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("UI resource missing from the class path: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
