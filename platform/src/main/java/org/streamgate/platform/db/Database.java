package org.streamgate.platform.db;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The platform's PostgreSQL: optionally an embedded server, a HikariCP pool, the schema migrated by Flyway, and the
 * Helidon {@link DbClient} every repository uses. Closing it stops everything it started.
 */
public final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final EmbeddedDatabase embedded;
    private final JdbcTarget target;
    private final HikariJdbcPool pool;
    private final DbClient client;

    private Database(EmbeddedDatabase embedded, JdbcTarget target, HikariJdbcPool pool, DbClient client) {
        this.embedded = embedded;
        this.target = target;
        this.pool = pool;
        this.client = client;
    }

    /**
     * @param databaseUrl {@code DATABASE_URL}, or {@code null} to start an embedded server in {@code embeddedDir}
     */
    public static Database open(String databaseUrl, java.nio.file.Path embeddedDir) {
        EmbeddedDatabase embedded = null;
        JdbcTarget target;
        if (databaseUrl == null) {
            embedded = EmbeddedDatabase.start(embeddedDir);
            target = embedded.target();
        } else {
            target = JdbcTarget.parse(databaseUrl);
        }
        HikariJdbcPool pool = null;
        try {
            pool = new HikariJdbcPool(target, HikariJdbcPool.DEFAULT_MAX_POOL_SIZE);
            Migrations.migrate(pool.dataSource());
            DbClient client = JdbcClientBuilder.create().connectionPool(pool).build();
            LOG.log(Level.INFO, "database ready: " + (embedded == null ? "external" : "embedded"));
            return new Database(embedded, target, pool, client);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    public DbClient client() {
        return client;
    }

    public DataSource dataSource() {
        return pool.dataSource();
    }

    /** A connection outside the pool, for {@code LISTEN}; the caller closes it. */
    public Connection openDedicatedConnection() throws SQLException {
        Properties props = new Properties();
        if (target.user() != null) {
            props.setProperty("user", target.user());
        }
        if (target.password() != null) {
            props.setProperty("password", target.password());
        }
        props.setProperty("ApplicationName", "streamgate-platform-listen");
        return DriverManager.getConnection(target.jdbcUrl(), props);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing DbClient", e);
        }
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
