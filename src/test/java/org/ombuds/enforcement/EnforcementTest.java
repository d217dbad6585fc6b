package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.MovableClock;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Enforcement from decision to peer and back, on a fresh database and a clock the test moves: the outbox written
 * with the decision, delivery to a signed-webhook receiver (an HTTP server in the test that checks the Standard
 * Webhooks signature as its spec says), retries while the receiver is down (applied once), the committee alerted,
 * lifting at the end, spaces without a connector left to people, and reconciliation repairing drift at a peer that
 * can tell (an in-memory peer registered for the test). The ban index answers checks throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
class EnforcementTest {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a test secret of enough length!!".getBytes(StandardCharsets.UTF_8));
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final MemoryPeer memory = new MemoryPeer();
    private HttpServer receiver;
    private GreenMail smtp;
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(204);
    private ConfigurableApplicationContext context;
    private Enforcement enforcement;
    private Decisions decisions;
    private Cases cases;
    private ReadingCases reading;
    private org.ombuds.cases.ConfirmingParties parties;
    private JdbcClient jdbc;
    private Intake intake;
    private BanIndex index;
    private Viewer moderator;
    private Viewer second;
    private String chatId;
    private String forumId;
    private String eventsId;
    private int subjects;

    @BeforeAll
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> request = new LinkedHashMap<>();
            request.put("id", exchange.getRequestHeaders().getFirst("webhook-id"));
            request.put("timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"));
            request.put("signature", exchange.getRequestHeaders().getFirst("webhook-signature"));
            request.put("body", body);
            int status = answer.get();
            if (status / 100 == 2) received.add(request);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(),
                Files.createTempDirectory("ombuds-enforcement")));
        properties.put("ombuds.scheduler.enabled", false);
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", smtp.getSmtp().getPort());
        properties.put("spring.mail.properties.mail.smtp.starttls.enable", false);
        properties.put("ombuds.decisions.quorum.temporary-ban", "2");
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .initializers(ctx -> {
                    ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock);
                    ((GenericApplicationContext) ctx).registerBean(MemoryPeer.class, () -> memory);
                })
                .run(TestDatabases.arguments(properties));
        enforcement = context.getBean(Enforcement.class);
        decisions = context.getBean(Decisions.class);
        cases = context.getBean(Cases.class);
        reading = context.getBean(ReadingCases.class);
        parties = context.getBean(org.ombuds.cases.ConfirmingParties.class);
        jdbc = context.getBean(JdbcClient.class);
        intake = context.getBean(Intake.class);
        index = context.getBean(BanIndex.class);
        Accounts accounts = context.getBean(Accounts.class);
        String admin = accounts.add("chair@example.org", "Chair", "admin").id();
        moderator = cases.viewer(accounts.add("mod1@example.org", "Moderator One", "moderator").id());
        second = cases.viewer(accounts.add("mod2@example.org", "Moderator Two", "moderator").id());
        Spaces spaces = context.getBean(Spaces.class);
        chatId = spaces.add("chat", "chat", null, "Chat").id();
        forumId = spaces.add("forum", "forum", null, "Forum").id();
        eventsId = spaces.add("summit", "event", null, "Summit").id();
        SpaceConnectors connectors = context.getBean(SpaceConnectors.class);
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        connectors.configure(admin, "chat", "webhook", Map.of("url", url, "secret", SECRET), true);
        connectors.configure(admin, "forum", "memory", Map.of(), true);
    }

    @AfterAll
    void stop() {
        if (context != null) context.close();
        receiver.stop(0);
        smtp.stop();
    }

    @BeforeEach
    void reset() {
        answer.set(204);
        received.clear();
    }

    /** A temporary ban in effect on a new person known by a GitHub handle, in the given spaces. */
    private String ban(String duration, List<String> spaces) {
        String handle = "github:banned-" + (++subjects);
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, handle);
        Decision decision = decisions.propose(moderator, caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Threats in the chat.", null, duration, spaces, false, null));
        decision = decisions.vote(second, decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        return jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(decision.id()).query(String.class).single();
    }

    private IdentityHandle handle() {
        return IdentityHandle.parse("github:banned-" + subjects);
    }

    private Map<String, String> states(String sanctionId) {
        Map<String, String> states = new LinkedHashMap<>();
        enforcement.stateOf(moderator.accountId(), sanctionId).forEach(state -> states.put(state.spaceSlug(), state.operation() + ":" + state.status()));
        return states;
    }

    private void deliver() {
        while (enforcement.deliverDue() > 0) {
            // until nothing is due
        }
    }

    @Test
    void aChangeMadeElsewhereThatLeavesEveryCountAsItWasStillReachesTheBanIndex() throws Exception {
        String sanctionId = ban("P7D", List.of("chat"));
        IdentityHandle banned = handle();
        assertThat(index.check(banned, chatId)).isPresent();
        assertThat(index.check(banned, forumId)).isEmpty();

        // As another node or the command line would: no event here, and as many sanctions (in effect or not) as before.
        jdbc.sql("UPDATE enforcement_sanction SET spaces = ? WHERE sanction_id = ?").params(forumId, sanctionId).update();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (index.check(banned, forumId).isEmpty() && Instant.now().isBefore(deadline)) Thread.sleep(100);
        assertThat(index.check(banned, forumId)).as("the periodic load saw the change").map(BanIndex.Ban::sanctionId).contains(sanctionId);
        assertThat(index.check(banned, chatId)).isEmpty();
    }

    @Test
    void aBanIsWrittenToTheOutboxWithTheDecisionThenDeliveredSignedAndLiftedAtItsEnd() throws Exception {
        String sanctionId = ban("P7D", List.of("chat", "forum"));
        assertThat(states(sanctionId)).containsEntry("chat", "apply:pending").containsEntry("forum", "apply:pending");
        assertThat(index.check(handle(), chatId)).map(BanIndex.Ban::sanctionId).contains(sanctionId);
        assertThat(index.check(handle(), eventsId)).as("not a space the ban covers").isEmpty();

        deliver();
        assertThat(states(sanctionId)).containsEntry("chat", "apply:done").containsEntry("forum", "apply:done");
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.get("signature")).isEqualTo(expectedSignature(request));
            assertThat(request.get("body")).contains("\"type\":\"sanction.applied\"").contains("\"identity\":\"" + handle() + "\"")
                    .contains("\"space\":\"chat\"").contains(sanctionId).doesNotContain("Threats");
        });
        assertThat(memory.banned).contains(handle().toString());

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(index.check(handle(), chatId)).as("the index knows the end before the job runs").isEmpty();
        decisions.endDue();
        deliver();
        assertThat(states(sanctionId)).containsEntry("chat", "lift:done").containsEntry("forum", "lift:done");
        assertThat(received).extracting(request -> request.get("body")).anySatisfy(body -> assertThat(body).contains("\"type\":\"sanction.lifted\""));
        assertThat(memory.banned).doesNotContain(handle().toString());
    }

    @Test
    void whileTheReceiverIsDownTheTaskIsRetriedWithGrowingPausesTheCommitteeIsToldAndItIsAppliedOnce() {
        String sanctionId = ban("P30D", List.of("chat"));
        answer.set(503);
        deliver();
        assertThat(states(sanctionId)).containsEntry("chat", "apply:failed");
        Enforcement.SpaceState failed = enforcement.stateOf(moderator.accountId(), sanctionId).get(0);
        assertThat(failed.lastError()).isEqualTo("the receiver answered 503");
        assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(30)));
        for (int attempt = 2; attempt <= 3; attempt++) {
            clock.advance(Enforcement.pause(attempt - 1));
            deliver();
        }
        String caseId = jdbc.sql("SELECT case_id FROM sanction WHERE id = ?").param(sanctionId).query(String.class).single();
        assertThat(reading.detail(moderator, caseId).timeline()).anySatisfy(event -> {
            assertThat(event.kind()).isEqualTo("enforcement-failed");
            assertThat(event.detail()).isEqualTo("chat");
        });
        assertThat(received).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(smtp.getReceivedMessages()).anyMatch(message -> {
            try {
                return message.getSubject().equals("[Ombuds] A sanction could not be applied in a space")
                        && message.getContent().toString().contains("/staff/sanctions/" + sanctionId + "/enforcement")
                        && message.getContent().toString().contains("the space chat");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));

        answer.set(204);
        clock.advance(Enforcement.pause(3));
        deliver();
        clock.advance(Duration.ofHours(2));
        deliver();
        assertThat(states(sanctionId)).containsEntry("chat", "apply:done");
        assertThat(received).hasSize(1);
    }

    @Test
    void aSpaceWithoutAConnectorIsLeftToPeopleWhoMarkItDone() {
        String sanctionId = ban("P30D", List.of("summit"));
        deliver();
        Enforcement.SpaceState manual = enforcement.stateOf(moderator.accountId(), sanctionId).get(0);
        assertThat(manual.status()).isEqualTo("manual");
        assertThat(manual.lastError()).contains("no connector is configured");
        enforcement.markDoneByHand(moderator.accountId(), manual.taskId());
        assertThat(states(sanctionId)).containsEntry("summit", "apply:by-hand");
    }

    @Test
    void aBanLiftedBeforeItsApplyWasTriedIsNeitherAppliedNorLifted() {
        String handle = "github:early-" + (++subjects);
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, handle);
        Decision interim = decisions.propose(moderator, caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "At the event, at once.", null, "P2D", List.of("chat"), true, null));
        decisions.vote(second, interim.id(), "object", null);
        decisions.vote(cases.viewer(context.getBean(Accounts.class).byEmail("chair@example.org").orElseThrow().id()), interim.id(), "object", null);
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(interim.id()).query(String.class).single();
        deliver();
        assertThat(states(sanctionId)).as("nothing reached the space: nothing to lift").containsEntry("chat", "lift:cancelled");
        assertThat(received).isEmpty();
    }

    @Test
    void reconciliationReappliesABanRemovedAtThePeerAndLiftsOneThatShouldBeGone() {
        String sanctionId = ban("P7D", List.of("forum"));
        deliver();
        memory.banned.remove(handle().toString());
        Enforcement.Reconciliation found = enforcement.reconcile();
        assertThat(found.reapplied()).isEqualTo(1);
        deliver();
        assertThat(memory.banned).contains(handle().toString());
        assertThat(states(sanctionId)).containsEntry("forum", "apply:done");

        clock.advance(Duration.ofDays(8));
        decisions.endDue();
        deliver();
        memory.banned.add(handle().toString());
        assertThat(enforcement.reconcile().lifted()).isEqualTo(1);
        deliver();
        assertThat(memory.banned).doesNotContain(handle().toString());
        String caseId = jdbc.sql("SELECT case_id FROM sanction WHERE id = ?").param(sanctionId).query(String.class).single();
        assertThat(reading.detail(moderator, caseId).timeline()).extracting(event -> event.kind())
                .contains("enforcement-drift-reapplied", "enforcement-drift-lifted");
    }

    /** An interim ban in the forum on a new person, in effect at once; returns {case id, decision id, sanction id}. */
    private String[] interimBan(String handle) {
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, handle);
        Decision interim = decisions.propose(moderator, caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "At the event, at once.", null, "P2D", List.of("forum"), true, null));
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(interim.id()).query(String.class).single();
        return new String[] {caseId, interim.id(), sanctionId};
    }

    /** Two committee members object to an interim measure: it is lifted. */
    private void liftByObjections(String decisionId) {
        decisions.vote(second, decisionId, "object", null);
        decisions.vote(cases.viewer(context.getBean(Accounts.class).byEmail("chair@example.org").orElseThrow().id()), decisionId, "object", null);
    }

    /** Delivers, moving the clock past each pause, until nothing is due any more. */
    private void deliverUntilSettled() {
        for (int round = 0; round < 20; round++) {
            deliver();
            if (jdbc.sql("SELECT COUNT(*) FROM enforcement_state WHERE look_at IS NOT NULL").query(Integer.class).single() == 0) return;
            clock.advance(Enforcement.LONGEST_PAUSE);
        }
        throw new AssertionError("enforcement did not settle");
    }

    @Test
    void aBanLiftedWhileThePeerWasDownEndsWithThePersonNotBannedAndIsNeverAppliedAfterTheLift() {
        String handle = "github:outage-" + (++subjects);
        String[] ban = interimBan(handle);
        memory.answer = MemoryPeer.Answer.LOST; // the peer applies the ban, but its answer never comes back
        deliver();
        assertThat(states(ban[2])).containsEntry("forum", "apply:failed");
        assertThat(memory.banned).as("the apply reached the peer").contains(handle);

        liftByObjections(ban[1]);
        int liftedAt = memory.history.size();
        memory.answer = MemoryPeer.Answer.DOWN;
        clock.advance(Enforcement.pause(1));
        deliver();
        memory.answer = MemoryPeer.Answer.OK;
        deliverUntilSettled();

        assertThat(memory.banned).as("the person is not banned once the peer is back").doesNotContain(handle);
        assertThat(memory.history.subList(liftedAt, memory.history.size())).as("after the lift, only lifts reach the peer")
                .contains("lift " + handle).doesNotContain("apply " + handle);
        assertThat(states(ban[2])).containsEntry("forum", "lift:done");
    }

    @Test
    void twoBansOnOnePersonKeepThemOutUntilTheLongerEndsAndReconciliationLeavesThatAlone() {
        String handle = "github:twice-" + (++subjects);
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, handle);
        String shortBan = decide(caseId, "P1D");
        deliver();
        String longBan = decide(caseId, "P30D");
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT person_id) FROM sanction WHERE id IN (?, ?)").params(shortBan, longBan).query(Integer.class).single())
                .as("both bans are on one person").isEqualTo(1);
        deliver();
        Instant longEnd = Instant.ofEpochMilli(jdbc.sql("SELECT ends_at FROM sanction WHERE id = ?").param(longBan).query(Long.class).single());
        assertThat(enforcement.stateOf(moderator.accountId(), shortBan)).singleElement()
                .satisfies(state -> assertThat(state.until()).as("the stronger ban is what the space holds").isEqualTo(longEnd));

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        decisions.endDue();
        deliverUntilSettled();
        assertThat(memory.banned).as("the shorter ban's end does not lift the longer").contains(handle);
        assertThat(memory.history).doesNotContain("lift " + handle);
        Enforcement.Reconciliation found = enforcement.reconcile();
        assertThat(found.reapplied() + found.lifted()).as("no drift to repair, no flapping").isZero();
        deliverUntilSettled();
        assertThat(memory.banned).contains(handle);

        clock.advance(Duration.ofDays(30));
        decisions.endDue();
        deliverUntilSettled();
        assertThat(memory.banned).doesNotContain(handle);
    }

    /** A temporary ban in the forum on the case's subject, decided by two members; its sanction id. */
    private String decide(String caseId, String duration) {
        Decision decision = decisions.propose(moderator, caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Threats in the forum.", null, duration, List.of("forum"), false, null));
        decision = decisions.vote(second, decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        return jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(decision.id()).query(String.class).single();
    }

    @Test
    void reconciliationAsksAboutWhatIsInForceNotAboutHistory() {
        ban("P30D", List.of("forum"));
        deliverUntilSettled();
        memory.asked.set(0);
        enforcement.reconcile();
        int inForce = memory.asked.get();
        assertThat(inForce).as("every ban in force in the forum is asked about").isPositive().isEqualTo(jdbc.sql(
                "SELECT COUNT(*) FROM enforcement_state WHERE space_id = ? AND desired = 'banned' AND status = 'done'").param(forumId)
                .query(Integer.class).single());

        // Ten thousand bans that ended long ago, lifted and confirmed at the peer.
        long past = clock.instant().minus(Duration.ofDays(400)).toEpochMilli();
        List<Object[]> history = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) history.add(new Object[] {"history-" + i, "person-" + i, forumId, past});
        var batch = context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        batch.batchUpdate("INSERT INTO enforcement_sanction (sanction_id, case_id, person_id, action, kind, spaces, starts_at, ends_at, status, ended_at)"
                + " VALUES (?, 'history', ?, 'temporary-ban', 'timed-ban', ?, ?, NULL, 'ended', NULL)", history);
        batch.batchUpdate("INSERT INTO enforcement_state (id, sanction_id, person_id, space_id, desired, applied, status, updated_at)"
                + " VALUES (?, ?, ?, ?, 'free', 'free', 'done', ?)",
                history.stream().map(row -> new Object[] {"state-" + row[0], row[0], row[1], row[2], row[3]}).toList());

        memory.asked.set(0);
        enforcement.reconcile();
        assertThat(memory.asked.get()).as("history adds no calls to the peers").isEqualTo(inForce);
        System.out.printf("reconciliation: %d peer calls per run with %d bans in force in the space and 10000 ended; every 15 minutes: %d an hour%n",
                inForce, inForce, inForce * 4);
        jdbc.sql("DELETE FROM enforcement_state WHERE id LIKE 'state-history-%'").update();
        jdbc.sql("DELETE FROM enforcement_sanction WHERE sanction_id LIKE 'history-%'").update();
    }

    /** The Standard Webhooks signature as a receiver computes it from the secret and what it got. */
    private static String expectedSignature(Map<String, String> request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((request.get("id") + "." + request.get("timestamp") + "."
                + request.get("body")).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A peer that can say what it enforces: a set of banned identities in memory, the calls it took in order, and how it
     * answers: OK, DOWN (refuses before doing anything) or LOST (does it, but the answer never comes back).
     */
    static final class MemoryPeer implements Connector {
        enum Answer { OK, DOWN, LOST }

        final Set<String> banned = ConcurrentHashMap.newKeySet();
        final List<String> history = new CopyOnWriteArrayList<>();
        final AtomicInteger asked = new AtomicInteger();
        volatile Answer answer = Answer.OK;

        @Override public String type() { return "memory"; }
        @Override public Set<String> identityKinds() { return Set.of("github"); }
        @Override public Set<Capability> capabilities() { return Set.of(Capability.BAN); }
        @Override public List<Setting> settings() { return List.of(); }
        @Override public void apply(ConnectorSettings settings, Target target) throws PeerException {
            call("apply", target, () -> banned.add(target.identity().toString()));
        }
        @Override public void lift(ConnectorSettings settings, Target target) throws PeerException {
            call("lift", target, () -> banned.remove(target.identity().toString()));
        }
        @Override public Optional<Boolean> applied(ConnectorSettings settings, Target target) {
            asked.incrementAndGet();
            return Optional.of(banned.contains(target.identity().toString()));
        }
        @Override public void test(ConnectorSettings settings) { }

        private void call(String operation, Target target, Runnable effect) throws PeerException {
            if (answer == Answer.DOWN) throw new PeerException("the peer is down", true);
            history.add(operation + " " + target.identity());
            effect.run();
            if (answer == Answer.LOST) throw new PeerException("no answer from the peer", true);
        }
    }
}
