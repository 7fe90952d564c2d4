package org.streamgate.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamgate.platform.DemoSeed;
import org.streamgate.platform.PlatformServer;
import org.streamgate.platform.TestPlatform;
import org.streamgate.platform.TestPostgres;
import org.streamgate.platform.config.PlatformConfig;

class MigrationsIT {

    @Test
    void migrationsRunOnAnEmptyDatabaseAndAreIdempotent() {
        String url = TestPostgres.newDatabaseUrl();
        HikariJdbcPool pool = new HikariJdbcPool(JdbcTarget.parse(url), 2);
        try {
            assertTrue(Migrations.migrate(pool.dataSource()) >= 1);
            assertEquals(0, Migrations.migrate(pool.dataSource()));
        } finally {
            pool.close();
        }
    }

    /** Embedded PostgreSQL, dev secrets, demo seed; a restart reuses the data, the event and the codes. */
    @Test
    void embeddedDatabaseAndDemoSeedSurviveARestart(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("STREAMGATE_DATA_DIR", dataDir.toString());
        env.put("STREAMGATE_DEMO", "true");
        env.put("PLAYBACK_SIGNING_SECRET", TestPlatform.SIGNING_SECRET);
        env.put("INTERNAL_API_KEY", TestPlatform.INTERNAL_KEY);
        PlatformConfig config = PlatformConfig.from(env);
        PlatformServer first = PlatformServer.start(config);
        String demo1;
        try {
            demo1 = Files.readString(dataDir.resolve(DemoSeed.FILE_NAME));
        } finally {
            first.stop();
        }
        assertTrue(demo1.matches("(?s).*DEMO_EVENT_ID='[0-9a-f-]{36}'.*"), demo1);
        assertTrue(demo1.matches("(?s).*DEMO_STREAM_KEY='[a-z2-7]{32}'.*"), demo1);
        assertTrue(demo1.matches("(?s).*DEMO_CODES='([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4} ){4}[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}'.*"), demo1);
        assertTrue(Files.isDirectory(dataDir.resolve("postgres")));

        PlatformServer second = PlatformServer.start(config);
        try {
            String demo2 = Files.readString(dataDir.resolve(DemoSeed.FILE_NAME));
            assertEquals(demo1.replaceAll("(?s)^.*?DEMO_EVENT_ID", ""), demo2.replaceAll("(?s)^.*?DEMO_EVENT_ID", ""));
        } finally {
            second.stop();
        }
    }
}
