import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * Two Ombuds nodes on one PostgreSQL (the script's own) under a sustained mixed load (report submissions, staff reading
 * cases, ban checks, and a steady trickle of ban decisions), the client alternating between the nodes as a load balancer
 * would. Meanwhile it kills a node (SIGKILL) and starts it again, stops PostgreSQL for a few seconds, and makes the
 * connector peer (a signed-webhook receiver in this JVM) fail for a while. Then it checks that every acknowledged report
 * is there, every decided ban is applied exactly once in each space at the peer, and both nodes answer every ban check
 * alike; and prints the load held, the faults injected and what was lost. Run by bench/reliability.sh.
 */
public class Reliability {
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("reliability bench signing secret".getBytes(StandardCharsets.UTF_8));
    static final String ADMIN = "bench-admin@example.org";
    static final Pattern JSON_STRING = Pattern.compile("\"%s\"\\s*:\\s*\"([^\"]*)\"");
    static final List<String> SPACES = List.of("chat", "forum");
    static final String JAR = System.getenv().getOrDefault("BENCH_JAR", "target/ombuds.jar");

    final String pgUrl = System.getenv("BENCH_PG_URL");
    final Path data;
    final Map<String, String> environment = new HashMap<>();
    final Node[] nodes = new Node[2];
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    final AtomicInteger turn = new AtomicInteger();
    final Peer peer;
    volatile String phase = "steady";
    volatile boolean running = true;
    String admin;
    String spaceToken;

    // what the clients were told
    final Map<String, Boolean> acknowledgedReceipts = new ConcurrentHashMap<>();
    final Map<String, String> decidedSanctions = new ConcurrentHashMap<>(); // sanction id -> handle
    final Map<String, Map<String, Stat>> stats = new ConcurrentHashMap<>(); // kind -> phase -> stat
    final List<String> faults = new ArrayList<>();

    static final class Stat {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
    }

    static final class Node {
        final String name;
        final int port;
        Process process;

        Node(String name, int port) {
            this.name = name;
            this.port = port;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Reliability bench = new Reliability();
        int status = 0;
        try {
            bench.run(seconds);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            for (Node node : bench.nodes) if (node != null && node.process != null) node.process.destroyForcibly();
            bench.peer.server.stop(0);
        }
        System.exit(status);
    }

    Reliability() throws IOException {
        data = Files.createTempDirectory("ombuds-reliability").resolve("data");
        peer = new Peer();
    }

