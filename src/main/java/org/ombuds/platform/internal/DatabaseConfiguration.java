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
 * SQLite runs in WAL mode with foreign keys on; transactions take the write lock up front (IMMEDIATE)
 * so that two writers wait for each other within the busy timeout instead of failing with SQLITE_BUSY.
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

    @Bean(destroyMethod = "close")
    DataSource dataSource(OmbudsProperties properties, DataFolder dataFolder) {
        OmbudsProperties.Db db = properties.db();
        HikariConfig config = new HikariConfig();
        config.setPoolName("ombuds");
        config.setMaximumPoolSize(db.pool());
        if (db.embedded()) {
            config.setDriverClassName("org.sqlite.JDBC");
            // Created owner-only before SQLite opens it: SQLite would make it 0644, and its -wal and -shm files take its mode.
            config.setJdbcUrl("jdbc:sqlite:" + dataFolder.ownerOnlyFile("ombuds.db"));
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("busy_timeout", "15000");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            config.setJdbcUrl(db.url());
            if (db.user() != null && !db.user().isBlank()) config.setUsername(db.user());
            if (db.password() != null && !db.password().isBlank()) config.setPassword(db.password());
        }
        return new HikariDataSource(config);
    }
}
