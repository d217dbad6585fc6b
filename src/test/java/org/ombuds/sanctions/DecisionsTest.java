package org.ombuds.sanctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.Cases;
import org.ombuds.cases.Viewer;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.intake.Intake;
import org.ombuds.intake.ReceiptView;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
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
 * Decisions on a committee of one admin and four moderators, on a fresh database and a clock the test moves:
 * the quorum per action, recused members, objections, interim measures that lapse or are ratified, superseding,
 * refused proposals, and a temporary ban that ends while no server runs and is ended when one starts again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
class DecisionsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();
    private Map<String, Object> settings;
    private ConfigurableApplicationContext context;
    private Decisions decisions;
    private Cases cases;
    private org.ombuds.cases.Recusals recusals;
    private org.ombuds.cases.ConfirmingParties parties;
    private JdbcClient jdbc;
    private Viewer admin;
    private final List<Viewer> moderators = new ArrayList<>();

    private ConfigurableApplicationContext start(boolean scheduler) {
        var application = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock))
                .run(TestDatabases.arguments(withScheduler(scheduler)));
        started.add(application);
        return application;
    }

    private Map<String, Object> withScheduler(boolean scheduler) {
        var properties = new java.util.LinkedHashMap<>(settings);
        properties.put("ombuds.scheduler.enabled", scheduler);
        properties.put("ombuds.decisions.expiry-interval", "1s");
        properties.put("ombuds.scheduler.polling-interval", "1s");
        return properties;
    }

    @BeforeAll
    void committee() throws Exception {
        Path data = Files.createTempDirectory("ombuds-decisions");
        settings = TestDatabases.properties(TestDatabases.selected(), data);
        context = start(false);
        decisions = context.getBean(Decisions.class);
        cases = context.getBean(Cases.class);
        recusals = context.getBean(org.ombuds.cases.Recusals.class);
        parties = context.getBean(org.ombuds.cases.ConfirmingParties.class);
        jdbc = context.getBean(JdbcClient.class);
        Accounts accounts = context.getBean(Accounts.class);
        admin = cases.viewer(accounts.add("chair@example.org", "Chair", "admin").id());
        for (int i = 1; i <= 4; i++) {
            moderators.add(cases.viewer(accounts.add("mod" + i + "@example.org", "Moderator " + i, "moderator").id()));
        }
    }

    @AfterAll
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    private int subjects;

    /** A case about a new person, reported anonymously; the chair confirmed whom it is about. */
    private String newCase() {
        return caseAbout("github:subject-" + (++subjects));
    }

    private String caseAbout(String handle) {
        return CaseFixtures.caseAbout(context.getBean(Intake.class), jdbc, parties, admin, handle);
    }

    private static Decisions.Proposal proposal(String action, String duration, boolean interim, String supersedes) {
        return new Decisions.Proposal(action, List.of("harassment", "insults-personal-attacks"), "Repeated insults after a correction.",
                null, duration, List.of(), interim, supersedes);
    }

    private List<String> sanctionStatuses(String decisionId) {
        return jdbc.sql("SELECT status FROM sanction WHERE decision_id = ?").param(decisionId).query(String.class).list();
    }

    private String caseStatus(String caseId) {
        return jdbc.sql("SELECT status FROM case_file WHERE id = ?").param(caseId).query(String.class).single();
    }

    @Test
    void aCorrectionTakesEffectWithOneHandlerAndRecordsTheCodeItRestsOn() {
        String caseId = newCase();
        Decision decision = decisions.propose(moderators.get(0), caseId, proposal("correction", null, false, null));
        assertThat(decision.status()).isEqualTo("in-effect");
        assertThat(decision.approvalsNeeded()).isEqualTo(1);
        var code = context.getBean(CodeOfConduct.class).current(null);
        assertThat(decision.codeVersion()).isEqualTo(code.version());
        assertThat(decision.codeSha256()).isEqualTo(code.sha256());
        assertThat(decision.clauses()).containsExactly("harassment", "insults-personal-attacks");
        assertThat(sanctionStatuses(decision.id())).containsExactly("in-effect");
        assertThat(caseStatus(caseId)).isEqualTo("decided");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM decision WHERE sealed_reasoning LIKE '%insults%'").query(Integer.class).single()).isZero();
    }

    @Test
    void aWrittenWarningNeedsASecondHandler() {
        String caseId = newCase();
        Decision proposed = decisions.propose(moderators.get(0), caseId, proposal("written-warning", null, false, null));
        assertThat(proposed.status()).isEqualTo("awaiting-approval");
        assertThat(sanctionStatuses(proposed.id())).isEmpty();
        assertThat(caseStatus(caseId)).isNotEqualTo("decided");
        assertThatThrownBy(() -> decisions.vote(moderators.get(0), proposed.id(), "approve", null))
                .hasMessageContaining("voted on this decision already");
        Decision approved = decisions.vote(moderators.get(1), proposed.id(), "approve", "Agreed, the correction did not help.");
        assertThat(approved.status()).isEqualTo("in-effect");
        assertThat(approved.votes()).extracting(Decision.Vote::comment).contains("Agreed, the correction did not help.");
        assertThat(sanctionStatuses(proposed.id())).containsExactly("in-effect");
    }

    @Test
    void aTemporaryBanNeedsAMajorityOfTheMembersWhoAreNotRecused() {
        String caseId = newCase();
        recusals.recuse(admin, caseId, "mod4@example.org", "a friend of the reported person");
        Decision proposed = decisions.propose(moderators.get(0), caseId, proposal("temporary-ban", "P14D", false, null));
        assertThat(proposed.committee()).isEqualTo(4);
        assertThat(proposed.approvalsNeeded()).isEqualTo(3);
        assertThatThrownBy(() -> decisions.vote(moderators.get(3), proposed.id(), "approve", null)).isInstanceOf(NotFoundException.class);
        assertThat(decisions.vote(moderators.get(1), proposed.id(), "approve", null).status()).isEqualTo("awaiting-approval");
        Decision approved = decisions.vote(admin, proposed.id(), "approve", null);
        assertThat(approved.status()).isEqualTo("in-effect");
        Instant until = jdbc.sql("SELECT ends_at FROM sanction WHERE decision_id = ?").param(proposed.id()).query(Long.class).optional()
                .map(Instant::ofEpochMilli).orElseThrow();
        assertThat(until).isEqualTo(approved.inEffectAt().plus(Duration.ofDays(14)));
    }

    @Test
    void objectionsThatMakeTheQuorumImpossibleRejectTheDecision() {
        String caseId = newCase();
        Decision proposed = decisions.propose(moderators.get(0), caseId, proposal("permanent-ban", null, false, null));
        assertThat(proposed.approvalsNeeded()).isEqualTo(4); // two thirds of five
        assertThat(decisions.vote(moderators.get(1), proposed.id(), "object", "Too harsh for a first ban.").status()).isEqualTo("awaiting-approval");
        assertThat(decisions.vote(moderators.get(2), proposed.id(), "object", null).status()).isEqualTo("rejected");
        assertThat(sanctionStatuses(proposed.id())).isEmpty();
    }

    @Test
    void anInterimMeasureLapsesUnlessRatifiedInTime() {
        String lapsing = newCase();
        Decision interim = decisions.propose(moderators.get(0), lapsing, proposal("temporary-ban", "3d", true, null));
        assertThat(interim.status()).isEqualTo("in-effect");
        assertThat(interim.ratifyBy()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(sanctionStatuses(interim.id())).containsExactly("in-effect");

        String ratified = newCase();
        Decision kept = decisions.propose(moderators.get(0), ratified, proposal("temporary-ban", "3d", true, null));
        decisions.vote(moderators.get(1), kept.id(), "approve", null);
        Decision done = decisions.vote(moderators.get(2), kept.id(), "approve", null);
        assertThat(done.ratifyBy()).isNull();
        assertThat(caseStatus(ratified)).isEqualTo("decided");

        clock.advance(Duration.ofHours(25));
        decisions.endDue();
        assertThat(jdbc.sql("SELECT status FROM decision WHERE id = ?").param(interim.id()).query(String.class).single()).isEqualTo("lapsed");
        assertThat(sanctionStatuses(interim.id())).containsExactly("ended");
        assertThat(sanctionStatuses(kept.id())).containsExactly("in-effect");
        assertThatThrownBy(() -> decisions.vote(moderators.get(1), interim.id(), "approve", null)).hasMessageContaining("lapsed");
    }

    @Test
    void aNewDecisionSupersedesTheOldOneAndLiftsItsSanction() {
        String caseId = newCase();
        Decision first = decisions.propose(moderators.get(0), caseId, proposal("correction", null, false, null));
        clock.advance(Duration.ofMinutes(5));
        Decision second = decisions.propose(moderators.get(1), caseId, proposal("written-warning", null, false, first.id()));
        assertThat(sanctionStatuses(first.id())).containsExactly("in-effect");
        decisions.vote(moderators.get(2), second.id(), "approve", null);
        assertThat(jdbc.sql("SELECT status FROM decision WHERE id = ?").param(first.id()).query(String.class).single()).isEqualTo("superseded");
        assertThat(sanctionStatuses(first.id())).containsExactly("lifted");
        assertThat(sanctionStatuses(second.id())).containsExactly("in-effect");
        assertThat(decisions.ofCase(admin, caseId)).extracting(Decision::status).containsExactly("in-effect", "superseded");
    }

    @Test
    void theLadderSuggestsTheNextStepFromTheSubjectsEarlierSanctions() {
        String first = caseAbout("github:repeat-offender");
        assertThat(decisions.guidance(admin, first).suggestedAction()).isEqualTo("correction");
        decisions.propose(moderators.get(0), first, proposal("correction", null, false, null));

        // The same person, known by another handle by now: the history follows the person, not the handle.
        var people = context.getBean(org.ombuds.community.People.class);
        var person = people.byHandle(org.ombuds.community.IdentityHandle.parse("github:repeat-offender")).orElseThrow();
        people.addHandle(person.id(), org.ombuds.community.IdentityHandle.parse("matrix:@repeat:example.org"), CaseFixtures.BY_TEST);
        String second = caseAbout("matrix:@repeat:example.org");
        Decisions.Guidance guidance = decisions.guidance(admin, second);
        assertThat(guidance.priorSanctions()).extracting(Sanction::action).containsExactly("correction");
        assertThat(guidance.suggestedAction()).isEqualTo("written-warning");
        Decision warning = decisions.propose(moderators.get(0), second, proposal("written-warning", null, false, null));
        decisions.vote(moderators.get(1), warning.id(), "approve", null);

        String third = caseAbout("github:repeat-offender");
        assertThat(decisions.guidance(admin, third).suggestedAction()).isEqualTo("temporary-ban");
        // Departing from the ladder is allowed; the decision keeps what was suggested.
        Decision lenient = decisions.propose(moderators.get(0), third, proposal("correction", null, false, null));
        assertThat(lenient.suggestedAction()).isEqualTo("temporary-ban");
        assertThat(lenient.action()).isEqualTo("correction");
    }

    @Test
    void aBanCarriesANoContactOrderAndConditionsOfReturn() {
        String caseId = newCase();
        Decision ban = decisions.propose(moderators.get(0), caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Contacted the reporter after being asked to stop.", null, "30d", List.of(), true, null,
                List.of("email:rita@example.org"), "Acknowledge the Code of Conduct in writing before returning.", null));
        assertThat(ban.noContact()).containsExactly("email:rita@example.org");
        assertThat(ban.conditions()).isEqualTo("Acknowledge the Code of Conduct in writing before returning.");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM decision WHERE sealed_conditions LIKE '%Acknowledge%'").query(Integer.class).single()).isZero();
        assertThatThrownBy(() -> decisions.propose(moderators.get(0), caseId, new Decisions.Proposal("correction", List.of("harassment"),
                "why", null, null, null, false, null, List.of("not-a-handle"), null, null)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("noContact"));
    }

    @Test
    void theReportersAreToldTheOutcomeTheCommitteeChoseOnceItIsInEffect() {
        Intake intake = context.getBean(Intake.class);
        String handle = "github:told-" + (++subjects);
        var report = CaseFixtures.report(intake, "What happened.", List.of(handle), null);
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        CaseFixtures.confirmSubject(parties, admin, caseId, handle);
        Decision warning = decisions.propose(moderators.get(0), caseId, new Decisions.Proposal("written-warning", List.of("harassment"),
                "Insults in two threads; the reporter's screenshots confirm them.", null, null, null, false, null, List.of(), null,
                "The person you reported received a written warning."));
        assertThat(intake.follow(report.receipt(), "test").messages()).isEmpty();
        decisions.vote(moderators.get(1), warning.id(), "approve", null);
        var view = intake.follow(report.receipt(), "test");
        assertThat(view.messages()).extracting(ReceiptView.Message::body).containsExactly("The person you reported received a written warning.");
        assertThat(view.status()).isEqualTo("decided");
    }

    @Test
    void proposalsWithoutReasoningOrClausesOrWithTheWrongEndAreRefused() {
        String caseId = newCase();
        record Refused(Decisions.Proposal proposal, String field) {
        }
        List<Refused> refused = List.of(
                new Refused(new Decisions.Proposal("correction", List.of("harassment"), "  ", null, null, null, false, null), "reasoning"),
                new Refused(new Decisions.Proposal("correction", List.of(), "why", null, null, null, false, null), "clauses"),
                new Refused(new Decisions.Proposal("correction", List.of("rudeness"), "why", null, null, null, false, null), "clauses"),
                new Refused(new Decisions.Proposal("exile", List.of("harassment"), "why", null, null, null, false, null), "action"),
                new Refused(new Decisions.Proposal("temporary-ban", List.of("harassment"), "why", null, null, null, false, null), "until"),
                new Refused(new Decisions.Proposal("written-warning", List.of("harassment"), "why", null, "P3D", null, false, null), "until"),
                new Refused(new Decisions.Proposal("temporary-ban", List.of("harassment"), "why", null, "soon", null, false, null), "duration"),
                new Refused(new Decisions.Proposal("correction", List.of("harassment"), "why", null, null, null, true, null), "interim"),
                new Refused(new Decisions.Proposal("correction", List.of("harassment"), "why", null, null, List.of("nowhere"), false, null), "spaces"));
        for (Refused case_ : refused) {
            assertThatThrownBy(() -> decisions.propose(moderators.get(0), caseId, case_.proposal()))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(case_.field()));
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM decision WHERE case_id = ?").param(caseId).query(Integer.class).single()).isZero();
    }

    @Test
    void aTemporaryBanThatEndsWhileNoServerRunsIsEndedWhenOneStarts() throws Exception {
        String caseId = newCase();
        Decision ban = decisions.propose(moderators.get(0), caseId, proposal("temporary-ban", "7d", true, null));
        decisions.vote(moderators.get(1), ban.id(), "approve", null);
        decisions.vote(moderators.get(2), ban.id(), "approve", null);
        assertThat(sanctionStatuses(ban.id())).containsExactly("in-effect");

        context.close();
        clock.advance(Duration.ofDays(8));
        ConfigurableApplicationContext restarted = start(true);
        JdbcClient after = restarted.getBean(JdbcClient.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = "in-effect";
        while (System.nanoTime() < deadline && status.equals("in-effect")) {
            Thread.sleep(200);
            status = after.sql("SELECT status FROM sanction WHERE decision_id = ?").param(ban.id()).query(String.class).single();
        }
        assertThat(status).isEqualTo("ended");
        restarted.close();
        context = start(false);
        decisions = context.getBean(Decisions.class);
        cases = context.getBean(Cases.class);
        recusals = context.getBean(org.ombuds.cases.Recusals.class);
        parties = context.getBean(org.ombuds.cases.ConfirmingParties.class);
        jdbc = context.getBean(JdbcClient.class);
    }
}