    void run(int steadySeconds) throws Exception {
        environment.putAll(Map.of("OMBUDS_DATA_DIR", data.toString(), "OMBUDS_DB_URL", pgUrl, "OMBUDS_DB_USER", "postgres",
                "OMBUDS_LIMITS_REPORTS_EVENTS", "100000000", "OMBUDS_LIMITS_REPORTS_WINDOW", "1h",
                "OMBUDS_SCHEDULER_POLLING_INTERVAL", "1s", "OMBUDS_SCHEDULER_HEARTBEAT_INTERVAL", "2s",
                "OMBUDS_SCHEDULER_MISSED_HEARTBEATS", "4", "OMBUDS_ENFORCEMENT_DELIVERY_INTERVAL", "1s"));
        String added = cli("user", "add", "--email", ADMIN, "--name", "Bench Admin", "--role", "admin");
        admin = lastLine(cli("token", "create", "--email", ADMIN));
        nodes[0] = new Node("A", freePort());
        nodes[1] = new Node("B", freePort());
        start(nodes[0]);
        start(nodes[1]);
        for (String space : SPACES) {
            send("POST", nodes[0], "/api/v1/spaces", "{\"slug\":\"" + space + "\",\"kind\":\"" + (space.equals("chat") ? "chat" : "forum") + "\"}", admin);
            send("PUT", nodes[0], "/api/v1/spaces/" + space + "/connector",
                    "{\"type\":\"webhook\",\"settings\":{\"url\":\"" + peer.url(space) + "\",\"secret\":\"" + SECRET + "\"}}", admin);
        }
        spaceToken = string(send("POST", nodes[0], "/api/v1/spaces/chat/tokens", "{}", admin).body(), "token");
        System.out.printf("two nodes on ports %d and %d, one PostgreSQL (%s); admin %s%n", nodes[0].port, nodes[1].port, pgUrl,
                added.isBlank() ? "?" : "created");

        ExecutorService clients = Executors.newCachedThreadPool();
        Instant began = Instant.now();
        for (int i = 0; i < 4; i++) clients.submit(() -> loop("report", this::report));
        for (int i = 0; i < 2; i++) clients.submit(() -> loop("case read", this::readCase));
        for (int i = 0; i < 4; i++) clients.submit(() -> loop("ban check", this::banCheck));
        clients.submit(() -> loop("ban decision", this::decide));

        during("steady", steadySeconds);
        fault("kill node A (SIGKILL)", () -> {
            nodes[0].process.destroyForcibly().waitFor();
        });
        during("node A down", 5);
        Instant restart = Instant.now();
        phase = "node A restarting";
        start(nodes[0]);
        faults.add(String.format("restart node A: healthy after %.1f s", Duration.between(restart, Instant.now()).toMillis() / 1000.0));
        during("steady", steadySeconds);
        fault("stop PostgreSQL (pg_ctl stop -m fast)", () -> shell(System.getenv("BENCH_PG_STOP")));
        during("PostgreSQL down", 5);
        fault("start PostgreSQL", () -> shell(System.getenv("BENCH_PG_START")));
        during("after PostgreSQL restart", steadySeconds);
        fault("connector peer answers 503", () -> peer.failing = true);
        during("peer failing", 15);
        fault("connector peer recovers", () -> peer.failing = false);
        during("steady", steadySeconds);
        running = false;
        clients.shutdown();
        clients.awaitTermination(1, TimeUnit.MINUTES);
        double elapsed = Duration.between(began, Instant.now()).toMillis() / 1000.0;

        Instant converging = Instant.now();
        int outstanding = outstandingTasks();
        while (outstanding > 0 && Duration.between(converging, Instant.now()).toMinutes() < 4) {
            Thread.sleep(1000);
            outstanding = outstandingTasks();
        }
        System.out.printf("%n== load (%.0f s, both nodes alternated; errors counted per phase) ==%n", elapsed);
        for (var kind : stats.entrySet()) {
            long ok = kind.getValue().values().stream().mapToLong(s -> s.ok.get()).sum();
            long errors = kind.getValue().values().stream().mapToLong(s -> s.errors.get()).sum();
            StringBuilder byPhase = new StringBuilder();
            kind.getValue().forEach((name, stat) -> {
                if (stat.errors.get() > 0) byPhase.append(String.format("; %d errors while %s", stat.errors.get(), name));
            });
            System.out.printf("%-13s %7.1f ok/s  (%d ok, %d errors%s)%n", kind.getKey(), ok / elapsed, ok, errors, byPhase);
        }
        System.out.println("\n== faults injected ==");
        faults.forEach(fault -> System.out.println("- " + fault));
        System.out.printf("- enforcement outbox drained %.1f s after the load stopped (%d tasks left)%n",
                Duration.between(converging, Instant.now()).toMillis() / 1000.0, outstanding);
        check();
    }

    // ---- the load ----

    interface Request {
        boolean send(Node node) throws Exception;
    }

    void loop(String kind, Request request) {
        while (running) {
            Node node = nodes[Math.floorMod(turn.getAndIncrement(), 2)];
            String during = phase;
            Stat stat = stats.computeIfAbsent(kind, key -> new ConcurrentHashMap<>()).computeIfAbsent(during, key -> new Stat());
            try {
                if (request.send(node)) stat.ok.incrementAndGet(); else stat.errors.incrementAndGet();
            } catch (Exception e) {
                stat.errors.incrementAndGet();
                pause(100); // a node or the database is away: do not spin
            }
        }
    }

    boolean report(Node node) throws Exception {
        String description = "reliability report " + System.nanoTime();
        var response = send("POST", node, "/api/v1/reports", "{\"category\":\"harassment\",\"anonymous\":true,\"description\":\"" + description + "\"}", null);
        if (response.statusCode() != 201) return false;
        acknowledgedReceipts.put(string(response.body(), "receipt"), true);
        return true;
    }

    boolean readCase(Node node) throws Exception {
        var list = send("GET", node, "/api/v1/cases?size=20", null, admin);
        if (list.statusCode() != 200) return false;
        String id = string(list.body(), "id");
        return id == null || send("GET", node, "/api/v1/cases/" + id, null, admin).statusCode() == 200;
    }

