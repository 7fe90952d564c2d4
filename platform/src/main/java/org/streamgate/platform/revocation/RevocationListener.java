package org.streamgate.platform.revocation;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The named background task that {@code LISTEN}s on {@link RevocationLog#CHANNEL} over its own connection and bumps
 * the {@link RevocationSignal} on every notification. Changes committed by any platform instance sharing the
 * database are heard, so every instance pushes every change. Reconnects after database errors.
 *
 * <p>Concurrency: owns its connection; runs on one platform thread; {@link #close()} stops it.
 */
public final class RevocationListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RevocationListener.class.getName());

    /** Opens a connection outside the pool. */
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource connections;
    private final RevocationSignal signal;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection current;

    public RevocationListener(ConnectionSource connections, RevocationSignal signal) {
        this.connections = connections;
        this.signal = signal;
        this.thread = Thread.ofPlatform().name("revocation-listener").daemon(true).unstarted(this::run);
    }

    public RevocationListener start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try (Connection c = connections.open()) {
                current = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + RevocationLog.CHANNEL);
                }
                signal.bump(); // anything committed while we were not listening
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        signal.bump();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.log(Level.WARNING, "revocation LISTEN connection failed, retrying: " + e.getMessage());
                    sleep(1000);
                }
            } finally {
                current = null;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = current;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "closing LISTEN connection", e);
            }
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
