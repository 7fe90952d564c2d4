package org.streamgate.transcoder.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.streamgate.transcoder.Jsons;

/** {@code GET /health} (DESIGN §3.9): 200 {@code {"status":"UP",...}} or 503 naming the failing checks. */
public final class HealthService implements HttpService {

    private final Path ffmpeg;
    private final Path streamRoot;

    public HealthService(Path ffmpeg, Path streamRoot) {
        this.ffmpeg = ffmpeg;
        this.streamRoot = streamRoot;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest req, ServerResponse res) {
        List<String[]> checks = new ArrayList<>();
        checks.add(new String[] {"ffmpeg", Files.isExecutable(ffmpeg) ? "UP" : "DOWN"});
        checks.add(new String[] {"streamRoot", Files.isDirectory(streamRoot) && Files.isWritable(streamRoot)
                ? "UP" : "DOWN"});
        JsonArrayBuilder list = Jsons.PROVIDER.createArrayBuilder();
        List<String> failing = new ArrayList<>();
        for (String[] c : checks) {
            list.add(Jsons.PROVIDER.createObjectBuilder().add("name", c[0]).add("status", c[1]));
            if (!"UP".equals(c[1])) {
                failing.add(c[0]);
            }
        }
        var body = Jsons.PROVIDER.createObjectBuilder().add("status", failing.isEmpty() ? "UP" : "DOWN").add("checks", list);
        if (!failing.isEmpty()) {
            body.add("failing", String.join(",", failing));
        }
        res.status(failing.isEmpty() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.build().toString());
    }
}
