package org.ombuds.enforcement;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import jakarta.annotation.PreDestroy;

import org.ombuds.platform.OmbudsProperties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, keeps {@link BanIndex} current with what other nodes change: LISTENs on a connection of its own (not
 * one of the pool's) for the NOTIFY that the triggers on enforcement_sanction, person and identity_handle send when a
 * change commits, and loads the index again when one comes. After the database was unreachable it connects again, with
 * growing pauses, and loads the index in full once listening again (whatever was announced meanwhile is lost with the
 * connection). While it listens, the index's own periodic load is only a safety net
 * ({@code ombuds.enforcement.ban-index-safety-net}). On SQLite (one node) it does nothing. Servers only: the command
 * line does not listen.
 */
@Component
@ConditionalOnProperty(name = "ombuds.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class BanIndexNotifications {
    static final String CHANNEL = "ombuds_ban_index";
    private static final Logger log = LoggerFactory.getLogger(BanIndexNotifications.class);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);
    private final OmbudsProperties.Db db;
    private final BanIndex index;
    private final Duration safetyNet;
    private final Duration withoutNotifications;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    BanIndexNotifications(OmbudsProperties properties, BanIndex index,
                          @Value("${ombuds.enforcement.ban-index-safety-net:10s}") Duration safetyNet,
                          @Value("${ombuds.enforcement.ban-index-reload:2s}") Duration withoutNotifications) {
        this.db = properties.db();
        this.index = index;
        this.safetyNet = safetyNet;
        this.withoutNotifications = withoutNotifications;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (db.embedded() || running) return;
        running = true;
        thread = new Thread(this::listen, "ban-index-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) thread.interrupt();
        close(connection);
    }

    private void listen() {
        Duration pause = Duration.ofSeconds(1);
        boolean lost = false;
        while (running) {
            try (Connection listening = connect()) {
                connection = listening;
                String schema;
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                    try (ResultSet row = statement.executeQuery("SELECT current_schema()")) {
                        row.next();
                        schema = row.getString(1);
                    }
                }
                index.reload(); // whatever changed while nobody listened
                index.reloadInterval(safetyNet);
                if (lost) log.info("ban index: listening for changes again");
                lost = false;
                pause = Duration.ofSeconds(1);
                PGConnection notifications = listening.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications((int) safetyNet.toMillis());
                    if (received != null && concerns(received, schema)) {
                        index.reload();
                    } else if (received == null || received.length == 0) {
                        ping(listening); // a connection that died quietly is noticed here
                    }
                }
            } catch (SQLException | DataAccessException e) {
                index.reloadInterval(withoutNotifications);
                if (!running) return;
                if (!lost) log.warn("ban index: not listening for changes ({}); connecting again", e.getClass().getSimpleName());
                lost = true;
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties settings = new Properties();
        if (db.user() != null && !db.user().isBlank()) settings.setProperty("user", db.user());
        if (db.password() != null && !db.password().isBlank()) settings.setProperty("password", db.password());
        settings.setProperty("connectTimeout", "10");
        settings.setProperty("tcpKeepAlive", "true");
        settings.setProperty("ApplicationName", "ombuds ban-index notifications");
        return DriverManager.getConnection(db.url(), settings);
    }

    private static boolean concerns(PGNotification[] received, String schema) {
        for (PGNotification notification : received) {
            if (notification.getName().equals(CHANNEL) && (schema == null || schema.equals(notification.getParameter()))) return true;
        }
        return false;
    }

    private static void ping(Connection listening) throws SQLException {
        try (Statement statement = listening.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    private static void close(Connection open) {
        if (open == null) return;
        try {
            open.close();
        } catch (SQLException ignored) {
            // closing a connection that is already gone
        }
    }
}
