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
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepted reports per second through POST /api/v1/reports on the embedded default (wrk, 16 connections, measured
 * after a warm-up), against the bare rate of the same disk: a JDBC insert of the same rows (a data key and a report per transaction) into the same
 * SQLite database with the same settings, and Python's sqlite3 (one ~2 KB row per transaction, bench/bare-sqlite.py);
 * and the case queue's latency for a moderator reading GET /api/v1/cases one request at a time, idle and while
 * intake runs at full rate. Run by bench/intake-throughput.sh:
 * <pre>
 *   java -cp RUNTIME_CLASSPATH bench/IntakeThroughput.java WORK_DIR [rows=4000]
 * </pre>
 * rows: how many rows each bare measurement inserts.
 * WORK_DIR holds ombuds.jar; the data folder and the bare databases are made there.
 */
public class IntakeThroughput {
    static final int CLIENTS = 16;
    static final int WARM_UP_SECONDS = 30;
    static final int SECONDS = 20;
    /** The report table's columns, in the order the rows were read. */
    static final List<String> REPORT_COLUMNS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int reports = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        Path data = work.resolve("data");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> environment = Map.of("OMBUDS_DATA_DIR", data.toString(), "SERVER_PORT", String.valueOf(port),
                "OMBUDS_LIMITS_REPORTS_EVENTS", "100000000", "OMBUDS_LIMITS_REPORTS_WINDOW", "1h");
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        // The disk's rate drifts when others use it: the bare rate is taken before and after the API, the higher counts.
        double bareBefore = bare(work, "bare-before.db", reports);
        // First start migrates and creates the community; then a moderator and their API token, with the server stopped.
        stop(start(work, environment, http, base));
        String email = "bench-moderator@example.org";
        cli(work, environment, "user", "add", "--email", email, "--name", "Bench Moderator", "--role", "moderator");
        String token = cli(work, environment, "token", "create", "--email", email, "--label", "intake-bench");
        Process server = start(work, environment, http, base);

        wrk(base, WARM_UP_SECONDS); // until the JIT has compiled the path: a server's steady state, not its first minute
        Latencies idle = new Latencies();
        for (int i = 0; i < 300; i++) idle.add(timedQueue(http, base, token));
        Wrk alone = wrk(base, SECONDS);
        double apiAlone = alone.acceptedPerSecond();
        Latencies underLoad = new Latencies();
        AtomicBoolean intakeRunning = new AtomicBoolean(true);
        Thread moderator = new Thread(() -> {
            try {
                while (intakeRunning.get()) underLoad.add(timedQueue(http, base, token));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        moderator.start();
        Wrk withModerator;
        try {
            withModerator = wrk(base, SECONDS);
        } finally {
            intakeRunning.set(false);
            moderator.join();
        }
        stop(server);
        double apiWithModerator = withModerator.acceptedPerSecond();

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
            for (int c = 1; c < columns; c++) REPORT_COLUMNS.add(row.getMetaData().getColumnName(c));
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
        double bareAfter = bare(work, "bare-after.db", reports);
        double bare = Math.max(bareBefore, bareAfter);
        double fastest = Math.max(jdbc, bare);

        int rowSize = java.util.Arrays.stream(rows.get(0)).mapToInt(value -> value == null ? 0 : String.valueOf(value).length()).sum();
        System.out.printf("API: wrk, %d connections, %d s after %d s of warm-up; bare: %d rows from %d clients; a report's row and key: about %d bytes%n",
                CLIENTS, SECONDS, WARM_UP_SECONDS, reports, CLIENTS, rowSize);
        System.out.printf("POST /api/v1/reports:                     %6.0f accepted reports/s (%d refused)%n", apiAlone, alone.refused());
        System.out.printf("POST /api/v1/reports, moderator reading:  %6.0f accepted reports/s (%d refused)%n", apiWithModerator,
                withModerator.refused());
        System.out.printf("bare JDBC insert of the same rows:        %6.0f rows/s on %d connections, %.0f rows/s on one%n",
                jdbcConcurrent, CLIENTS, jdbcSerial);
        System.out.printf("bare Python sqlite3, 2 KB rows:           %6.0f rows/s on %d connections before the API, %.0f after%n",
                bareBefore, CLIENTS, bareAfter);
        System.out.printf("ratio to bare JDBC %.2f, to Python %.2f; to the faster: %.2f alone, %.2f with the moderator (goal >= 0.5)%n",
                apiAlone / jdbc, apiAlone / bare, apiAlone / fastest, apiWithModerator / fastest);
        System.out.printf("GET /api/v1/cases idle:         %s%n", idle);
        System.out.printf("GET /api/v1/cases under intake: %s (goal p95 <= 100 ms)%n", underLoad);
    }

    /** Python sqlite3's rows/s on this disk (bench/bare-sqlite.py), into a fresh database file. */
    static double bare(Path work, String file, int rows) throws Exception {
        Process python = new ProcessBuilder("python3", "bench/bare-sqlite.py", work.resolve(file).toString(), String.valueOf(rows),
                String.valueOf(CLIENTS)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        double rate = Double.parseDouble(new String(python.getInputStream().readAllBytes()).strip());
        if (python.waitFor() != 0) throw new IllegalStateException("bench/bare-sqlite.py failed");
        return rate;
    }

    static Process start(Path work, Map<String, String> environment, HttpClient http, String base) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", work.resolve("ombuds.jar").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("server.log").toFile()));
        builder.environment().putAll(environment);
        Process server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy)); // a failed run leaves no server behind
        while (true) {
            if (!server.isAlive()) throw new IllegalStateException("the server died; see " + work.resolve("server.log"));
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) return server;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
    }

