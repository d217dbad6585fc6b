package org.ombuds.sanctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.Cases;
import org.ombuds.cases.Committee;
import org.ombuds.cases.ConfirmingParties;
import org.ombuds.cases.HandlingCases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Recusals;
import org.ombuds.cases.Viewer;
import org.ombuds.intake.Intake;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * The committee stays the committee. On a committee of two admins and three moderators: a case lead cannot recuse
 * anyone; an admin recuses only with a reason, never the last admin who may see the case, and can lift it; the quorum
 * counts the committee as it stood when the case opened, less those who declared a conflict or were recused by an
 * admin, and a ban needs two approvals however many stepped aside; a member a report names still counts but cannot
 * vote; only a committee that was one person when the case opened decides alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
class NoSingleMemberActsAsTheCommitteeTest {
    private ConfigurableApplicationContext context;
    private Decisions decisions;
    private Cases cases;
    private ReadingCases reading;
    private HandlingCases handling;
    private Recusals recusals;
    private ConfirmingParties parties;
    private Intake intake;
    private JdbcClient jdbc;
    private Accounts accounts;
    private Viewer chair;
    private Viewer secondAdmin;
    private final List<Viewer> moderators = new ArrayList<>();
    private int subjects;

    @BeforeAll
    void committee() throws Exception {
        Path data = Files.createTempDirectory("ombuds-committee");
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .run(TestDatabases.arguments(TestDatabases.properties(TestDatabases.selected(), data)));
        decisions = context.getBean(Decisions.class);
        cases = context.getBean(Cases.class);
        reading = context.getBean(ReadingCases.class);
        handling = context.getBean(HandlingCases.class);
        recusals = context.getBean(Recusals.class);
        parties = context.getBean(ConfirmingParties.class);
        intake = context.getBean(Intake.class);
        jdbc = context.getBean(JdbcClient.class);
        accounts = context.getBean(Accounts.class);
        chair = cases.viewer(accounts.add("chair@example.org", "Chair", "admin").id());
        secondAdmin = cases.viewer(accounts.add("second@example.org", "Second Admin", "admin").id());
        for (int i = 1; i <= 3; i++) {
            moderators.add(cases.viewer(accounts.add("mod" + i + "@example.org", "Moderator " + i, "moderator").id()));
        }
    }

    @AfterAll
    void stop() {
        context.close();
    }

    private String newCase() {
        return CaseFixtures.caseAbout(intake, jdbc, parties, chair, "github:subject-" + (++subjects));
    }

    private static Decisions.Proposal ban() {
        return new Decisions.Proposal("permanent-ban", List.of("harassment"), "Threats against the reporter, twice.", null, null, List.of(),
                false, null);
    }

    private Committee committee(String caseId) {
        return cases.decisionContext(chair, caseId).committee();
    }

    @Test
    void aCaseLeadCannotRecuseTheRestOfTheCommittee() {
        String caseId = newCase();
        handling.assign(chair, caseId, "mod1@example.org", true);
        for (String other : List.of("chair@example.org", "second@example.org", "mod2@example.org", "mod3@example.org")) {
            assertThatThrownBy(() -> recusals.recuse(moderators.get(0), caseId, other, "I decide alone")).isInstanceOf(AccessDeniedException.class);
        }
        assertThat(committee(caseId).members()).hasSize(5);
        assertThat(cases.maySee(chair, caseId)).isTrue();
    }

    @Test
    void anAdminRecusesOthersOnlyWithAReasonAndCanLiftIt() {
        String caseId = newCase();
        assertThatThrownBy(() -> recusals.recuse(chair, caseId, "mod2@example.org", " ")).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("reason"));
        recusals.recuse(chair, caseId, "mod2@example.org", "RECUSAL-REASON: plays in the same band as the subject");
        assertThatThrownBy(() -> reading.detail(moderators.get(1), caseId)).isInstanceOf(NotFoundException.class);
        var recusal = reading.detail(chair, caseId).recusals().get(0);
        assertThat(recusal.kind()).isEqualTo("recused");
        assertThat(recusal.by()).isEqualTo("Chair");
        assertThat(recusal.reason()).startsWith("RECUSAL-REASON");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_recusal WHERE sealed_reason LIKE '%RECUSAL-REASON%'").query(Integer.class).single()).isZero();

