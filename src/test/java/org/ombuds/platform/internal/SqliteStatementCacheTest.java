package org.ombuds.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * Compiled statements kept per SQLite connection: handed out again once their user closes them, with nothing of the
 * last use left (parameters, unfinished rows); never to two users at once; and the oldest closed past the limit.
 */
class SqliteStatementCacheTest {
    private SqliteStatementCache cache;
    private Path file;

    @BeforeEach
    void database() throws Exception {
        file = Files.createTempDirectory("ombuds-statements").resolve("cache.db");
        SQLiteDataSource sqlite = new SQLiteDataSource(DatabaseConfiguration.sqliteSettings("DEFERRED"));
        sqlite.setUrl("jdbc:sqlite:" + file);
        cache = new SqliteStatementCache(sqlite);
        try (Connection connection = cache.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)");
                statement.execute("INSERT INTO item (name) VALUES ('a'), ('b'), ('c')");
            }
        }
    }

    @Test
    void aClosedStatementIsHandedOutAgainWithoutItsParameters() throws Exception {
        try (Connection connection = cache.getConnection()) {
            PreparedStatement first = connection.prepareStatement("SELECT name FROM item WHERE id = ?");
            first.setInt(1, 2);
            assertThat(names(first)).containsExactly("b");
            first.close();
            assertThat(first.isClosed()).isTrue();

            PreparedStatement again = connection.prepareStatement("SELECT name FROM item WHERE id = ?");
            assertThat(again).isSameAs(first);
            assertThat(again.isClosed()).isFalse();
            again.setInt(1, 3);
            assertThat(names(again)).containsExactly("c");
            again.close();
        }
    }

    @Test
    void aStatementInUseIsNotHandedToASecondUser() throws Exception {
        try (Connection connection = cache.getConnection()) {
            PreparedStatement outer = connection.prepareStatement("SELECT name FROM item WHERE id >= ? ORDER BY id");
            outer.setInt(1, 1);
            List<String> pairs = new ArrayList<>();
            try (ResultSet rows = outer.executeQuery()) {
                while (rows.next()) {
                    // The same statement asked for while the outer one's rows are read (a lookup in a row mapper).
                    try (PreparedStatement inner = connection.prepareStatement("SELECT name FROM item WHERE id >= ? ORDER BY id")) {
                        assertThat(inner).isNotSameAs(outer);
                        inner.setInt(1, 3);
                        pairs.add(rows.getString(1) + names(inner));
                    }
                }
            }
            outer.close();
            assertThat(pairs).containsExactly("a[c]", "b[c]", "c[c]");
        }
    }

    @Test
    void closingAStatementEndsItsUnfinishedQuerySoTheWriterCanCheckpoint() throws Exception {
        try (Connection reader = cache.getConnection(); Connection writer = cache.getConnection()) {
            PreparedStatement query = reader.prepareStatement("SELECT name FROM item ORDER BY id");
            ResultSet rows = query.executeQuery();
            assertThat(rows.next()).isTrue(); // one row of three read, then closed without closing the rows
            query.close();

            try (Statement statement = writer.createStatement()) {
                statement.execute("INSERT INTO item (name) VALUES ('d')");
            }
            // A reader still inside its query would keep the checkpoint from copying the log back (busy = 1).
            try (Statement statement = writer.createStatement(); ResultSet checkpoint = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                assertThat(checkpoint.next()).isTrue();
                assertThat(checkpoint.getInt(1)).isZero();
            }
        }
    }

    @Test
    void keptStatementsLeaveNothingInProgressSoTheConnectionCanBeCopied() throws Exception {
        try (Connection connection = cache.getConnection()) {
            for (String name : List.of("d", "e")) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item (name) VALUES (?)")) {
                    insert.setString(1, name);
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement lookup = connection.prepareStatement("SELECT name FROM item WHERE id = ?")) {
                lookup.setInt(1, 1);
                assertThat(names(lookup)).containsExactly("a");
            }
            // What a backup does (VACUUM INTO): refused while any statement of the connection is still in progress.
            try (PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, file.resolveSibling("copy.db").toString());
                vacuum.execute();
            }
        }
        assertThat(file.resolveSibling("copy.db")).exists();
    }

    @Test
    void pastTheLimitTheOldestStatementIsClosed() throws Exception {
        try (Connection connection = cache.getConnection()) {
            PreparedStatement oldest = connection.prepareStatement("SELECT 0");
            oldest.close();
            for (int i = 1; i <= SqliteStatementCache.SIZE; i++) connection.prepareStatement("SELECT " + i).close();
            PreparedStatement compiledAgain = connection.prepareStatement("SELECT 0");
            assertThat(compiledAgain).isNotSameAs(oldest);
            assertThat(names(compiledAgain)).containsExactly("0");
        }
    }

    @Test
    void closingTheConnectionClosesItsStatements() throws Exception {
        PreparedStatement kept;
        try (Connection connection = cache.getConnection()) {
            kept = connection.prepareStatement("SELECT name FROM item");
            kept.close();
        }
        assertThat(kept.isClosed()).isTrue();
        try (Connection connection = cache.getConnection(); PreparedStatement fresh = connection.prepareStatement("SELECT name FROM item")) {
            assertThat(fresh).isNotSameAs(kept);
            assertThat(names(fresh)).containsExactly("a", "b", "c");
        }
    }

    private static List<String> names(PreparedStatement statement) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) names.add(rows.getString(1));
        }
        return names;
    }
}
