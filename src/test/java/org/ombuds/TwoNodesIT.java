package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.ombuds.enforcement.WebhookReceiver;
import org.ombuds.support.Http;
import org.ombuds.support.OmbudsProcess;
import org.ombuds.support.TestDatabases;

/**
 * Two nodes (the packaged jar, twice, on loopback) on one PostgreSQL schema, as behind a load balancer: a ban decided
 * through one is answered by the other's ban check; each run of a job is made by one node; a node killed (SIGKILL) while it
 * delivers to a slow webhook receiver leaves exactly one applied enforcement per space once the other has taken over; a
 * staff session begun on the killed node goes on on the other. The steps run in order on the same two nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {
    private static final String ADMIN = "admin@example.org";
    private static final String PASSWORD = "a long enough passphrase";
    private final Map<String, String> environment = new HashMap<>();
    private final List<OmbudsProcess> nodes = new ArrayList<>();
    private final Map<OmbudsProcess, String> sessionCookies = new HashMap<>();
    private String jdbcUrl;
    private String admin;
    private String setupPath;
    private boolean passwordSet;
    private Receiver receiver;
    private OmbudsProcess killed;
    private OmbudsProcess survivor;

    record Result(int exit, String out, String err) {
        String lastLine() {
            List<String> lines = out.lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    @BeforeAll
    void twoNodesOnOneSchema() throws Exception {
        if (!TestDatabases.inCi()) assumeTrue(TestDatabases.postgresReachable(), "PostgreSQL is not reachable (outside CI)");
        Path data = Files.createTempDirectory("ombuds-nodes").resolve("data");
        Map<String, Object> database = TestDatabases.properties(TestDatabases.POSTGRESQL, data);
        jdbcUrl = database.get("ombuds.db.url").toString();
        environment.putAll(TestDatabases.environment(database));
        environment.put("OMBUDS_SCHEDULER_POLLING_INTERVAL", "500ms");
        environment.put("OMBUDS_SCHEDULER_HEARTBEAT_INTERVAL", "1s");
        environment.put("OMBUDS_SCHEDULER_MISSED_HEARTBEATS", "4");
        environment.put("OMBUDS_ENFORCEMENT_DELIVERY_INTERVAL", "1s");
        // Only the notification can bring the other node's ban within the test: the safety-net load is pushed out of reach.
        environment.put("OMBUDS_ENFORCEMENT_BAN_INDEX_SAFETY_NET", "10m");
        receiver = new Receiver();

        // The command line makes the schema, the key set and the admin first: both nodes then find them.
        Result added = ombuds("user", "add", "--email", ADMIN, "--name", "Ada Admin", "--role", "admin");
        assertThat(added.exit()).as(added.err()).isZero();
        Matcher link = Pattern.compile("(/account/setup\\?token=\\S+)").matcher(added.err());
        assertThat(link.find()).as(added.err()).isTrue();
        setupPath = link.group(1);
        Result token = ombuds("token", "create", "--email", ADMIN);
        assertThat(token.exit()).as(token.err()).isZero();
        admin = token.lastLine();

        nodes.add(new OmbudsProcess(environment));
        nodes.add(new OmbudsProcess(environment));
        ExecutorService starting = Executors.newFixedThreadPool(2);
        List<Future<OmbudsProcess>> started = nodes.stream().map(node -> starting.submit(node::start)).toList();
        for (Future<OmbudsProcess> node : started) node.get(5, TimeUnit.MINUTES);
        starting.shutdown();
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (OmbudsProcess node : nodes) node.close();
        if (receiver != null) receiver.close();
    }

    private OmbudsProcess a() {
        return nodes.get(0);
    }

    private OmbudsProcess b() {
        return nodes.get(1);
    }

    @Test
    @Order(1)
    void aBanDecidedThroughOneNodeIsAnsweredByTheOthersBanCheck() {
        addSpace("forum", "forum", null);
        String spaceToken = a().http().postJson("/api/v1/spaces/forum/tokens", Map.of(), Http.bearer(admin)).json().get("token").asString();
        String handle = "github:nodes-forum-troll";
        String check = "/api/v1/enforcement/check?space=forum&identity=" + handle;
        assertThat(b().http().get(check, Http.bearer(spaceToken)).json().get("banned").asBoolean()).as("not banned yet").isFalse();

        String sanction = ban(handle, "forum");

        await("node B's ban check answers the ban decided through node A", () ->
                b().http().get(check, Http.bearer(spaceToken)).json().get("banned").asBoolean());
        assertThat(b().http().get(check, Http.bearer(spaceToken)).json().get("sanction").asString()).isEqualTo(sanction);
        assertThat(a().http().get(check, Http.bearer(spaceToken)).json().get("banned").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void eachRunOfTheDeliveryJobIsMadeByOneNode() {
        // The receiver takes 3 s to answer: had both nodes run the job, both would have sent the pending task meanwhile.
        receiver.delay = Duration.ofSeconds(3);
        addSpace("chat", "chat", "chat");
        ban("github:nodes-chat-troll", "chat");

        await("the ban is delivered to the chat", () -> tasksDone("chat"));
        receiver.delay = Duration.ZERO;
        assertThat(receiver.requests).filteredOn(request -> request.space().equals("chat")).as("requests to the chat's receiver").hasSize(1);
    }

    @Test
    @Order(3)
    void aNodeKilledWhileDeliveringLeavesExactlyOneEnforcementPerSpace() throws Exception {
        for (OmbudsProcess node : nodes) sessionCookies.put(node, signIn(node));
        addSpace("lists", "mailing-list", "lists");
        addSpace("meetup", "event", "meetup");
        receiver.holdNext.set(true);
        ban("github:nodes-everywhere-troll", "lists", "meetup");

        assertThat(receiver.held.await(60, TimeUnit.SECONDS)).as("a node started delivering").isTrue();
        String pickedBy = query("SELECT picked_by FROM scheduled_tasks WHERE task_name = 'enforcement-delivery' AND picked");
        killed = nodes.stream().filter(node -> pickedBy.endsWith("/" + node.pid())).findFirst()
                .orElseThrow(() -> new AssertionError("no node is named " + pickedBy));
        survivor = nodes.stream().filter(node -> node != killed).findFirst().orElseThrow();
        killed.kill();

        await("the other node delivers to both spaces", () -> tasksDone("lists") && tasksDone("meetup"));
        for (String space : List.of("lists", "meetup")) {
            assertThat(receiver.applied.values()).as("enforcements applied in %s", space).filteredOn(space::equals).hasSize(1);
        }
        String heldId = receiver.heldId;
        assertThat(receiver.requests).as("the interrupted delivery was made again, with the same webhook-id")
                .filteredOn(request -> request.id().equals(heldId)).hasSize(2);
        assertThat(survivor.alive()).isTrue();
    }

    @Test
    @Order(4)
    void aStaffSessionBegunOnTheKilledNodeGoesOnOnTheOther() {
        assertThat(killed).as("a node was killed in the step before").isNotNull();
        var page = new Http(survivor.port()).get("/staff/account", "Cookie", sessionCookies.get(killed));
        assertThat(page.status()).as("still signed in").isEqualTo(200);
        assertThat(page.body()).contains(ADMIN);
        assertThat(new Http(survivor.port()).get("/staff/account").status()).as("without the cookie").isEqualTo(302);
    }

    // ---- steps ----

    private void addSpace(String slug, String kind, String hook) {
        var space = a().http().postJson("/api/v1/spaces", Map.of("slug", slug, "kind", kind), Http.bearer(admin));
        assertThat(space.status()).as(space.body()).isEqualTo(201);
        if (hook == null) return;
        var connector = a().http().send(a().http().request("/api/v1/spaces/" + slug + "/connector", Http.bearer(admin))
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(
                        Map.of("type", "webhook", "settings", Map.of("url", receiver.url(hook), "secret", Receiver.SECRET))))).build());
        assertThat(connector.status()).as(connector.body()).isEqualTo(200);
    }

    /** A report naming the handle, through node A, and a permanent ban on its case in these spaces; returns the sanction id. */
    private String ban(String handle, String... spaces) {
        Set<String> before = caseIds();
        var report = a().http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "Insults in every channel.",
                "anonymous", true, "reported", Map.of("handles", List.of(handle))));
        assertThat(report.status()).as(report.body()).isEqualTo(201);
        Set<String> after = caseIds();
        after.removeAll(before);
        assertThat(after).hasSize(1);
        String caseId = after.iterator().next();
        var confirmed = a().http().postJson("/api/v1/cases/" + caseId + "/parties", Map.of("role", "subject", "handles", List.of(handle),
                "reason", "the report names them; the account is theirs"), Http.bearer(admin));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        var decided = a().http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "permanent-ban", "clauses",
                List.of("harassment"), "reasoning", "Repeated insults after a warning.", "spaces", List.of(spaces), "interim", true),
                Http.bearer(admin));
        assertThat(decided.status()).as(decided.body()).isEqualTo(201);
        assertThat(decided.json().get("status").asString()).isEqualTo("in-effect");
        return query("SELECT id FROM sanction WHERE case_id = '" + caseId + "'");
    }

    private Set<String> caseIds() {
        Set<String> ids = new HashSet<>();
        a().http().get("/api/v1/cases", Http.bearer(admin)).json().forEach(found -> ids.add(found.get("id").asString()));
        return ids;
    }

    private boolean tasksDone(String space) {
        return "done".equals(query("SELECT MIN(t.status) FROM enforcement_state t JOIN space s ON s.id = t.space_id WHERE s.slug = '"
                + space + "' HAVING MIN(t.status) = MAX(t.status)"));
    }

    /** Signs in through /login of this node as a browser does; returns the session cookie it was given. */
    private String signIn(OmbudsProcess node) {
        Http browser = node.http();
        if (!passwordSet) {
            var setup = browser.get(setupPath);
            var set = browser.postForm("/account/setup", Map.of("_csrf", Http.csrf(setup.body()),
                    "token", setupPath.substring(setupPath.indexOf('=') + 1), "password", PASSWORD, "confirmation", PASSWORD));
            assertThat(set.header("Location")).as(set.body()).endsWith("/login?passwordSet");
            passwordSet = true;
        }
        var login = browser.get("/login");
        var signedIn = browser.postForm("/login", Map.of("_csrf", Http.csrf(login.body()), "email", ADMIN, "password", PASSWORD));
        assertThat(signedIn.header("Location")).as("signed in on node %s", node.port()).endsWith("/staff");
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(value -> !value.startsWith("OMBUDS_TZ"))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + signedIn.headers()));
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private String query(String sql) {
        try (var connection = DriverManager.getConnection(jdbcUrl, TestDatabases.PG_USER, "");
             var statement = connection.createStatement();
             var row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("not within a minute: " + what);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private Result ombuds(String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(OmbudsProcess.command(args));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("ombuds-out", ".txt");
        Path err = Files.createTempFile("ombuds-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the command did not finish: ombuds " + String.join(" ", args));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * A webhook receiver as the README describes one: it checks the Standard Webhooks signature and applies each
     * {@code webhook-id} once (a retry of one it has seen is answered 204 and changes nothing). It can answer slowly, and
     * hold one request (the next to come) until the test ends, as a peer does that hangs while its caller dies.
     */
    static final class Receiver implements AutoCloseable {
        static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("the nodes test's signing secret!".getBytes(StandardCharsets.UTF_8));

        record Request(String space, String id, String type) {
        }

        private final HttpServer server;
        final List<Request> requests = new CopyOnWriteArrayList<>();
        /** Each webhook-id applied, with its space: the first request with that id, and only if its signature holds. */
        final Map<String, String> applied = new ConcurrentHashMap<>();
        final AtomicBoolean holdNext = new AtomicBoolean();
        final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        volatile Duration delay = Duration.ZERO;
        volatile String heldId;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/hook/", exchange -> {
                try (exchange) {
                    String space = exchange.getRequestURI().getPath().substring("/hook/".length());
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    String id = exchange.getRequestHeaders().getFirst("webhook-id");
                    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                    if (!WebhookReceiver.signature(SECRET, id, timestamp, body).equals(exchange.getRequestHeaders().getFirst("webhook-signature"))) {
                        exchange.sendResponseHeaders(401, -1);
                        return;
                    }
                    String type = Http.JSON.readTree(body).get("type").asString();
                    requests.add(new Request(space, id, type));
                    if (type.equals("sanction.applied")) applied.putIfAbsent(id, space);
                    if (holdNext.compareAndSet(true, false)) {
                        heldId = id;
                        held.countDown();
                        release.await(2, TimeUnit.MINUTES);
                    } else if (!delay.isZero()) {
                        Thread.sleep(delay.toMillis());
                    }
                    exchange.sendResponseHeaders(204, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException callerGone) {
                    // the node that sent it was killed
                }
            });
            server.start();
        }

        String url(String space) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + space;
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }
}
