package org.ombuds.sanctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.CaseDetail;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.coc.ActionDeclaration;
import org.ombuds.coc.ActionKind;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.enforcement.BanIndex;
import org.ombuds.intake.Intake;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.MovableClock;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.ombuds.transparency.Transparency;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A community's own Code whose ladder has an action of every kind, none with a default id, on a committee of five
 * (an admin and four moderators) and a clock the test moves: each action is decided on a case whose subject a member
 * confirmed, and its kind — never its id — says how many approvals it needs, what its letter says, whether the spaces
 * keep the person out and for how long, and where the transparency report counts it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
// The journey first: its transparency report counts the half-year's decisions, which the other tests would add to.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomLadderTest {
    private static final String LADDER = """
            * **Closed Without Action:** The committee found nothing to act on.
            * **Friendly Reminder:** A private reminder of what the Code expects.
            * **Mediation:** A conversation led by a mediator, which the person agrees to attend.
            * **Removal from a Leadership Role:** The person no longer maintains, moderates or organises for the project.
            * **Suspension:** Kept out of the project's spaces for a time.
            * **Expulsion:** Kept out of the project's spaces for good.
            """;
    private static final List<ActionDeclaration> KINDS = List.of(
            new ActionDeclaration("closed-without-action", "no-action", null),
            new ActionDeclaration("friendly-reminder", "advisory", null),
            new ActionDeclaration("mediation", "conditional", "2"),
            new ActionDeclaration("removal-from-leadership-role", "role-removal", null),
            new ActionDeclaration("suspension", "timed-ban", null),
            new ActionDeclaration("expulsion", "ban", null));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private ConfigurableApplicationContext context;
    private Decisions decisions;
    private Cases cases;
    private ReadingCases reading;
    private CodeOfConduct code;
    private JdbcClient jdbc;
    private BanIndex bans;
    private Space chat;
    private String adminId;
    private final List<Viewer> committee = new ArrayList<>();
    private int subjects;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("ombuds-ladder");
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock))
                .run(TestDatabases.arguments(TestDatabases.properties(TestDatabases.selected(), data)));
        decisions = context.getBean(Decisions.class);
        cases = context.getBean(Cases.class);
        reading = context.getBean(ReadingCases.class);
        code = context.getBean(CodeOfConduct.class);
        jdbc = context.getBean(JdbcClient.class);
        bans = context.getBean(BanIndex.class);
        Accounts accounts = context.getBean(Accounts.class);
        adminId = accounts.add("ladder-chair@example.org", "Chair", "admin").id();
        committee.add(cases.viewer(adminId));
        for (int i = 1; i <= 4; i++) {
            committee.add(cases.viewer(accounts.add("ladder-mod" + i + "@example.org", "Moderator " + i, "moderator").id()));
        }
        chat = context.getBean(Spaces.class).add("chat", "chat", null, "Community chat");
        String text = code.current(null).markdown();
        int start = text.indexOf("* **Correction:**");
        int end = text.indexOf("\n", text.indexOf("* **Permanent Ban:**")) + 1;
        code.publish(null, text.substring(0, start) + LADDER + text.substring(end), null, "test", "Our own ladder", KINDS);
    }

    @AfterAll
    void stop() {
        if (context != null) context.close();
    }

    private String confirmedCase(String handle) {
        return CaseFixtures.caseAbout(context.getBean(Intake.class), jdbc, context.getBean(org.ombuds.cases.ConfirmingParties.class),
                committee.get(0), handle);
    }

    private static Decisions.Proposal proposal(String action, String duration, boolean interim) {
        return new Decisions.Proposal(action, List.of("harassment"), "Insults in the chat after a reminder.", null, duration, List.of(),
                interim, null);
    }

    /** Proposed by the first member, approved by the next ones until it takes effect; how many approvals that took. */
    private record Carried(Decision decision, int approvals) {
    }

    private Carried carry(String caseId, Decisions.Proposal proposal) {
        Decision decision = decisions.propose(committee.get(1), caseId, proposal);
        int approvals = 1;
        for (int i = 2; i < committee.size() && decision.status().equals("awaiting-approval"); i++) {
            decision = decisions.vote(committee.get(i), decision.id(), "approve", null);
            approvals++;
        }
        if (decision.status().equals("awaiting-approval")) {
            decision = decisions.vote(committee.get(0), decision.id(), "approve", null);
            approvals++;
        }
        assertThat(decision.status()).isEqualTo("in-effect");
        return new Carried(decision, approvals);
    }

    private CaseDetail.Letter letterOn(String caseId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !reading.detail(committee.get(0), caseId).letters().isEmpty());
        return reading.detail(committee.get(0), caseId).letters().get(0);
    }

    private boolean bannedInChat(String handle) {
        return bans.check(IdentityHandle.parse(handle), chat.id()).isPresent();
    }

    @Test
    @Order(1)
    void eachKindOfTheCodesOwnActionsIsCountedLetteredEnforcedAndReportedByItsKind() {
        Map<String, Integer> approvals = new java.util.LinkedHashMap<>();
        Map<String, String> caseOf = new java.util.LinkedHashMap<>();
        Map<String, Decision> decided = new java.util.LinkedHashMap<>();
        for (ActionDeclaration declared : KINDS) {
            String action = declared.action();
            String caseId = confirmedCase("github:ladder-" + (++subjects));
            Carried carried = carry(caseId, proposal(action, action.equals("suspension") ? "P14D" : null, false));
            approvals.put(action, carried.approvals());
            caseOf.put(action, caseId);
            decided.put(action, carried.decision());
            assertThat(carried.decision().kind()).as(action).isEqualTo(ActionKind.parse(declared.kind()).orElseThrow());
        }

        // The quorum by kind (five members): the Code's own rule for mediation, the kind's default for the others.
        assertThat(approvals).containsExactly(Map.entry("closed-without-action", 1), Map.entry("friendly-reminder", 1),
                Map.entry("mediation", 2), Map.entry("removal-from-leadership-role", 3), Map.entry("suspension", 3),
                Map.entry("expulsion", 4));
        assertThat(decided.get("expulsion").approvalsNeeded()).isEqualTo(4);

        // Sanctions on everyone but the case closed without action, each with its kind.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sanction WHERE decision_id = ?").param(decided.get("closed-without-action").id())
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT kind FROM sanction WHERE decision_id = ?").param(decided.get("mediation").id()).query(String.class).single())
                .isEqualTo("conditional");

        // Enforcement: only the bans keep the person out, the suspension until its end.
        List<String> handles = List.of("github:ladder-1", "github:ladder-2", "github:ladder-3", "github:ladder-4", "github:ladder-5",
                "github:ladder-6");
        assertThat(handles.stream().map(this::bannedInChat).toList()).containsExactly(false, false, false, false, true, true);
        assertThat(bans.check(IdentityHandle.parse("github:ladder-5"), chat.id()).orElseThrow().until())
                .isEqualTo(decided.get("suspension").inEffectAt().plus(Duration.ofDays(14)).toEpochMilli());
        assertThat(bans.check(IdentityHandle.parse("github:ladder-6"), chat.id()).orElseThrow().until()).isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM enforcement_state t JOIN sanction s ON s.person_id = t.person_id WHERE s.decision_id IN (?, ?, ?)")
                .params(decided.get("friendly-reminder").id(), decided.get("mediation").id(), decided.get("removal-from-leadership-role").id())
                .query(Integer.class).single()).as("nothing to apply in the spaces").isZero();

        // Letters: the texts of the action's kind, naming the action as the Code does.
        CaseDetail.Letter mediation = letterOn(caseOf.get("mediation"));
        assertThat(mediation.subject()).startsWith("Mediation: a decision of the");
        assertThat(mediation.body()).contains("decided on this action under our Code of Conduct: Mediation.").doesNotContain("This applies in");
        CaseDetail.Letter removal = letterOn(caseOf.get("removal-from-leadership-role"));
        assertThat(removal.body()).contains("Removal from a Leadership Role").contains("you remain welcome");
        CaseDetail.Letter suspension = letterOn(caseOf.get("suspension"));
        assertThat(suspension.subject()).startsWith("Suspension: temporary suspension from");
        assertThat(suspension.body()).contains("This applies in: Community chat.").contains("The suspension ends on");
        assertThat(letterOn(caseOf.get("expulsion")).body()).contains("It has no end date.");
        assertThat(letterOn(caseOf.get("friendly-reminder")).subject()).startsWith("Friendly Reminder: a note from the");

        // Transparency: counted by kind, under the default action of that kind where there is one.
        clock.advance(Duration.between(clock.instant(), Instant.parse("2027-01-02T00:00:00Z")));
        var report = context.getBean(Transparency.class).draft(adminId, "2026-H2");
        assertThat(report.figures().decisionsByAction()).containsAllEntriesOf(Map.of("no-action", 1, "advisory", 1, "conditional", 1,
                "role-removal", 1, "temporary-ban", 1, "permanent-ban", 1, "correction", 0, "written-warning", 0));
        assertThat(report.figures().sanctions()).isEqualTo(5);
    }

    @Test
    void onlyABanIsAnInterimMeasureAndOnlyATimedBanHasAnEnd() {
        String caseId = confirmedCase("github:ladder-rules-" + (++subjects));
        assertThatThrownBy(() -> decisions.propose(committee.get(1), caseId, proposal("mediation", null, true)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only a ban can be put in effect as an interim measure");
        assertThatThrownBy(() -> decisions.propose(committee.get(1), caseId, proposal("mediation", "P14D", false)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only a temporary ban has an end");
        assertThatThrownBy(() -> decisions.propose(committee.get(1), caseId, proposal("suspension", null, false)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs an end");
        Decision interim = decisions.propose(committee.get(1), caseId, proposal("expulsion", null, true));
        assertThat(interim.status()).isEqualTo("in-effect");
        assertThat(interim.interim()).isTrue();
        assertThat(bannedInChat("github:ladder-rules-" + subjects)).isTrue();
    }

    @Test
    void aCodeWhoseActionHasNoKindIsRefusedNamingTheAction() {
        String text = code.current(null).markdown().replace("* **Expulsion:**", "* **Shunning:** Nobody talks to them.\n* **Expulsion:**");
        int before = code.versions(null).size();
        assertThatThrownBy(() -> code.publish(null, text, null, "test", null, KINDS))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("ladder"))
                .hasMessageContaining("'Shunning' (shunning) needs a kind");
        assertThatThrownBy(() -> code.publish(null, code.current(null).markdown(), null, "test", null,
                List.of(new ActionDeclaration("temporary-ban", "ban", null))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no action 'temporary-ban'");
        assertThat(code.versions(null)).hasSize(before);
    }
}
