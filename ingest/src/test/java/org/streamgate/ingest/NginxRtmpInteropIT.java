package org.streamgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop B (issue "nginx-rtmp parity"): the same ffmpeg publish, with the same stream name and args, to a real
 * nginx-rtmp and to our ingest, each pointing at its own recording hook receiver. The callback bodies must be the
 * same bytes once the values of {@code addr}, {@code clientid} and {@code tcurl} (port, connection numbering) are
 * masked: same fields, same order, same escaping, same raw args after the fields, for publish, publish_done and
 * the periodic on_update (whose {@code time}/{@code timestamp} values are masked too).
 */
class NginxRtmpInteropIT {

    /** Args with every troublesome shape: '=' in a value, a second name=, a flag without '=', %, +, ';', ':'. */
    static final String STREAM = "key?token=abc=&x=1&sp=a%20b+c;d:e&name=evil&flag";
    /** Values that differ by nature: address/port, connection numbering, and on_update's clocks. */
    private static final List<String> MASKED = List.of("addr", "clientid", "tcurl", "time", "timestamp");

    @TempDir
    Path tmp;

    @Test
    void publishAndPublishDoneBodiesMatchNginxRtmp() throws Exception {
        try (HookReceiver nginxHook = new HookReceiver(); HookReceiver ourHook = new HookReceiver();
             NginxRtmp nginx = NginxRtmp.start(tmp.resolve("nginx"), nginxHook.onPublishUrl(),
                     nginxHook.onPublishDoneUrl(), nginxHook.onUpdateUrl())) {
            IngestServer ingest = IngestServer.start(IngestConfig.from(Map.of(
                    "RTMP_PORT", String.valueOf(Ffmpeg.freePort()),
                    "INGEST_HTTP_PORT", String.valueOf(Ffmpeg.freePort()),
                    "ON_PUBLISH_URL", ourHook.onPublishUrl(),
                    "ON_PUBLISH_DONE_URL", ourHook.onPublishDoneUrl(),
                    "ON_UPDATE_URL", ourHook.onUpdateUrl(),
                    "NOTIFY_UPDATE_TIMEOUT_SECONDS", "1")));
            Process toNginx = null;
            Process toOurs = null;
            try {
                toNginx = Ffmpeg.publishLight("rtmp://127.0.0.1:" + nginx.port() + "/live/" + STREAM,
                        tmp.resolve("nginx-pub.log"));
                toOurs = Ffmpeg.publishLight("rtmp://127.0.0.1:" + ingest.rtmpPort() + "/live/" + STREAM,
                        tmp.resolve("ours-pub.log"));
                HookReceiver.Call nginxPublish = nginxHook.nextPublish(Duration.ofSeconds(20));
                assertNotNull(nginxPublish, () -> "nginx sent no on_publish: " + nginx.errorLog());
                HookReceiver.Call ourPublish = ourHook.nextPublish(Duration.ofSeconds(20));
                assertNotNull(ourPublish, () -> "ingest sent no on_publish: " + Ffmpeg.tail(tmp.resolve("ours-pub.log")));
                assertTrue(Ffmpeg.await(Duration.ofSeconds(5), () -> ingest.activePublishers() == 1));
                HookReceiver.Call nginxUpdate = nginxHook.nextUpdate(Duration.ofSeconds(5));
                assertNotNull(nginxUpdate, () -> "nginx sent no on_update: " + nginx.errorLog());
                HookReceiver.Call ourUpdate = ourHook.nextUpdate(Duration.ofSeconds(5));
                assertNotNull(ourUpdate, "ingest sent no on_update");

                Ffmpeg.stop(toNginx);
                Ffmpeg.stop(toOurs);
                HookReceiver.Call nginxDone = nginxHook.nextPublishDone(Duration.ofSeconds(10));
                assertNotNull(nginxDone, () -> "nginx sent no on_publish_done: " + nginx.errorLog());
                HookReceiver.Call ourDone = ourHook.nextPublishDone(Duration.ofSeconds(10));
                assertNotNull(ourDone, "ingest sent no on_publish_done");

                System.out.println("INTEROP nginx-rtmp publish:      " + nginxPublish.body());
                System.out.println("INTEROP ingest publish:          " + ourPublish.body());
                System.out.println("INTEROP nginx-rtmp update:       " + nginxUpdate.body());
                System.out.println("INTEROP ingest update:           " + ourUpdate.body());
                System.out.println("INTEROP nginx-rtmp publish_done: " + nginxDone.body());
                System.out.println("INTEROP ingest publish_done:     " + ourDone.body());

                assertEquals(List.of("app", "flashver", "swfurl", "tcurl", "pageurl", "addr", "clientid", "call",
                        "name", "type", "token", "x", "sp", "name", "flag"), names(nginxPublish.body()));
                assertEquals(List.of("app", "flashver", "swfurl", "tcurl", "pageurl", "addr", "clientid", "call",
                        "name", "token", "x", "sp", "name", "flag"), names(nginxDone.body()));
                assertEquals(names(nginxPublish.body()), names(ourPublish.body()));
                assertEquals(names(nginxDone.body()), names(ourDone.body()));
                assertEquals(mask(nginxPublish.body()), mask(ourPublish.body()));
                assertEquals(mask(nginxDone.body()), mask(ourDone.body()));
                assertEquals(List.of("app", "flashver", "swfurl", "tcurl", "pageurl", "addr", "clientid", "call",
                        "time", "timestamp", "name", "token", "x", "sp", "name", "flag"), names(nginxUpdate.body()));
                assertEquals(mask(nginxUpdate.body()), mask(ourUpdate.body()));
                assertEquals("update_publish", value(ourUpdate.body(), "call"));
                assertTrue(ourPublish.body().endsWith("&" + STREAM.substring(STREAM.indexOf('?') + 1)),
                        "raw args forwarded unchanged after the fields");
                assertTrue(value(ourPublish.body(), "clientid").matches("[0-9]+"), "clientid is an integer, as in nginx");
                assertEquals(nginxPublish.contentType(), ourPublish.contentType());
                assertEquals(nginxPublish.query(), ourPublish.query(), "hook URL query kept by both");
            } finally {
                for (Process p : new Process[] {toNginx, toOurs}) {
                    if (p != null) {
                        p.destroyForcibly();
                    }
                }
                ingest.stop();
            }
        }
    }

    static List<String> names(String body) {
        List<String> names = new ArrayList<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            names.add(eq < 0 ? pair : pair.substring(0, eq));
        }
        return names;
    }

    static String value(String body, String name) {
        for (String pair : body.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing from " + body);
    }

    /** The body with the values of addr, clientid and tcurl replaced by '*'. */
    static String mask(String body) {
        List<String> out = new ArrayList<>();
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            out.add(MASKED.contains(name) ? name + "=*" : pair);
        }
        return String.join("&", out);
    }
}
