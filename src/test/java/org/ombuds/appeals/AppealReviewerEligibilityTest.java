package org.ombuds.appeals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.ombuds.accounts.Account;
import org.ombuds.cases.Cases;
import org.ombuds.cases.HandlingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who may review an appeal on a case, as a matrix: role (appeal reviewer, moderator, admin) × relation to the case
 * (handles it, proposed a decision, approved one, objected to one, declared a conflict, recused by an admin, is the
 * reporter, is the subject, disabled, none). Only "none" is eligible, for every role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppealReviewerEligibilityTest extends WebTest {
    static final List<String> ROLES = List.of("appeal-reviewer", "moderator", "admin");
    static final Map<String, String> RELATIONS = new LinkedHashMap<>();

    static {
        RELATIONS.put("handler", "they handle the case");
        RELATIONS.put("proposer", "they took part in deciding the case");
        RELATIONS.put("approver", "they took part in deciding the case");
        RELATIONS.put("objector", "they took part in deciding the case");
        RELATIONS.put("declared-conflict", "they are recused from the case");
        RELATIONS.put("recused", "they are recused from the case");
        RELATIONS.put("reporter", "they are recused from the case");
        RELATIONS.put("subject", "they are recused from the case");
        RELATIONS.put("disabled", "the account is disabled");
        RELATIONS.put("none", null);
    }

    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Cases cases;
    @Autowired
    HandlingCases handling;
    @Autowired
    org.ombuds.cases.Recusals recusals;
    @Autowired
    org.ombuds.cases.ConfirmingParties parties;
    @Autowired
    Decisions decisions;
    @Autowired
    AppealReviewers reviewers;

    private Viewer chair;
    private final Map<String, Arranged> cells = new LinkedHashMap<>();

    private record Arranged(Account account, String caseId) {
    }

    @BeforeAll
    void arrange() {
        chair = cases.viewer(accounts.add(unique("chair") + "@example.org", "Chair", "admin").id());
        for (String role : ROLES) {
            for (String relation : RELATIONS.keySet()) {
                cells.put(role + "/" + relation, arrange(role, relation));
            }
        }
    }

    private Arranged arrange(String role, String relation) {
        String email = unique(relation) + "@example.org";
        String subject = "github:" + unique("subject");
        // The account is on the committee the case is brought to (a later member would not decide it).
        Account account = accounts.add(email, "Staff " + relation, role);
        String caseId;
        if (relation.equals("reporter")) {
            caseId = CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, "What happened.", List.of(subject), email).reportId());
            CaseFixtures.confirmSubject(parties, chair, caseId, subject);
        } else {
            caseId = CaseFixtures.caseAbout(intake, jdbc, parties, chair, subject);
        }
        Viewer viewer = cases.viewer(account.id());
        // Proposals and votes need a deciding role; a reviewer "took part" the same way whatever role they hold now.
        Viewer decider = role.equals("appeal-reviewer") ? null : viewer;
        switch (relation) {
            case "handler" -> handling.assign(chair, caseId, email, false);
            case "proposer" -> proposeAs(decider, caseId, account);
            case "approver" -> voteAs(decider, caseId, account, "approve");
            case "objector" -> voteAs(decider, caseId, account, "object");
            // A reviewer cannot reach a case they are not on, so they declare it while assigned to it for another reason.
            case "declared-conflict" -> declareConflict(role, caseId, account);
            case "recused" -> recusals.recuse(chair, caseId, email, "works with the reported person");
            // The report came from the member's address: the committee confirmed them as its reporter.
            case "reporter" -> parties.confirm(chair, caseId, new org.ombuds.cases.ConfirmingParties.Confirmation("reporter",
                    List.of("email:" + email), null, "the report came from their address"));
            case "subject" -> accounts.linkPerson(account.id(), cases.subjectPersonIds(caseId).get(0));
            case "disabled" -> accounts.disable(account.id());
            default -> { }
        }
        return new Arranged(account, caseId);
    }

    private void declareConflict(String role, String caseId, Account account) {
        if (role.equals("appeal-reviewer")) {
            handling.assign(chair, caseId, account.email(), false);
            recusals.recuse(cases.viewer(account.id()), caseId, account.email(), null);
            jdbc.sql("DELETE FROM case_assignee WHERE case_id = ? AND account_id = ?").params(caseId, account.id()).update();
        } else {
            recusals.recuse(cases.viewer(account.id()), caseId, account.email(), null);
        }
    }

    private void proposeAs(Viewer decider, String caseId, Account account) {
        if (decider != null) {
            decisions.propose(decider, caseId, proposal());
        } else {
            recordAs(account, decisions.propose(chair, caseId, proposal()).id(), "proposer");
        }
    }

    private void voteAs(Viewer decider, String caseId, Account account, String vote) {
        Decision proposed = decisions.propose(chair, caseId, new Decisions.Proposal("written-warning", List.of("harassment"), "Insults.",
                null, null, List.of(), false, null));
        if (decider != null) {
            decisions.vote(decider, proposed.id(), vote, null);
        } else {
            recordAs(account, proposed.id(), vote);
        }
    }

    /** An appeal reviewer who once held a deciding role: their part in the decision is on record. */
    private void recordAs(Account account, String decisionId, String part) {
        if (part.equals("proposer")) {
            jdbc.sql("UPDATE decision SET proposed_by = ? WHERE id = ?").params(account.id(), decisionId).update();
        } else {
            jdbc.sql("INSERT INTO decision_vote (decision_id, account_id, vote, voted_at) VALUES (?, ?, ?, 0)")
                    .params(decisionId, account.id(), part).update();
        }
    }

    private static Decisions.Proposal proposal() {
        return new Decisions.Proposal("correction", List.of("harassment"), "A first correction.", null, null, List.of(), false, null);
    }

    @TestFactory
    Stream<DynamicTest> onlySomeoneWhoTookNoPartMayReview() {
        return cells.entrySet().stream().map(cell -> DynamicTest.dynamicTest(cell.getKey(), () -> {
            String relation = cell.getKey().substring(cell.getKey().indexOf('/') + 1);
            Account account = accounts.require(cell.getValue().account().id());
            String expected = RELATIONS.get(relation);
            if (expected == null) {
                assertThat(reviewers.ineligibility(account, cell.getValue().caseId())).isEmpty();
                assertThat(reviewers.eligible(account, cell.getValue().caseId())).isTrue();
            } else {
                assertThat(reviewers.ineligibility(account, cell.getValue().caseId())).contains(expected);
                assertThat(reviewers.eligible(account, cell.getValue().caseId())).isFalse();
            }
        }));
    }
}
