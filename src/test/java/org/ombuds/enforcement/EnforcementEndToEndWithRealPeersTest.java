package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.CaseDetail;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.community.Spaces;
import org.ombuds.enforcement.DocumentedApiStub.Reply;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.InspircdServer;
import org.ombuds.support.MailmanCore;
import org.ombuds.support.MovableClock;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "done when", end to end: a temporary ban decided in Ombuds appears in a real InspIRCd (a K-line), a real
 * Mailman 3 core (a list ban, the membership gone) and a stub of GitHub's documented blocking API, disappears from all
 * of them when it ends, survives a peer that is down for a while (retried with pauses, applied once), and drift made by
 * hand at the peers is repaired by reconciliation. One Ombuds context on a fresh database and a clock the test moves;
 * the scheduler is off, so the test runs delivery ({@link Enforcement#deliverDue}), reconciliation and the end of bans
 * itself. Mailman is reached through a relay the test can take down (connections refused) and bring back on the same
 * port, so the space's configuration never changes. Skipped outside CI where inspircd or mailman is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
@ExtendWith(InspircdServer.class)
@ExtendWith(MailmanCore.class)
class EnforcementEndToEndWithRealPeersTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORG = "ombuds-test";
    private static final String TOKEN = "ghp_ownerTokenWithAdminOrg0000000000000";
    private static final String LIST = "coc.lists.example.org";
    private static final String MALLORY_EMAIL = "mallory@example.org";
    private static final String MALLORY_GITHUB = "mallory-gh";
    private static final String TRUDY_EMAIL = "trudy@example.org";
    private static final String EVE_EMAIL = "eve@example.org";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private CompletableFuture<MailmanCore> mailmanStarting;
    private MailmanCore mailman;
    private Relay mailmanLink;
    private InspircdServer irc;
    private DocumentedApiStub github;
    private ConfigurableApplicationContext context;
    private Enforcement enforcement;
    private Decisions decisions;
    private Cases cases;
    private ReadingCases reading;
    private org.ombuds.cases.ConfirmingParties parties;
    private JdbcClient jdbc;
    private Intake intake;
    private Viewer moderator;
    private Viewer second;

    @BeforeAll
    void start() throws Exception {
        // Mailman takes 5-12 s to answer: it starts while InspIRCd, the stub and Ombuds do.
        mailmanStarting = CompletableFuture.supplyAsync(MailmanCore::start);
        irc = InspircdServer.start();
        github = gitHubStub();

        Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(),
                Files.createTempDirectory("ombuds-enforcement-e2e")));
        properties.put("ombuds.scheduler.enabled", false);
        properties.put("ombuds.decisions.quorum.temporary-ban", "2");
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock))
                .run(TestDatabases.arguments(properties));
        enforcement = context.getBean(Enforcement.class);
        decisions = context.getBean(Decisions.class);
        cases = context.getBean(Cases.class);
        reading = context.getBean(ReadingCases.class);
        parties = context.getBean(org.ombuds.cases.ConfirmingParties.class);
        jdbc = context.getBean(JdbcClient.class);
        intake = context.getBean(Intake.class);
        Accounts accounts = context.getBean(Accounts.class);
        String admin = accounts.add("chair@example.org", "Chair", "admin").id();
        moderator = cases.viewer(accounts.add("mod1@example.org", "Moderator One", "moderator").id());
        second = cases.viewer(accounts.add("mod2@example.org", "Moderator Two", "moderator").id());

        mailman = mailmanStarting.join();
        mailman.ok("POST", "/domains", "mail_host", "lists.example.org");
        mailman.ok("POST", "/lists", "fqdn_listname", "coc@lists.example.org");
        subscribe(MALLORY_EMAIL);
        subscribe(TRUDY_EMAIL);
        mailmanLink = new Relay(URI.create(mailman.url()).getPort());

        Spaces spaces = context.getBean(Spaces.class);
        spaces.add("chat", "chat", null, "Chat");
        spaces.add("list", "mailing-list", null, "Mailing list");
        spaces.add("code", "code-repository", null, "Code");
        SpaceConnectors connectors = context.getBean(SpaceConnectors.class);
        connectors.configure(admin, "chat", "irc", irc.connectorSettings(), true);
        connectors.configure(admin, "list", "mailman", Map.of("url", "http://127.0.0.1:" + mailmanLink.port() + "/3.1",
                "user", MailmanCore.USER, "password", MailmanCore.PASSWORD, "list", LIST), true);
        connectors.configure(admin, "code", "github", Map.of("org", ORG, "token", TOKEN, "apiUrl", github.url()), true);
        for (String space : List.of("chat", "list", "code")) {
            assertThat(connectors.test(admin, space)).as("test connection of " + space).isEmpty();
        }
    }

    @AfterAll
    void stop() {
        if (context != null) context.close();
        if (mailmanLink != null) mailmanLink.close();
        if (mailmanStarting != null) {
            try {
                mailmanStarting.join().close();
            } catch (RuntimeException e) {
                // it did not start: nothing to stop
            }
        }
        if (irc != null) irc.close();
        if (github != null) github.close();
    }

    @Test
    void aTemporaryBanReachesEveryPeerSurvivesAnOutageIsRepairedAfterDriftAndIsLiftedEverywhereAtItsEnd() throws Exception {
        // ---- decided and delivered: a K-line, a Mailman list ban (and no membership), a GitHub block ----
        String mallory = ban(List.of("irc:mallory@127.0.0.1", "email:" + MALLORY_EMAIL, "github:" + MALLORY_GITHUB),
                List.of("chat", "list", "code"));
        assertThat(states(mallory)).containsOnly(Map.entry("chat", "apply:pending"), Map.entry("list", "apply:pending"),
                Map.entry("code", "apply:pending"));
        try (InspircdServer.Client before = irc.connect("mallory", "mallory")) {
            assertThat(before.register()).as("mallory can join IRC before the delivery").isTrue();
        }

        deliver();

        assertThat(states(mallory)).containsOnly(Map.entry("chat", "apply:done"), Map.entry("list", "apply:done"),
                Map.entry("code", "apply:done"));
        assertKLined(true);
        assertThat(bans()).containsExactly(MALLORY_EMAIL);
        assertThat(memberships(MALLORY_EMAIL)).as("unsubscribed from the list").isEmpty();
        assertThat(blocked).containsExactly(MALLORY_GITHUB);

        // ---- Mailman down for a while: the second ban's task fails, waits its pause, is retried, and lands once ----
        mailmanLink.down();
        String trudy = ban(List.of("email:" + TRUDY_EMAIL), List.of("list"));
        deliver();
        Enforcement.SpaceState failed = state(trudy, "list");
        assertThat(failed.operation() + ":" + failed.status()).isEqualTo("apply:failed");
        assertThat(failed.lastError()).contains("could not be reached").doesNotContain(TRUDY_EMAIL);
        assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plus(Enforcement.pause(1)));
        assertThat(enforcement.deliverDue()).as("not tried again before its pause").isZero();
        clock.advance(Enforcement.pause(1));
        assertThat(enforcement.deliverDue()).as("tried again after the pause").isEqualTo(1);
        assertThat(state(trudy, "list").status()).isEqualTo("failed");
        assertThat(state(trudy, "list").attempts()).isEqualTo(2);
        assertThat(bans()).doesNotContain(TRUDY_EMAIL);
        assertThat(memberships(TRUDY_EMAIL)).containsExactly(LIST);

        mailmanLink.up();
        clock.advance(Enforcement.pause(2));
        deliver();
        assertThat(state(trudy, "list").status()).isEqualTo("done");
        assertThat(state(trudy, "list").attempts()).isEqualTo(3);
        clock.advance(Duration.ofHours(2));
        assertThat(enforcement.deliverDue()).as("nothing more to deliver once done").isZero();
        assertThat(bans()).containsOnlyOnce(TRUDY_EMAIL).containsExactlyInAnyOrder(MALLORY_EMAIL, TRUDY_EMAIL);
        assertThat(memberships(TRUDY_EMAIL)).isEmpty();

        // ---- drift: an oper removes the K-line by hand, an org owner unblocks on GitHub; reconciliation repairs both ----
        try (InspircdServer.Client oper = irc.connect("helpful-oper", "oper")) {
            assertThat(oper.register()).isTrue();
            assertThat(oper.oper()).as("OPER " + InspircdServer.OPER_NAME).isTrue();
            oper.command("KLINE mallory@127.0.0.1");
        }
        assertKLined(false);
        blocked.remove(MALLORY_GITHUB);

        Enforcement.Reconciliation found = enforcement.reconcile();
        assertThat(found.reapplied()).as("the K-line and the block, not the Mailman bans").isEqualTo(2);
        assertThat(found.lifted()).isZero();
        assertThat(found.unreachable()).isZero();
        assertThat(timeline(mallory)).filteredOn(event -> event.kind().equals("enforcement-drift-reapplied"))
                .extracting(CaseDetail.Event::detail).containsExactlyInAnyOrder("chat", "code");
        assertThat(timeline(trudy)).extracting(CaseDetail.Event::kind).doesNotContain("enforcement-drift-reapplied");

        deliver();
        assertThat(states(mallory)).containsOnly(Map.entry("chat", "apply:done"), Map.entry("list", "apply:done"),
                Map.entry("code", "apply:done"));
        assertKLined(true);
        assertThat(blocked).containsExactly(MALLORY_GITHUB);
        assertThat(bans()).containsExactlyInAnyOrder(MALLORY_EMAIL, TRUDY_EMAIL);

        // ---- the end: both bans run out, and everything is lifted everywhere ----
        clock.advance(Duration.ofDays(8));
        assertThat(decisions.endDue()).isEqualTo(2);
        deliver();

        assertThat(states(mallory)).containsOnly(Map.entry("chat", "lift:done"), Map.entry("list", "lift:done"),
                Map.entry("code", "lift:done"));
        assertThat(states(trudy)).containsOnly(Map.entry("list", "lift:done"));
        assertKLined(false);
        assertThat(bans()).isEmpty();
        assertThat(blocked).isEmpty();
        assertThat(memberships(MALLORY_EMAIL)).as("lifting subscribes nobody again").isEmpty();
        Enforcement.Reconciliation after = enforcement.reconcile();
        assertThat(after.reapplied() + after.lifted() + after.unreachable()).as("no drift left: " + after).isZero();
    }

    /**
     * Two bans on one person, a day's and a month's, in IRC and the mailing list: the K-line runs to the longer ban's end
     * (InspIRCd keeps a K-line's first duration, so moving the end lifts and sets it again), the shorter ban's end leaves
     * the person out everywhere, reconciliation finds nothing to repair, and the longer ban's end lets them back.
     */
    @Test
    void twoBansOnOnePersonKeepThemOutOfEveryPeerUntilTheLongerEnds() throws Exception {
        subscribe(EVE_EMAIL);
        List<String> handles = List.of("irc:eve@127.0.0.1", "email:" + EVE_EMAIL);
        String caseId = CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, "Threats.", handles, null).reportId());
        CaseFixtures.confirmSubject(parties, moderator, caseId, handles.toArray(String[]::new));
        decide(caseId, "P1D");
        deliver();
        assertThat(klineSeconds("eve@127.0.0.1")).as("the day's ban").isBetween(Duration.ofHours(23).toSeconds(), Duration.ofDays(1).toSeconds());

        String longer = decide(caseId, "P30D");
        deliver();
        assertThat(klineSeconds("eve@127.0.0.1")).as("the K-line now runs to the month's end").isGreaterThan(Duration.ofDays(29).toSeconds());
        assertThat(states(longer)).containsOnly(Map.entry("chat", "apply:done"), Map.entry("list", "apply:done"));

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertThat(decisions.endDue()).as("the day's ban ends").isEqualTo(1);
        deliver();
        assertKLined("eve", true);
        assertThat(bans()).contains(EVE_EMAIL);
        assertThat(memberships(EVE_EMAIL)).isEmpty();
        Enforcement.Reconciliation found = enforcement.reconcile();
        assertThat(found.reapplied() + found.lifted()).as("nothing to repair, no flapping: " + found).isZero();
        assertKLined("eve", true);

        clock.advance(Duration.ofDays(30));
        decisions.endDue();
        deliver();
        assertKLined("eve", false);
        assertThat(bans()).doesNotContain(EVE_EMAIL);
    }

    /** A temporary ban in IRC and the list on the case's subject, decided by two moderators; returns the sanction id. */
    private String decide(String caseId, String duration) {
        Decision decision = decisions.propose(moderator, caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Threats in the chat.", null, duration, List.of("chat", "list"), false, null));
        decision = decisions.vote(second, decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        return jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(decision.id()).query(String.class).single();
    }

    /** How long the K-line on this mask was set for, in seconds, as InspIRCd's STATS k lists it (set time, duration). */
    private long klineSeconds(String mask) throws IOException {
        try (InspircdServer.Client oper = irc.connect("stats-oper", "oper")) {
            assertThat(oper.register()).isTrue();
            assertThat(oper.oper()).isTrue();
            for (String line : oper.command("STATS k")) {
                String[] words = line.split(" ");
                if (words.length > 6 && words[1].equals("210") && words[3].equalsIgnoreCase("k") && words[4].equalsIgnoreCase(mask)) {
                    return Long.parseLong(words[6]);
                }
            }
        }
        throw new AssertionError("no K-line on " + mask);
    }

    // ---- Ombuds ----

    /** A temporary ban of seven days, decided by two moderators, on the person known by these handles; returns the sanction id. */
    private String ban(List<String> handles, List<String> spaces) {
        String caseId = CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, "Threats.", handles, null).reportId());
        CaseFixtures.confirmSubject(parties, moderator, caseId, handles.toArray(String[]::new));
        Decision decision = decisions.propose(moderator, caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Threats in the chat.", null, "P7D", spaces, false, null));
        decision = decisions.vote(second, decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        return jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(decision.id()).query(String.class).single();
    }

    private void deliver() {
        while (enforcement.deliverDue() > 0) {
            // until nothing is due
        }
    }

    private Map<String, String> states(String sanctionId) {
        Map<String, String> states = new LinkedHashMap<>();
        enforcement.stateOf(moderator.accountId(), sanctionId).forEach(state -> states.put(state.spaceSlug(), state.operation() + ":" + state.status()));
        return states;
    }

    private Enforcement.SpaceState state(String sanctionId, String space) {
        return enforcement.stateOf(moderator.accountId(), sanctionId).stream().filter(state -> state.spaceSlug().equals(space))
                .findFirst().orElseThrow();
    }

    private List<CaseDetail.Event> timeline(String sanctionId) {
        String caseId = jdbc.sql("SELECT case_id FROM sanction WHERE id = ?").param(sanctionId).query(String.class).single();
        return reading.detail(moderator, caseId).timeline();
    }

    // ---- the peers, seen from outside Ombuds ----

    /** Whether a plain client with ident mallory from 127.0.0.1 is refused by the IRC server (while another still gets in). */
    private void assertKLined(boolean expected) throws IOException {
        assertKLined("mallory", expected);
    }

    private void assertKLined(String ident, boolean expected) throws IOException {
        try (InspircdServer.Client client = irc.connect(ident, ident)) {
            boolean welcomed = client.register();
            assertThat(welcomed).as("%s %s IRC: %s", ident, expected ? "is kept out of" : "may join", client.lines()).isEqualTo(!expected);
            if (expected) assertThat(String.join("\n", client.lines())).containsAnyOf(" 465 ", "K-lined");
        }
    }

    /** The exact entries of the list's bans. */
    private List<String> bans() throws IOException {
        JsonNode page = JSON.readTree(mailman.ok("GET", "/lists/" + LIST + "/bans?count=1000&page=1").body());
        List<String> emails = new ArrayList<>();
        for (JsonNode entry : page.path("entries").values()) emails.add(entry.path("email").asString());
        return emails;
    }

    /** The list ids where the address is a member (not a nonmember). */
    private List<String> memberships(String address) throws IOException {
        JsonNode found = JSON.readTree(mailman.ok("POST", "/members/find", "subscriber", address).body());
        List<String> lists = new ArrayList<>();
        for (JsonNode entry : found.path("entries").values()) {
            if (entry.path("role").asString().equals("member")) lists.add(entry.path("list_id").asString());
        }
        return lists;
    }

    private void subscribe(String address) throws IOException {
        mailman.ok("POST", "/members", "list_id", LIST, "subscriber", address, "pre_verified", "true", "pre_confirmed", "true",
                "pre_approved", "true", "send_welcome_message", "false");
    }

    /** GitHub's documented organization blocking API (see GitHubConnectorAgainstStubOfDocumentedApiTest), over {@link #blocked}. */
    private DocumentedApiStub gitHubStub() throws IOException {
        Reply notFound = Reply.json(404, Map.of("message", "Not Found", "documentation_url", "https://docs.github.com/rest/orgs/blocking",
                "status", "404"));
        return DocumentedApiStub.start()
                .guard(call -> ("Bearer " + TOKEN).equals(call.header("Authorization")) ? null
                        : Reply.json(401, Map.of("message", "Bad credentials", "documentation_url", "https://docs.github.com/rest", "status", "401")))
                .unknown(call -> notFound)
                .on("GET", "/orgs/{org}", (call, values) -> values.get(0).equals(ORG)
                        ? Reply.json(200, Map.of("login", ORG, "id", 4242, "type", "Organization")) : notFound)
                .on("GET", "/orgs/{org}/blocks", (call, values) -> !values.get(0).equals(ORG) ? notFound
                        : Reply.json(200, blocked.stream().sorted().map(login -> Map.of("login", login, "type", "User")).toList()))
                .on("GET", "/orgs/{org}/blocks/{username}", (call, values) ->
                        values.get(0).equals(ORG) && blocked.contains(values.get(1)) ? Reply.empty(204) : notFound)
                .on("PUT", "/orgs/{org}/blocks/{username}", (call, values) -> {
                    if (!values.get(0).equals(ORG)) return notFound;
                    if (!blocked.add(values.get(1))) {
                        return Reply.json(422, Map.of("message", "Blocked user has already been blocked", "status", "422"));
                    }
                    return Reply.empty(204);
                })
                .on("DELETE", "/orgs/{org}/blocks/{username}", (call, values) ->
                        values.get(0).equals(ORG) && blocked.remove(values.get(1)) ? Reply.empty(204) : notFound);
    }

    /**
     * A TCP relay on 127.0.0.1 in front of a peer. {@link #down()} closes the listening socket (new connections are
     * refused, as by a stopped server) and cuts the open ones; {@link #up()} listens on the same port again.
     */
    private static final class Relay implements AutoCloseable {
        private final int target;
        private final int port;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private ServerSocket listening;

        Relay(int target) throws IOException {
            this.target = target;
            this.listening = listen(0);
            this.port = listening.getLocalPort();
        }

        int port() {
            return port;
        }

        synchronized void down() throws IOException {
            if (listening != null) listening.close();
            listening = null;
            for (Socket socket : open) socket.close();
            open.clear();
        }

        synchronized void up() throws IOException {
            if (listening == null) listening = listen(port);
        }

        @Override
        public void close() {
            try {
                down();
            } catch (IOException e) {
                // closing anyway
            }
        }

        private ServerSocket listen(int on) throws IOException {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 50);
            Thread accepting = new Thread(() -> accept(server), "relay-accept-" + server.getLocalPort());
            accepting.setDaemon(true);
            accepting.start();
            return server;
        }

        private void accept(ServerSocket server) {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket();
                    try {
                        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
                    } catch (IOException e) {
                        client.close();
                        continue;
                    }
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // the listening socket was closed: down
                }
            }
        }

        /** Copies one direction; when it ends, both sockets are closed. */
        private void pump(Socket from, Socket to) {
            Thread copying = new Thread(() -> {
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    in.transferTo(out);
                } catch (IOException e) {
                    // cut
                } finally {
                    for (Socket socket : List.of(from, to)) {
                        try {
                            socket.close();
                        } catch (IOException e) {
                            // closed already
                        }
                        open.remove(socket);
                    }
                }
            }, "relay-" + from.getLocalPort());
            copying.setDaemon(true);
            copying.start();
        }
    }
}