    boolean banCheck(Node node) throws Exception {
        List<String> banned = List.copyOf(decidedSanctions.values());
        String handle = !banned.isEmpty() && ThreadLocalRandom.current().nextBoolean()
                ? banned.get(ThreadLocalRandom.current().nextInt(banned.size())) : "github:never-reported-" + ThreadLocalRandom.current().nextInt(1000);
        return send("GET", node, "/api/v1/enforcement/check?space=chat&identity=" + handle, null, spaceToken).statusCode() == 200;
    }

    final AtomicInteger decisions = new AtomicInteger();

    /** A report naming a new handle (found again by its unique occurredAt), then a permanent ban in both spaces. */
    boolean decide(Node node) throws Exception {
        pause(1500);
        int n = decisions.incrementAndGet();
        String handle = "github:reliability-banned-" + n;
        Instant occurred = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(n);
        var report = send("POST", node, "/api/v1/reports", "{\"category\":\"harassment\",\"anonymous\":true,\"description\":\"Threats.\","
                + "\"occurredAt\":\"" + occurred + "\",\"reported\":{\"handles\":[\"" + handle + "\"]}}", null);
        if (report.statusCode() != 201) return false;
        acknowledgedReceipts.put(string(report.body(), "receipt"), true);
        String caseId = null;
        for (int tries = 0; caseId == null && tries < 20; tries++) {
            if (tries > 0) pause(200);
            caseId = single("SELECT cr.case_id FROM report r JOIN case_report cr ON cr.report_id = r.id WHERE r.occurred_at = " + occurred.toEpochMilli());
        }
        if (caseId == null) return false;
        // What a report names is a claim: the committee confirms who the case is about before it can ban them.
        if (send("POST", node, "/api/v1/cases/" + caseId + "/parties", "{\"role\":\"subject\",\"handles\":[\"" + handle + "\"],"
                + "\"reason\":\"named in the report\"}", admin).statusCode() != 201) return false;
        var decided = send("POST", node, "/api/v1/cases/" + caseId + "/decisions", "{\"action\":\"permanent-ban\",\"clauses\":[\"harassment\"],"
                + "\"reasoning\":\"Threats.\",\"spaces\":[\"chat\",\"forum\"],\"interim\":true}", admin);
        if (decided.statusCode() != 201) return false;
        String sanction = single("SELECT s.id FROM sanction s WHERE s.decision_id = '" + string(decided.body(), "id") + "'");
        decidedSanctions.put(sanction, handle);
        return true;
    }

    // ---- the faults ----

    interface Action {
        void run() throws Exception;
    }

    void fault(String what, Action action) throws Exception {
        long elapsed = System.nanoTime();
        action.run();
        faults.add(String.format("%s (%.1f s)", what, (System.nanoTime() - elapsed) / 1e9));
    }

    void during(String name, int seconds) {
        phase = name;
        pause(seconds * 1000L);
        phase = "steady";
    }

    // ---- the checks ----

