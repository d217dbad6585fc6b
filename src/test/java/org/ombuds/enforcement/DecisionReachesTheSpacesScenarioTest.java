package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.CaseDetail;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.ConfirmingParties;
import org.ombuds.cases.Viewer;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.sanctions.SanctionDecided;
import org.ombuds.sanctions.SanctionLifted;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.ScenarioDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The enforcement module with what it depends on (sanctions, cases, intake among them), on the real database: the
 * approval that completes a ban's quorum starts its sanction ({@link SanctionDecided}); in that same transaction
 * enforcement sets out what each space it covers should be (an apply, pending), the ban-check index bans the person
 * there, and the case's timeline records the decision taking effect. The subject was confirmed first (a report's
 * handles are claims), and the ban took two approvals.
 */
// Enforcement hears sanctions only through events, which is no bean dependency: the module is included explicitly.
@ApplicationModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "sanctions")
@ExtendWith(RequiresDatabase.class)
// Two approvals whatever the committee's size: each test adds members, and the tests run in any order.
@TestPropertySource(properties = {"ombuds.decisions.quorum.temporary-ban=2", "ombuds.decisions.quorum.permanent-ban=2"})
class DecisionReachesTheSpacesScenarioTest {
    private static final IdentityHandle BANNED = IdentityHandle.parse("github:scenario-banned");
    @Autowired
    Accounts accounts;
    @Autowired
    Cases cases;
    @Autowired
    ReadingCases reading;
    @Autowired
    ConfirmingParties parties;
    @Autowired
    Decisions decisions;
    @Autowired
    Enforcement enforcement;
    @Autowired
    BanIndex index;
    @Autowired
    Intake intake;
    @Autowired
    Spaces spaces;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ScenarioDatabase.register(registry, "decision-enforcement-scenario");
    }

    @Test
    void theApprovalThatCompletesABansQuorumSetsOutToApplyItInItsSpacesAndTheTimelineSaysSo(Scenario scenario) {
        Viewer proposer = cases.viewer(accounts.add("mod1@example.org", "Moderator One", "moderator").id());
        Viewer approver = cases.viewer(accounts.add("mod2@example.org", "Moderator Two", "moderator").id());
        String chat = spaces.add("chat", "chat", null, "Chat").id();
        String forum = spaces.add("forum", "forum", null, "Forum").id();
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, proposer, BANNED.toString());
        Decision proposed = decisions.propose(proposer, caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Threats in the chat.", null, "P7D", List.of("chat"), false, null));
        assertThat(proposed.status()).as("a ban takes two approvals").isEqualTo("awaiting-approval");
        assertThat(index.check(BANNED, chat)).isEmpty();

        scenario.stimulate(() -> decisions.vote(approver, proposed.id(), "approve", null))
                .andWaitForEventOfType(SanctionDecided.class)
                .matching(decided -> decided.action().equals("temporary-ban"))
                .toArriveAndVerify((decided, decision) -> {
                    assertThat(decision.status()).isEqualTo("in-effect");
                    assertThat(decided.spaceIds()).containsExactly(chat);
                    assertThat(enforcement.stateOf(proposer.accountId(), decided.sanctionId())).singleElement().satisfies(state -> {
                        assertThat(state.spaceSlug()).isEqualTo("chat");
                        assertThat(state.operation() + ":" + state.status()).isEqualTo("apply:pending");
                    });
                    assertThat(index.check(BANNED, chat)).map(BanIndex.Ban::sanctionId).contains(decided.sanctionId());
                    assertThat(index.check(BANNED, forum)).as("a space the ban does not cover").isEmpty();
                    assertThat(reading.detail(proposer, caseId).timeline()).extracting(CaseDetail.Event::kind)
                            .contains("decision-proposed", "decision-approved", "decision-in-effect");
                });
    }

    @Test
    void aBanThatIsReplacedEndsAndItsApplyNeverAttemptedIsCancelled(Scenario scenario) {
        Viewer proposer = cases.viewer(accounts.add("mod3@example.org", "Moderator Three", "moderator").id());
        Viewer approver = cases.viewer(accounts.add("mod4@example.org", "Moderator Four", "moderator").id());
        spaces.add("events", "event", null, "Events");
        IdentityHandle banned = IdentityHandle.parse("github:scenario-replaced");
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, proposer, banned.toString());
        Decision ban = decisions.propose(proposer, caseId, new Decisions.Proposal("permanent-ban", List.of("harassment"),
                "Threats at the meetup.", null, null, List.of("events"), false, null));
        ban = decisions.vote(approver, ban.id(), "approve", null);
        assertThat(ban.status()).isEqualTo("in-effect");
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(ban.id()).query(String.class).single();
        Decision replacing = decisions.propose(proposer, caseId, new Decisions.Proposal("written-warning", List.of("harassment"),
                "On reflection a warning is enough.", null, null, List.of(), false, ban.id()));

        scenario.stimulate(() -> decisions.vote(approver, replacing.id(), "approve", null))
                .andWaitForEventOfType(SanctionLifted.class)
                .matchingMappedValue(SanctionLifted::sanctionId, sanctionId)
                .toArriveAndVerify(lifted -> {
                    assertThat(lifted.reason()).isEqualTo("superseded");
                    assertThat(enforcement.stateOf(proposer.accountId(), sanctionId)).singleElement()
                            .satisfies(state -> assertThat(state.operation() + ":" + state.status()).as("nothing reached the space: nothing to lift")
                                    .isEqualTo("lift:cancelled"));
                    assertThat(index.check(banned, spaces.require("events").id())).isEmpty();
                });
    }
}
