package org.streamgate.platform.vod;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.streamgate.platform.http.Jsons;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.streamgate.common.internalapi.JobRequest;
import org.streamgate.platform.admin.AdminAuth;
import org.streamgate.platform.admin.AdminPrincipal;
import org.streamgate.platform.admin.AuditLog;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.event.Ids;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.Responses;
import org.streamgate.platform.transcoder.TranscoderClient;

/**
 * {@code POST /api/admin/events/<id>/upload} (DESIGN §3.7): {@code multipart/form-data} with field {@code file},
 * streamed to {@code <data dir>/uploads/<eventId>/}; 413 over the size limit, 415 when ffprobe finds no video; then
 * the transcoder turns it into the event's VOD (202). Progress shows in the event as {@code vod}.
 */
public final class VodUploadService implements HttpService {

    private static final System.Logger LOG = System.getLogger(VodUploadService.class.getName());
    private static final int COPY_BUFFER = 256 * 1024;

    private final AdminAuth auth;
    private final AuditLog audit;
    private final EventRepository events;
    private final TranscoderClient transcoder;
    private final MediaProbe probe;
    private final Path uploadDir;
    private final long maxBytes;
    private final Clock clock;

    public VodUploadService(AdminAuth auth, AuditLog audit, EventRepository events, TranscoderClient transcoder,
                            MediaProbe probe, Path uploadDir, long maxBytes, Clock clock) {
        this.auth = auth;
        this.audit = audit;
        this.events = events;
        this.transcoder = transcoder;
        this.probe = probe;
        this.uploadDir = uploadDir;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/events/{id}/upload", this::upload);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        UUID id = Ids.parse(req.path().pathParameters().get("id"), "event");
        Event event = events.find(id).orElseThrow(() -> ApiException.notFound("event"));
        if (event.archived()) {
            throw new ApiException(403, "event_unavailable", "the event is archived");
        }
        if (event.publisherSince() != null || "live".equals(event.streamStatus()) || "processing".equals(event.vodState())) {
            throw new ApiException(409, "event_busy", "the event is live or already processing a video");
        }
        String boundary = MultipartReader.boundary(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null));
        if (boundary == null) {
            throw new ApiException(415, "unsupported_media_type", "send multipart/form-data with a field named file");
        }
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > maxBytes + 64 * 1024) {
            throw new ApiException(413, "payload_too_large", "the upload limit is " + maxBytes / (1024 * 1024) + " MB");
        }
        Path dir = uploadDir.resolve(id.toString());
        Path partial = dir.resolve("upload-" + UUID.randomUUID() + ".part");
        String filename;
        try {
            Files.createDirectories(dir);
            filename = receive(req.content().inputStream(), boundary, partial);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw ApiException.malformed("the upload could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
        Optional<MediaProbe.Media> media;
        try {
            media = probe.probe(partial);
        } catch (IOException e) {
            deleteQuietly(partial);
            LOG.log(Level.ERROR, "[" + id + "] " + e.getMessage());
            throw new ApiException(503, "probe_unavailable", "the server cannot inspect videos right now");
        }
        if (media.isEmpty()) {
            deleteQuietly(partial);
            throw new ApiException(415, "unsupported_media_type", "the file is not a video ffprobe recognises");
        }
        Path source = dir.resolve("source-" + UUID.randomUUID() + extension(filename));
        try {
            Files.move(partial, source, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException(e);
        }
        events.startVod(id, source.toString(), media.get().durationSeconds(), clock.instant());
        transcoder.startJobAsync(new JobRequest(id.toString(), source.toAbsolutePath().toString(), event.profile()));
        audit.record(who, "event.upload", id.toString(), "bytes=" + sizeOf(source));
        LOG.log(Level.INFO, "[" + id + "] upload received (" + sizeOf(source) + " bytes, "
                + Math.round(media.get().durationSeconds()) + " s), transcoding to VOD");
        Responses.json(res, 202, Jsons.PROVIDER.createObjectBuilder()
                .add("eventId", id.toString())
                .add("vod", Jsons.PROVIDER.createObjectBuilder().add("state", "processing").add("progress", 0))
                .build());
    }

    /** Streams the {@code file} part to {@code target}; @return its client file name (may be null). */
    private String receive(InputStream body, String boundary, Path target) throws IOException {
        MultipartReader reader = new MultipartReader(body, boundary);
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            if (!"file".equals(part.name())) {
                continue;
            }
            long written = 0;
            byte[] buffer = new byte[COPY_BUFFER];
            try (OutputStream out = Files.newOutputStream(target)) {
                int n;
                while ((n = part.body().read(buffer)) > 0) {
                    written += n;
                    if (written > maxBytes) {
                        throw new ApiException(413, "payload_too_large",
                                "the upload limit is " + maxBytes / (1024 * 1024) + " MB");
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (written == 0) {
                throw ApiException.invalid("the file is empty");
            }
            return part.filename();
        }
        throw ApiException.invalid("no field named file in the upload");
    }

    private static String extension(String filename) {
        if (filename == null) {
            return "";
        }
        String ext = filename.contains(".") ? filename.substring(filename.lastIndexOf('.')).toLowerCase(Locale.ROOT) : "";
        return ext.matches("\\.[a-z0-9]{1,8}") ? ext : "";
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + p + ": " + e.getMessage());
        }
    }
}
