package org.streamgate.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator installs: the systemd units, the reverse-proxy config and the install script, checked by the
 * tools that will read them (systemd-analyze, nginx). Missing tools fail the test; they are never skipped.
 */
class DeploymentArtefactsIT {

    private static final Path ROOT = Path.of(System.getProperty("streamgate.root", "..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("platform", "hls-delivery", "transcoder", "ingest");

    @Test
    void installIntoAPrefixLaysOutJarsUnitsAndConfig(@TempDir Path prefix) throws Exception {
        Command install = Command.run(ROOT, "scripts/install", "--prefix", prefix.toString(), "--no-build");
        assertEquals(0, install.exitCode(), install.output());
        for (String service : SERVICES) {
            Path jar = prefix.resolve("opt/streamgate/" + service + "/streamgate-" + service + ".jar");
            assertTrue(Files.isRegularFile(jar), jar + " missing\n" + install.output());
            assertTrue(Files.list(prefix.resolve("opt/streamgate/" + service + "/libs")).findAny().isPresent(),
                    service + " has no libs");
            assertTrue(Files.isRegularFile(prefix.resolve("etc/streamgate/" + service + ".env")));
            assertTrue(Files.isRegularFile(prefix.resolve("etc/systemd/system/streamgate-" + service + ".service")));
        }
        assertTrue(Files.isExecutable(prefix.resolve("opt/streamgate/bin/streamgate-java")));
        assertTrue(Files.isRegularFile(prefix.resolve("opt/streamgate/hls-delivery/jvm.options")),
                "the JVM options the hls-delivery unit passes");
        assertTrue(Files.isDirectory(prefix.resolve("var/lib/streamgate/streams")));

        // idempotent: a second run succeeds and keeps an edited env file
        Path env = prefix.resolve("etc/streamgate/platform.env");
        Files.writeString(env, "# edited by the operator\n", java.nio.file.StandardOpenOption.APPEND);
        Command again = Command.run(ROOT, "scripts/install", "--prefix", prefix.toString(), "--no-build");
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(Files.readString(env).contains("# edited by the operator"), "install overwrote an operator's env file");

        Command uninstall = Command.run(ROOT, "scripts/uninstall", "--prefix", prefix.toString());
        assertEquals(0, uninstall.exitCode(), uninstall.output());
        assertFalse(Files.exists(prefix.resolve("opt/streamgate")));
        assertTrue(Files.exists(env), "uninstall without --purge must keep configuration");
    }

    @Test
    void dryRunTouchesNothing(@TempDir Path prefix) throws Exception {
        Command dry = Command.run(ROOT, "scripts/install", "--prefix", prefix.toString(), "--dry-run", "--no-build");
        assertEquals(0, dry.exitCode(), dry.output());
        assertTrue(dry.output().contains("streamgate-platform.service"), dry.output());
        try (Stream<Path> files = Files.walk(prefix)) {
            assertEquals(List.of(prefix), files.toList(), "dry run created files");
        }
    }

    @Test
    void systemdUnitsVerify(@TempDir Path prefix) throws Exception {
        Command install = Command.run(ROOT, "scripts/install", "--prefix", prefix.toString(), "--no-build");
        assertEquals(0, install.exitCode(), install.output());
        // systemd-analyze resolves dependencies (sysinit.target, ...) inside --root: give it a copy of the host's
        // units (a copy, not a link: their own absolute symlinks must resolve inside the root too)
        Path hostUnits = Path.of("/usr/lib/systemd/system").toRealPath();
        Files.createDirectories(prefix.resolve("usr/lib/systemd"));
        Command copy = Command.run(ROOT, "cp", "-a", hostUnits.toString(), prefix.resolve("usr/lib/systemd/").toString());
        assertEquals(0, copy.exitCode(), copy.output());

        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no", "--root=" + prefix));
        try (Stream<Path> units = Files.list(ROOT.resolve("ops/systemd"))) {
            units.map(u -> "/etc/systemd/system/" + u.getFileName()).sorted().forEach(command::add);
        }
        Command verify = Command.run(ROOT, command.toArray(String[]::new));
        assertEquals(0, verify.exitCode(), verify.output());
        assertEquals("", verify.output().strip(), "systemd-analyze warned");
    }

    @Test
    void unitsAreHardened() throws IOException {
        for (String service : SERVICES) {
            String unit = Files.readString(ROOT.resolve("ops/systemd/streamgate-" + service + ".service"));
            for (String setting : List.of("User=streamgate", "NoNewPrivileges=yes", "ProtectSystem=strict",
                    "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=\n", "Restart=on-failure",
                    "RestartPreventExitStatus=2",
                    "EnvironmentFile=/etc/streamgate/" + service + ".env", "ExecStartPre=/opt/streamgate/bin/streamgate-check-env")) {
                assertTrue(unit.contains(setting), service + " lacks " + setting.strip());
            }
        }
    }

    @Test
    void checkEnvRefusesMissingAndWeakSecrets() throws Exception {
        Path script = ROOT.resolve("ops/bin/streamgate-check-env");
        Command missing = Command.run(ROOT, java.util.Map.of("PLAYBACK_SIGNING_SECRET", "", "INTERNAL_API_KEY", ""),
                script.toString(), "hls-delivery");
        assertFalse(missing.exitCode() == 0);
        assertTrue(missing.output().contains("PLAYBACK_SIGNING_SECRET is not set"), missing.output());

        Command weak = Command.run(ROOT, java.util.Map.of("PLAYBACK_SIGNING_SECRET", "short",
                "INTERNAL_API_KEY", "k".repeat(40), "PLATFORM_APP_URL", "http://127.0.0.1:3000"), script.toString(), "hls-delivery");
        assertFalse(weak.exitCode() == 0);
        assertTrue(weak.output().contains("shorter than 32 bytes"), weak.output());

        Command ok = Command.run(ROOT, java.util.Map.of("PLAYBACK_SIGNING_SECRET", "s".repeat(40),
                "INTERNAL_API_KEY", "k".repeat(40), "PLATFORM_APP_URL", "http://127.0.0.1:3000"), script.toString(), "hls-delivery");
        assertEquals(0, ok.exitCode(), ok.output());
    }

    @Test
    void prometheusConfigAndAlertRulesPassPromtool() throws Exception {
        Path dir = ROOT.resolve("ops/prometheus");
        Command config = Command.run(dir, "promtool", "check", "config", "prometheus.yml");
        assertEquals(0, config.exitCode(), config.output());
        Command rules = Command.run(dir, "promtool", "check", "rules", "streamgate-alerts.yml");
        assertEquals(0, rules.exitCode(), rules.output());
        String alerts = Files.readString(dir.resolve("streamgate-alerts.yml"));
        for (String alert : List.of("RevocationSyncStale", "FfmpegRestartsRising", "TranscoderJobFailed",
                "DeliveryServerErrors", "IngestRejectsSpike", "StreamRootFilling")) {
            assertTrue(alerts.contains("alert: " + alert), "missing alert " + alert);
        }
    }

    @Test
    void reverseProxyConfigPassesNginxTest(@TempDir Path dir) throws Exception {
        assertNginxAccepts(dir, List.of("tls.conf", "security-headers.conf", "streamgate.conf"), "streamgate.conf");
    }

    @Test
    void edgeBalancerConfigPassesNginxTest(@TempDir Path dir) throws Exception {
        assertNginxAccepts(dir, List.of("tls.conf", "security-headers.conf", "streamgate-edges.conf"),
                "streamgate-edges.conf");
    }

    /** Copies {@code files} from ops/nginx as installed under a temporary /etc/streamgate, then runs nginx -t. */
    private static void assertNginxAccepts(Path dir, List<String> files, String include) throws Exception {
        Path tls = Files.createDirectories(dir.resolve("etc/streamgate/tls"));
        Command cert = Command.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=watch.example.com", "-keyout", tls.resolve("privkey.pem").toString(),
                "-out", tls.resolve("fullchain.pem").toString());
        assertEquals(0, cert.exitCode(), cert.output());
        Path nginxDir = Files.createDirectories(dir.resolve("etc/streamgate/nginx"));
        String etc = dir.resolve("etc/streamgate").toString();
        for (String file : files) {
            String text = Files.readString(ROOT.resolve("ops/nginx/" + file)).replace("/etc/streamgate", etc);
            Files.writeString(nginxDir.resolve(file), text);
        }
        Files.writeString(dir.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                    access_log off;
                    include %2$s/%3$s;
                }
                """.formatted(dir, nginxDir, include));
        Command test = Command.run(dir, "nginx", "-t", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString());
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("syntax is ok"), test.output());
        assertFalse(test.output().contains("[warn]"), test.output());
    }
}
