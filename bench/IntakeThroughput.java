import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepted reports per second through POST /api/v1/reports on the embedded default (16 clients), against a
 * bare JDBC insert of the same rows (a data key and a report per transaction, 16 threads) into the same SQLite
 * database with the same settings. Run by bench/intake-throughput.sh.
 */
public class IntakeThroughput {
    static final int CLIENTS = 16;

    public static void main(String[] args) throws Exception {
        int reports = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path data = Files.createTempDirectory("ombuds-bench").resolve("data");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/ombuds.jar").redirectErrorStream(true)
                .redirectOutput(data.getParent().resolve("server.log").toFile());
        builder.environment().putAll(java.util.Map.of("OMBUDS_DATA_DIR", data.toString(), "SERVER_PORT", String.valueOf(port),
                "OMBUDS_LIMITS_REPORTS_EVENTS", "100000000", "OMBUDS_LIMITS_REPORTS_WINDOW", "1h"));
        Process server = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) break;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        run(reports / 5, i -> post(http, base, i)); // warm-up
        double api = run(reports, i -> post(http, base, i));
        server.destroy();
        server.waitFor();

        Properties settings = new Properties();
        settings.setProperty("journal_mode", "WAL");
        settings.setProperty("foreign_keys", "true");
        settings.setProperty("busy_timeout", "15000");
        settings.setProperty("synchronous", "FULL");
        settings.setProperty("transaction_mode", "IMMEDIATE");
        String url = "jdbc:sqlite:" + data.resolve("ombuds.db");
        List<Object[]> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, settings);
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT r.*, k.wrapped FROM report r JOIN data_key k ON k.id = r.data_key_id LIMIT " + reports)) {
            int columns = row.getMetaData().getColumnCount();
            while (row.next()) {
                Object[] values = new Object[columns];
                for (int c = 0; c < columns; c++) values[c] = row.getObject(c + 1);
                rows.add(values);
            }
        }
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                return DriverManager.getConnection(url, settings);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        double jdbcConcurrent = run(rows.size(), i -> insert(connections.get(), rows.get(i)));
        double jdbcSerial = run(rows.size(), 1, i -> insert(connections.get(), rows.get(i)));
        double jdbc = Math.max(jdbcConcurrent, jdbcSerial);
        System.out.printf("reports: %d from %d clients%n", reports, CLIENTS);
        System.out.printf("POST /api/v1/reports: %.0f accepted reports/s%n", api);
        System.out.printf("bare JDBC insert of the same rows: %.0f rows/s on %d connections, %.0f rows/s on one%n",
                jdbcConcurrent, CLIENTS, jdbcSerial);
        System.out.printf("ratio to the faster JDBC figure: %.2f (goal >= 0.5)%n", api / jdbc);
    }

    interface Task {
        void run(int index) throws Exception;
    }

    /** Runs {@code count} tasks on 16 threads; returns tasks per second. */
    static double run(int count, Task task) throws Exception {
        return run(count, CLIENTS, task);
    }

    static double run(int count, int threads, Task task) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) task.run(i);
                return null;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) throw new IllegalStateException("timed out");
        return count / ((System.nanoTime() - start) / 1e9);
    }

    static void post(HttpClient http, String base, int i) throws Exception {
        String body = "{\"category\":\"harassment\",\"anonymous\":true,\"description\":\"benchmark report " + i
                + ": a few sentences about what happened, where and when, as a reporter would write them.\"}";
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) throw new IllegalStateException("status " + response.statusCode() + ": " + response.body());
    }

    /** The same two rows the server writes for a report (its data key and the report), in one transaction. */
    static void insert(Connection connection, Object[] report) throws Exception {
        connection.setAutoCommit(false);
        String key = UUID.randomUUID().toString();
        try (var keyInsert = connection.prepareStatement("INSERT INTO data_key (id, wrapped, created_at) VALUES (?, ?, ?)");
             var reportInsert = connection.prepareStatement("INSERT INTO report VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            keyInsert.setString(1, key);
            keyInsert.setObject(2, report[report.length - 1]);
            keyInsert.setLong(3, System.currentTimeMillis());
            keyInsert.executeUpdate();
            for (int c = 0; c < report.length - 1; c++) reportInsert.setObject(c + 1, report[c]);
            reportInsert.setString(1, UUID.randomUUID().toString());
            reportInsert.setString(13, key);
            reportInsert.setString(16, UUID.randomUUID().toString());
            reportInsert.executeUpdate();
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