        assertThatThrownBy(() -> recusals.lift(moderators.get(0), caseId, moderators.get(1).accountId(), "no conflict after all"))
                .isInstanceOf(AccessDeniedException.class);
        recusals.lift(secondAdmin, caseId, moderators.get(1).accountId(), "the band broke up years ago");
        assertThat(reading.detail(moderators.get(1), caseId).recusals()).isEmpty();
        assertThat(reading.detail(chair, caseId).timeline()).anySatisfy(event -> {
            assertThat(event.kind()).isEqualTo("recusal-lifted");
            assertThat(event.reason()).isEqualTo("the band broke up years ago");
        });
    }

    @Test
    void nobodyRecusesTheLastAdminWhoMaySeeTheCase() {
        String caseId = newCase();
        recusals.recuse(chair, caseId, "second@example.org", "works with the reporter");
        assertThatThrownBy(() -> recusals.recuse(chair, caseId, "chair@example.org", null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no admin who may see it");
        assertThat(cases.maySee(chair, caseId)).isTrue();
        // Nor through a confirmed party: the chair cannot be made a party while no other admin may see the case.
        assertThatThrownBy(() -> parties.confirm(chair, caseId, new ConfirmingParties.Confirmation("witness", List.of("email:chair@example.org"),
                null, "the chair saw it happen"))).isInstanceOf(ConflictException.class);
        assertThat(cases.maySee(chair, caseId)).isTrue();
    }

    @Test
    void aBanNeedsTwoApprovalsHoweverManyMembersStepAside() {
        String caseId = newCase();
        recusals.recuse(secondAdmin, caseId, "second@example.org", null);
        for (Viewer moderator : moderators) recusals.recuse(moderator, caseId, accounts.require(moderator.accountId()).email(), null);
        Committee committee = committee(caseId);
        assertThat(committee.members()).containsExactly(chair.accountId());
        assertThat(committee.atOpening()).isEqualTo(5);
        assertThat(committee.decidesAlone()).isFalse();

        Decision proposed = decisions.propose(chair, caseId, ban());
        assertThat(proposed.status()).isEqualTo("awaiting-approval");
        assertThat(proposed.approvalsNeeded()).isEqualTo(2);
        assertThat(proposed.committee()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sanction WHERE decision_id = ?").param(proposed.id()).query(Integer.class).single()).isZero();
        // A correction is the committee's to give on one approval (its quorum and floor are one).
        assertThat(decisions.propose(chair, caseId, new Decisions.Proposal("correction", List.of("harassment"), "A first, private word.",
                null, null, List.of(), false, proposed.id())).status()).isEqualTo("in-effect");
    }

    @Test
    void recusalsByAnAdminDoNotLetTheAdminBanAlone() {
        String caseId = newCase();
        for (String email : List.of("second@example.org", "mod1@example.org", "mod2@example.org", "mod3@example.org")) {
            recusals.recuse(chair, caseId, email, "keeping the case to myself");
        }
        Decision proposed = decisions.propose(chair, caseId, ban());
        assertThat(proposed.status()).isEqualTo("awaiting-approval");
        assertThat(proposed.approvalsNeeded()).isGreaterThan(proposed.committee());
    }

    @Test
    void aMemberAReportNamesStillCountsButCannotVote() {
        String handle = "github:named-" + (++subjects);
        var report = intake.submit(new org.ombuds.intake.NewReport("harassment", "mod3 and someone else were rude.", null, null, null, null,
                List.of(handle, "email:mod3@example.org"), null, true, false, null, null, null, false, "api"), List.of(), null);
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        CaseFixtures.confirmSubject(parties, chair, caseId, handle);
        Committee committee = committee(caseId);
        assertThat(committee.members()).hasSize(5).contains(moderators.get(2).accountId());
        assertThat(committee.voters()).hasSize(4).doesNotContain(moderators.get(2).accountId());
        assertThatThrownBy(() -> decisions.propose(moderators.get(2), caseId, ban())).isInstanceOf(NotFoundException.class);
        Decision proposed = decisions.propose(chair, caseId, ban());
        assertThat(proposed.approvalsNeeded()).isEqualTo(4); // two thirds of five
    }

    @Test
    void aCommitteeOfOneWhenTheCaseOpenedDecidesAloneAndIsToldSo() {
        jdbc.sql("UPDATE account SET disabled_at = 1 WHERE email <> 'chair@example.org'").update();
        String caseId;
        try {
            caseId = newCase();
        } finally {
            jdbc.sql("UPDATE account SET disabled_at = NULL").update();
        }
        Committee committee = committee(caseId);
        assertThat(committee.atOpening()).isEqualTo(1);
        assertThat(committee.decidesAlone()).isTrue();
        Decision ban = decisions.propose(chair, caseId, ban());
        assertThat(ban.approvalsNeeded()).isEqualTo(1);
        assertThat(ban.status()).isEqualTo("in-effect");
        // Members who joined after the case opened are not its committee: they neither count nor vote.
        assertThat(committee.members()).containsExactly(chair.accountId());
    }
}
