package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ombuds.support.TestDatabases;

/**
 * V22 removes the duplicate parties that merges, splits and repeated confirmations left (keeping a confirmed one, then
 * the earliest), and from then on the database refuses a second party for the same person and role on a case.
 */
class OnePartyPerCaseMigrationTest {

    @ParameterizedTest
    @ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
    void duplicatePartiesAreRemovedAndRefusedFromThenOn(String database) throws Exception {
        String url;
        String user = null;
        String schema = null;
        if (database.equals(TestDatabases.POSTGRESQL)) {
            assumeTrue(TestDatabases.inCi() || TestDatabases.postgresReachable(), "PostgreSQL is not reachable (outside CI)");
            schema = "ombuds_v22_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            url = TestDatabases.PG_URL + (TestDatabases.PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            user = TestDatabases.PG_USER;
        } else {
            Path folder = Files.createTempDirectory("ombuds-v22");
            url = "jdbc:sqlite:" + folder.resolve("ombuds.db");
        }
        try {
            var flyway = Flyway.configure().dataSource(url, user, user == null ? null : "")
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + database);
            if (schema != null) flyway = flyway.schemas(schema);
            flyway.target("21").load().migrate();
            try (Connection connection = DriverManager.getConnection(url, user, user == null ? null : "")) {
                // The rows alone, without the cases, people and reports they point at.
                if (schema != null) execute(connection, "SET session_replication_role = replica");
                party(connection, "p-old", "case-1", "person-1", "subject", 100, null);
                party(connection, "p-confirmed", "case-1", "person-1", "subject", 200, "account-1");
                party(connection, "p-again", "case-1", "person-1", "subject", 300, "account-2");
                party(connection, "p-witness", "case-1", "person-1", "witness", 400, "account-1");
                party(connection, "p-first", "case-2", "person-1", "subject", 100, null);
                party(connection, "p-later", "case-2", "person-1", "subject", 500, null);
            }

            flyway.target("22").load().migrate();

            try (Connection connection = DriverManager.getConnection(url, user, user == null ? null : "")) {
                if (schema != null) execute(connection, "SET session_replication_role = replica");
                assertThat(ids(connection)).containsExactly("p-confirmed", "p-first", "p-witness");
                assertThatThrownBy(() -> party(connection, "p-duplicate", "case-1", "person-1", "witness", 600, "account-1"))
                        .isInstanceOf(SQLException.class);
            }
        } finally {
            if (schema != null) {
                try (Connection connection = DriverManager.getConnection(TestDatabases.PG_URL, TestDatabases.PG_USER, "")) {
                    execute(connection, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }

    private static void party(Connection connection, String id, String caseId, String personId, String role, long addedAt, String confirmedBy)
            throws SQLException {
        try (var insert = connection.prepareStatement(
                "INSERT INTO case_party (id, case_id, person_id, role, added_at, confirmed_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, caseId);
            insert.setString(3, personId);
            insert.setString(4, role);
            insert.setLong(5, addedAt);
            insert.setString(6, confirmedBy);
            insert.executeUpdate();
        }
    }

    private static List<String> ids(Connection connection) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (var query = connection.createStatement(); var rows = query.executeQuery("SELECT id FROM case_party ORDER BY id")) {
            while (rows.next()) ids.add(rows.getString(1));
        }
        return ids;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
