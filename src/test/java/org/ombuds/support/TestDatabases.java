package org.ombuds.support;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Which database a test runs on: SQLite in a temporary data folder, or the PostgreSQL at 127.0.0.1:5432
 * (database test) in a schema of its own, dropped when the JVM ends. OMBUDS_TEST_DB=postgresql runs the tests on
 * PostgreSQL (Maven's profile postgresql then leaves out those tagged no-sql or browser); tests of persistence run on
 * both whatever it says.
 */
public final class TestDatabases {
    public static final String SQLITE = "sqlite";
    public static final String POSTGRESQL = "postgresql";
    public static final String PG_URL = env("OMBUDS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = env("OMBUDS_TEST_PG_USER", "postgres");

    private TestDatabases() {
    }

    public static String selected() {
        return env("OMBUDS_TEST_DB", SQLITE);
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static boolean postgresReachable() {
        try (var connection = DriverManager.getConnection(PG_URL, PG_USER, "")) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Settings that point the application at a fresh database of this kind. */
    public static Map<String, Object> properties(String kind, Path dataDir) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ombuds.data-dir", dataDir.toString());
        if (POSTGRESQL.equals(kind)) {
            String schema = "ombuds_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            properties.put("ombuds.db.url", PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            properties.put("ombuds.db.user", PG_USER);
            properties.put("spring.flyway.schemas", schema);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(schema)));
        }
        return properties;
    }

    /** The same settings as command-line arguments, which take precedence over application.yml. */
    public static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** The same settings as environment variables, for the packaged jar (OMBUDS_DATA_DIR, OMBUDS_DB_URL, ...). */
    public static Map<String, String> environment(Map<String, Object> properties) {
        Map<String, String> environment = new LinkedHashMap<>();
        properties.forEach((key, value) ->
                environment.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value.toString()));
        return environment;
    }

    private static void dropSchema(String schema) {
        try (var connection = DriverManager.getConnection(PG_URL, PG_USER, "");
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException ignored) {
            // the database went away first; nothing left to clean
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