    void check() throws Exception {
        System.out.println("\n== checks ==");
        int missingReports = 0;
        for (String receipt : acknowledgedReceipts.keySet()) {
            if (send("GET", nodes[turn.getAndIncrement() % 2], "/api/v1/receipts/" + receipt, null, null).statusCode() != 200) missingReports++;
        }
        System.out.printf("acknowledged reports: %d, found by their receipt: %d, missing: %d%n", acknowledgedReceipts.size(),
                acknowledgedReceipts.size() - missingReports, missingReports);

        int inDatabase = Integer.parseInt(single("SELECT COUNT(*) FROM sanction WHERE status = 'in-effect' AND action = 'permanent-ban'"));
        int missingSanctions = 0;
        int notExactlyOnce = 0;
        for (String sanction : decidedSanctions.keySet()) {
            if (!"in-effect".equals(single("SELECT status FROM sanction WHERE id = '" + sanction + "'"))) missingSanctions++;
        }
        List<String> all = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(pgUrl, "postgres", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM sanction WHERE action = 'permanent-ban'")) {
            while (rows.next()) all.add(rows.getString(1));
        }
        int enforced = 0;
        for (String sanction : all) {
            boolean once = true;
            for (String space : SPACES) {
                if (peer.applied.getOrDefault(sanction + "/" + space, 0) != 1) {
                    notExactlyOnce++;
                    once = false;
                }
            }
            if (once) enforced++;
        }
        System.out.printf("decided bans acknowledged: %d (in the database: %d, %d attempted), missing: %d; applied exactly once in each of %d spaces at the peer: %d of %d, not exactly once: %d%n",
                decidedSanctions.size(), inDatabase, decisions.get(), missingSanctions, SPACES.size(), enforced, all.size(), notExactlyOnce);
        System.out.printf("peer: %d requests, %d with a webhook-id it had already applied (re-deliveries it ignored), %d refused while failing%n",
                peer.requests.get(), peer.duplicates.get(), peer.refused.get());

        int disagree = 0;
        for (var banned : decidedSanctions.entrySet()) {
            for (Node node : nodes) {
                String body = send("GET", node, "/api/v1/enforcement/check?space=chat&identity=" + banned.getValue(), null, spaceToken).body();
                if (!body.contains(banned.getKey())) disagree++;
            }
        }
        for (Node node : nodes) {
            if (!send("GET", node, "/api/v1/enforcement/check?space=chat&identity=github:never-reported-x", null, spaceToken).body().contains("\"banned\":false")) {
                disagree++;
            }
        }
        System.out.printf("ban checks after the faults: %d banned handles asked on both nodes, answers not matching the database: %d%n",
                decidedSanctions.size(), disagree);
        int lost = missingReports + missingSanctions + notExactlyOnce + disagree;
        System.out.println(lost == 0 ? "LOST: nothing" : "LOST OR WRONG: " + lost);
    }

    int outstandingTasks() {
        try {
            return Integer.parseInt(single("SELECT COUNT(*) FROM enforcement_task WHERE status NOT IN ('done', 'cancelled', 'by-hand')"));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // ---- plumbing ----

    void start(Node node) throws Exception {
        Map<String, String> env = new HashMap<>(environment);
        env.put("SERVER_PORT", String.valueOf(node.port));
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.getParent().resolve("node-" + node.name + ".log").toFile()));
        builder.environment().putAll(env);
        node.process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(6)); // a busy machine starts slowly
        while (Instant.now().isBefore(deadline)) {
            try {
                if (send("GET", node, "/actuator/health", null, null).statusCode() == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            pause(250);
        }
        throw new IllegalStateException("node " + node.name + " did not start; see " + data.getParent());
    }

    HttpResponse<String> send(String method, Node node, String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + path)).timeout(Duration.ofSeconds(10));
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (json != null) request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        else request.method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) throw new IllegalStateException("ombuds " + String.join(" ", args) + " failed");
        return out;
    }

    void shell(String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) throw new IllegalStateException("failed: " + command);
    }

    String single(String sql) {
        try (Connection connection = DriverManager.getConnection(pgUrl, "postgres", "");
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    static String string(String json, String field) {
        Matcher matcher = Pattern.compile(String.format(JSON_STRING.pattern(), field)).matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    static String lastLine(String out) {
        List<String> lines = out.lines().toList();
        return lines.get(lines.size() - 1);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The connector peer: checks the Standard Webhooks signature and applies each webhook-id once (a retried delivery of
     * one it has applied is answered 204 and changes nothing), as the README asks receivers to; 503 while failing.
     */
    static final class Peer {
        final HttpServer server;
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> applied = new ConcurrentHashMap<>(); // sanction/space -> times applied
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        volatile boolean failing;

        Peer() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/hook/", exchange -> {
                try (exchange) {
                    requests.incrementAndGet();
                    String space = exchange.getRequestURI().getPath().substring("/hook/".length());
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    String id = exchange.getRequestHeaders().getFirst("webhook-id");
                    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                    if (failing) {
                        refused.incrementAndGet();
                        exchange.sendResponseHeaders(503, -1);
                        return;
                    }
                    if (!sign(id, timestamp, body).equals(exchange.getRequestHeaders().getFirst("webhook-signature"))) {
                        exchange.sendResponseHeaders(401, -1);
                        return;
                    }
                    if (!seen.add(id)) {
                        duplicates.incrementAndGet();
                    } else if (body.contains("\"sanction.applied\"")) {
                        applied.merge(string(body, "sanction") + "/" + space, 1, Integer::sum);
                    }
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
        }

        String url(String space) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + space;
        }

        static String sign(String id, String timestamp, String body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
                return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
