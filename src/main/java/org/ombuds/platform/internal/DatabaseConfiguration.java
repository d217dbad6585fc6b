package org.ombuds.platform.internal;

import java.time.Clock;
import java.util.Properties;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

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
    static final int CHECKPOINT_PAGES = 10_000;

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
        HikariConfig writerConfig = sqlite("ombuds-writer", url, 1, "IMMEDIATE");
        // The writer copies the log back into the database (a checkpoint) every 10,000 pages rather than SQLite's 1,000:
        // a report writes some sixteen index pages, many of them the same hot pages, copied once per checkpoint instead
        // of ten times. The log file grows to about 40 MB; intake measured 10% faster (bench/intake-throughput.sh).
        writerConfig.setConnectionInitSql("PRAGMA wal_autocheckpoint = " + CHECKPOINT_PAGES);
        HikariDataSource writer = new HikariDataSource(writerConfig);
        HikariConfig readerConfig = sqlite("ombuds-reader", url, db.pool(), "DEFERRED");
        readerConfig.setConnectionInitSql("PRAGMA query_only = ON");
        HikariDataSource readers = new HikariDataSource(readerConfig);
        return new SqliteConnections(writer, readers);
    }

    /**
     * How Ombuds opens SQLite. The driver's generated keys are off: Ombuds makes its own ids, and the driver would
     * answer every insert with a query of its own left open on the statement, which a kept statement
     * ({@link SqliteStatementCache}) never closes: the connection could not then VACUUM (a backup) or checkpoint.
     */
    static SQLiteConfig sqliteSettings(String transactionMode) {
        Properties settings = new Properties();
        settings.setProperty("journal_mode", "WAL");
        settings.setProperty("foreign_keys", "true");
        settings.setProperty("busy_timeout", "15000");
        settings.setProperty("synchronous", "FULL");
        settings.setProperty("transaction_mode", transactionMode);
        settings.setProperty("jdbc.get_generated_keys", "false");
        return new SQLiteConfig(settings);
    }

    private static HikariConfig sqlite(String name, String url, int size, String transactionMode) {
        SQLiteDataSource sqlite = new SQLiteDataSource(sqliteSettings(transactionMode));
        sqlite.setUrl(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setDataSource(new SqliteStatementCache(sqlite));
        return config;
    }
}
