package org.ombuds.platform.internal;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.ombuds.platform.DataFolder;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * SQLite in the data folder unless OMBUDS_DB_URL names a PostgreSQL database.
 * <p>
 * SQLite has one writer at a time. A pool of several connections that all begin with {@code BEGIN IMMEDIATE}
 * makes every request, reads included, queue for the write lock in SQLite's busy handler, which sleeps. So SQLite
 * gets two pools: a writer of exactly one connection (IMMEDIATE: a write transaction never fails to upgrade a
 * read lock), where writers queue in Hikari instead; and readers (the pool size, DEFERRED, {@code query_only}) for Spring's
 * read-only transactions, which in WAL mode read a snapshot beside the writer without ever taking its lock.
 * Every other transaction (Flyway, db-scheduler, Spring Session, the event publication registry) goes to the
 * writer; outside transactions a query reads on a reader and anything else writes on the writer
 * ({@link SqliteConnections}). PostgreSQL keeps one ordinary pool.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OmbudsProperties.class)
class DatabaseConfiguration {
    /** Tests bring their own clock to move time forward (expiry of bans, lapse of interim measures). */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DataSource dataSource(OmbudsProperties properties, DataFolder dataFolder) {
        OmbudsProperties.Db db = properties.db();
        if (!db.embedded()) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("ombuds");
            config.setMaximumPoolSize(db.pool());
            config.setJdbcUrl(db.url());
            if (db.user() != null && !db.user().isBlank()) config.setUsername(db.user());
            if (db.password() != null && !db.password().isBlank()) config.setPassword(db.password());
            return new HikariDataSource(config);
        }
        // Created owner-only before SQLite opens it: SQLite would make it 0644, and its -wal and -shm files take its mode.
        String url = "jdbc:sqlite:" + dataFolder.ownerOnlyFile("ombuds.db");
        HikariDataSource writer = new HikariDataSource(sqlite("ombuds-writer", url, 1, "IMMEDIATE"));
        HikariConfig readerConfig = sqlite("ombuds-reader", url, db.pool(), "DEFERRED");
        readerConfig.setConnectionInitSql("PRAGMA query_only = ON");
        HikariDataSource readers = new HikariDataSource(readerConfig);
        return new SqliteConnections(writer, readers);
    }

    private static HikariConfig sqlite(String name, String url, int size, String transactionMode) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setDriverClassName("org.sqlite.JDBC");
        config.setJdbcUrl(url);
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("busy_timeout", "15000");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("transaction_mode", transactionMode);
        return config;
    }
}
