package org.streamgate.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * A real PostgreSQL server started by the platform when no {@code DATABASE_URL} is set (DESIGN §4). Its data lives
 * in {@code <data dir>/postgres} and survives restarts; it listens on a free local port and stops with the platform.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedDatabase.class.getName());

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            clearStaleServer(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(freePort())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "on")
                    // zonky's default is off for every transaction; a claimed session or a revocation must survive
                    // a crash once answered, so commits wait for the WAL flush as on any production server. Only
                    // the rate-limit counters opt out, per transaction (RateLimiter.HIT_CTE).
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            LOG.log(Level.INFO, "embedded PostgreSQL started on port " + pg.getPort() + ", data in " + dataDir);
            return new EmbeddedDatabase(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
        }
    }

    public JdbcTarget target() {
        return new JdbcTarget(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOG.log(Level.INFO, "embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "stopping embedded PostgreSQL failed", e);
        }
    }

    /**
     * A platform killed with SIGKILL leaves its PostgreSQL running (or its {@code postmaster.pid} behind), and the
     * next start would fail. If no other platform holds the data directory (zonky's {@code epg-lock}), an orphaned
     * server is stopped and a stale pid file removed; if one does, start-up fails with a clear message.
     */
    static void clearStaleServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dataDir.resolve("epg-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another platform is using the embedded database in " + dataDir
                        + " (set a different STREAMGATE_DATA_DIR)");
            }
            long pid = -1;
            try {
                pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "unreadable " + pidFile + ", removing it");
            }
            Optional<ProcessHandle> orphan = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
            if (orphan.isPresent() && orphan.get().isAlive()
                    && orphan.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
                LOG.log(Level.WARNING, "stopping an orphaned embedded PostgreSQL (pid " + pid + ") left by an earlier run");
                orphan.get().destroy();
                try {
                    orphan.get().onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    orphan.get().destroyForcibly();
                }
            }
            Files.deleteIfExists(pidFile);
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("the embedded database in " + dataDir + " is already open in this process");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
