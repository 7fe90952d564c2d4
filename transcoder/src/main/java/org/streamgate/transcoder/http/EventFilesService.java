package org.streamgate.transcoder.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import org.streamgate.transcoder.Jsons;
import org.streamgate.transcoder.job.EventFiles;
import org.streamgate.transcoder.job.EventIds;
import org.streamgate.transcoder.job.JobRegistry;

/**
 * Retention, mounted at {@code /events}: {@code DELETE /events/<eventId>/files} removes the event's HLS output
 * (and anything else under {@code STREAM_ROOT/<eventId>/}) and the job's work folder. Never while a job for the
 * event runs: 409 {@code job_running}; 404 when there is nothing to delete.
 */
public final class EventFilesService implements HttpService {

    private static final System.Logger LOG = System.getLogger(EventFilesService.class.getName());

    private final JobRegistry registry;
    private final JobRegistry.Purger purger;

    public EventFilesService(JobRegistry registry, JobRegistry.Purger purger) {
        this.registry = registry;
        this.purger = purger;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.delete("/{eventId}/files", this::purge);
    }

    private void purge(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        String id = req.path().pathParameters().get("eventId");
        if (!EventIds.isValid(id)) {
            throw ApiException.badRequest("eventId must match [A-Za-z0-9-]{1,64}");
        }
        switch (registry.purge(id, purger)) {
            case JobRegistry.PurgeResult.JobRunning running -> throw new ApiException(Status.CONFLICT_409,
                    "job_running", "a job for event " + id + " is " + running.job().state().wireName()
                    + "; end it before deleting its files");
            case JobRegistry.PurgeResult.AlreadyPurging busy -> throw new ApiException(Status.CONFLICT_409,
                    "purge_running", "the files of event " + id + " are already being deleted");
            case JobRegistry.PurgeResult.Purged purged -> {
                EventFiles.Deleted d = purged.deleted();
                if (!d.existed()) {
                    throw ApiException.notFound("no files for event " + id);
                }
                LOG.log(System.Logger.Level.INFO, id + " files deleted: " + d.files() + " files, " + d.bytes()
                        + " bytes");
                res.status(Status.OK_200);
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(Jsons.PROVIDER.createObjectBuilder()
                        .add("eventId", id)
                        .add("deletedFiles", d.files())
                        .add("deletedBytes", d.bytes())
                        .build().toString());
            }
        }
    }
}