    static void stop(Process server) throws InterruptedException {
        server.destroy();
        server.waitFor();
    }

    /** The last line an ombuds command prints. */
    static String cli(Path work, Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", work.resolve("ombuds.jar").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("cli.log").toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String[] lines = new String(process.getInputStream().readAllBytes()).strip().split("\n");
        if (process.waitFor() != 0) throw new IllegalStateException(String.join(" ", arguments) + " failed; see " + work.resolve("cli.log"));
        return lines[lines.length - 1].strip();
    }

    /** One moderator's request for the open queue; its time in nanoseconds. */
    static long timedQueue(HttpClient http, String base, String token) throws Exception {
        long start = System.nanoTime();
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cases")).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200) throw new IllegalStateException("GET /api/v1/cases: status " + response.statusCode());
        return took;
    }

    static final class Latencies {
        private final List<Long> nanos = java.util.Collections.synchronizedList(new ArrayList<>());

        void add(long took) {
            nanos.add(took);
        }

        @Override
        public String toString() {
            List<Long> sorted = new ArrayList<>(nanos);
            java.util.Collections.sort(sorted);
            if (sorted.isEmpty()) return "no requests";
            return String.format("n=%d p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", sorted.size(), at(sorted, 0.50), at(sorted, 0.95),
                    at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
        }

        private static double at(List<Long> sorted, double quantile) {
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
        }
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
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) task.run(i);
                return null;
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) throw new IllegalStateException("timed out");
        double rate = count / ((System.nanoTime() - start) / 1e9);
        for (var worker : workers) worker.get(); // a failed task fails the measurement instead of making it look fast
        return rate;
    }

    /** What wrk reported: requests made, over how long, and how many were not accepted (an overloaded server answers 500). */
    record Wrk(long requests, long micros, long refused) {
        double acceptedPerSecond() {
            return (requests - refused) / (micros / 1e6);
        }
    }

    /**
     * Reports from {@link #CLIENTS} connections for {@code seconds}, by wrk (bench/intake.lua): a client in C that
     * takes little of the two cores the server shares with it, where a Java client took a fifth of them.
     */
    static Wrk wrk(String base, int seconds) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + CLIENTS, "-d" + seconds + "s", "--timeout", "30s", "-s", "bench/intake.lua",
                base + "/api/v1/reports").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(wrk.getInputStream().readAllBytes());
        if (wrk.waitFor() != 0) throw new IllegalStateException("wrk failed: " + output);
        String[] line = output.lines().filter(l -> l.startsWith("accepted ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no summary: " + output)).split(" ");
        return new Wrk(Long.parseLong(line[1]), Long.parseLong(line[2]), Long.parseLong(line[3]));
    }

    /** The same two rows the server writes for a report (its data key and the report), in one transaction; fresh ids. */
    static void insert(Connection connection, Object[] report) throws Exception {
        connection.setAutoCommit(false);
        String key = UUID.randomUUID().toString();
        String columns = String.join(", ", REPORT_COLUMNS);
        String values = String.join(", ", REPORT_COLUMNS.stream().map(c -> "?").toList());
        try (var keyInsert = connection.prepareStatement("INSERT INTO data_key (id, wrapped, created_at) VALUES (?, ?, ?)");
             var reportInsert = connection.prepareStatement("INSERT INTO report (" + columns + ") VALUES (" + values + ")")) {
            keyInsert.setString(1, key);
            keyInsert.setObject(2, report[report.length - 1]);
            keyInsert.setLong(3, System.currentTimeMillis());
            keyInsert.executeUpdate();
            for (int c = 0; c < REPORT_COLUMNS.size(); c++) {
                Object value = switch (REPORT_COLUMNS.get(c)) {
                    case "id", "receipt_fingerprint" -> UUID.randomUUID().toString();
                    case "data_key_id" -> key;
                    default -> report[c];
                };
                reportInsert.setObject(c + 1, value);
            }
            reportInsert.executeUpdate();
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
