package org.ombuds.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ombuds.platform.DataFolder;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sqlite.SQLiteDataSource;

/**
 * Data keys made ahead (the spares that request threads prepare for keys created inside write transactions) behave as
 * keys made on the spot: each is handed out once, stored with its record, and opens what it sealed after a restart.
 */
// Its own SQLite file, no application database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class EnvelopeDataKeysTest {
    @TempDir
    Path dir;
    private JdbcClient jdbc;

    @BeforeEach
    void table() {
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("keys.db"));
        jdbc = JdbcClient.create(sqlite);
        jdbc.sql("CREATE TABLE data_key (id TEXT PRIMARY KEY, wrapped TEXT, created_at BIGINT NOT NULL, destroyed_at BIGINT)").update();
    }

    private EnvelopeDataKeys keys() {
        return new EnvelopeDataKeys(jdbc, new KeySets(new DataFolder(new OmbudsProperties(dir, null, null, null, null, null, null, null))),
                Clock.systemUTC());
    }

    @Test
    void createdKeysComeFromTheSparesOnceEachAndAreStored() {
        EnvelopeDataKeys keys = keys();
        Set<String> prepared = new HashSet<>();
        for (int i = 0; i < 10; i++) prepared.add(keys.prepare()); // each leaves a spare behind
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 50; i++) created.add(keys.create()); // ten spares, then made on the spot
        assertThat(created).hasSize(50).doesNotContainAnyElementsOf(prepared);
        assertThat(jdbc.sql("SELECT id FROM data_key").query(String.class).set()).isEqualTo(created);
        assertThatThrownBy(() -> keys.persist(created.iterator().next())).hasMessageContaining("was not prepared here");
    }

    @Test
    void aKeyFromTheSparesOpensWhatItSealedAfterARestart() {
        EnvelopeDataKeys keys = keys();
        keys.prepare();
        String key = keys.create();
        String sealed = keys.seal(key, "what happened", "report.content:1");
        assertThat(sealed).doesNotContain("what happened");
        assertThat(keys().open(key, sealed, "report.content:1")).isEqualTo("what happened");
    }
}
