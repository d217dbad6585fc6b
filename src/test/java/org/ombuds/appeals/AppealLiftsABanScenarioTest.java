package org.ombuds.appeals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.CaseDetail;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.ConfirmingParties;
import org.ombuds.cases.Viewer;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.Spaces;
import org.ombuds.enforcement.BanIndex;
import org.ombuds.enforcement.Enforcement;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.sanctions.SanctionLifted;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Corrections;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.ScenarioDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The appeals module with what it depends on, and enforcement besides (nothing of appeals depends on it: it hears the
 * sanctions module's events), on the real database: a reviewer who took no part in the case overturns a ban on
 * appeal; the sanctions module lifts the sanction ({@link SanctionLifted}), the ban-check index stops banning the person,
 * the apply that never reached the space is cancelled, and the case's timeline records the overturn.
 */
@ApplicationModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "enforcement")
@ExtendWith(RequiresDatabase.class)
class AppealLiftsABanScenarioTest {
    private static final IdentityHandle APPELLANT = IdentityHandle.parse("email:appellant@example.net");
    @Autowired
    Appeals appeals;
    @Autowired
    Accounts accounts;
    @Autowired
    Cases cases;
    @Autowired
    ReadingCases reading;
    @Autowired
    CaseLetters letters;
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
        ScenarioDatabase.register(registry, "appeal-lift-scenario");
    }

    @Test
    void aBanOverturnedOnAppealIsLiftedEverywhere(Scenario scenario) {
        accounts.add("chair@example.org", "Chair", "admin");
        Viewer proposer = cases.viewer(accounts.add("mod1@example.org", "Moderator One", "moderator").id());
        Viewer approver = cases.viewer(accounts.add("mod2@example.org", "Moderator Two", "moderator").id());
        Account reviewer = accounts.add("reviewer@example.org", "Rev Iewer", "appeal-reviewer");
        String chat = spaces.add("chat", "chat", null, "Chat").id();
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, proposer, APPELLANT.toString());
        Decision ban = decisions.propose(proposer, caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Repeated insults.", null, "P30D", List.of("chat"), false, null));
        ban = decisions.vote(approver, ban.id(), "approve", null);
        assertThat(ban.status()).isEqualTo("in-effect");
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(ban.id()).query(String.class).single();
        assertThat(index.check(APPELLANT, chat)).isPresent();

        // The letter announcing the ban, with the personal appeal link, is written after the decision commits.
        String letter = await().atMost(Duration.ofSeconds(30))
                .until(() -> letters.committeeLetter("sanction:" + sanctionId + ":decided").orElse(null), text -> text != null);
        Matcher link = Corrections.APPEAL_LINK.matcher(letter);
        assertThat(link.find()).as("the letter carries the appeal link").isTrue();
        String appealId = appeals.file(link.group(1), "192.0.2.1", "I was not the one who wrote that.", null);
        assertThat(appeals.list(reviewer.id())).extracting(AppealSummary::id).as("assigned to the one reviewer who took no part")
                .containsExactly(appealId);

        scenario.stimulate(() -> appeals.decide(reviewer.id(), appealId,
                        new Appeals.Outcome("overturned", "The messages came from another account.", null, null, null, null)))
                .andWaitForEventOfType(SanctionLifted.class)
                .matchingMappedValue(SanctionLifted::sanctionId, sanctionId)
                .toArriveAndVerify(lifted -> {
                    assertThat(lifted.reason()).isEqualTo("overturned");
                    assertThat(index.check(APPELLANT, chat)).as("the ban check no longer bans").isEmpty();
                    assertThat(enforcement.stateOf(proposer.accountId(), sanctionId)).singleElement()
                            .satisfies(state -> assertThat(state.operation() + ":" + state.status()).as("nothing reached the space: nothing to lift")
                                    .isEqualTo("lift:cancelled"));
                    assertThat(reading.detail(proposer, caseId).timeline()).extracting(CaseDetail.Event::kind)
                            .contains("appeal-filed", "decision-overturned");
                });
    }
}
