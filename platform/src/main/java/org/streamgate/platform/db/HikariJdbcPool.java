package org.streamgate.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The connection pool behind Helidon's JDBC {@code DbClient}: HikariCP, because {@code helidon-dbclient-hikari}
 * is not published for Helidon 4.5.
 */
public final class HikariJdbcPool implements CloseableJdbcConnectionPool {

    public static final int DEFAULT_MAX_POOL_SIZE = 20;

    private final HikariDataSource dataSource;

    public HikariJdbcPool(JdbcTarget target, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("streamgate-platform");
        config.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null) {
            config.setUsername(target.user());
        }
        if (target.password() != null) {
            config.setPassword(target.password());
        }
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(30_000);
        config.addDataSourceProperty("ApplicationName", "streamgate-platform");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Helidon binds UUIDs with setString; untyped strings let PostgreSQL infer uuid (and other) column types.
        config.addDataSourceProperty("stringtype", "unspecified");
        this.dataSource = new HikariDataSource(config);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DbClientException("no database connection: " + e.getMessage(), e);
        }
    }

    @Override
    public String dbType() {
        return "jdbc:postgresql";
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
