package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.intake.Intake;
import org.ombuds.intake.ReportReceived;
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

/**
 * The cases module with what it depends on (intake among them), on the real database: a report that intake stores
 * and announces ({@link ReportReceived}) opens a case, and a later report naming the same handle joins it. What a
 * report names is a claim: the case has no confirmed subject until a committee member confirms one.
 */
@ApplicationModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES)
@ExtendWith(RequiresDatabase.class)
class ReportBecomesACaseScenarioTest {
    @Autowired
    Intake intake;
    @Autowired
    Cases cases;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ScenarioDatabase.register(registry, "report-case-scenario");
    }

    @Test
    void aReportOpensACaseAndTheNextReportNamingTheSamePersonJoinsIt(Scenario scenario) {
        String[] first = new String[2];
        scenario.stimulate(() -> CaseFixtures.report(intake, "Insults in the review.", List.of("github:scenario-one"), null))
                .andWaitForEventOfType(CaseActivity.class)
                .matching(activity -> activity.kind() == CaseActivity.Kind.OPENED)
                .toArriveAndVerify((opened, submitted) -> {
                    assertThat(cases.reportIdsOf(opened.caseId())).containsExactly(submitted.reportId());
                    assertThat(cases.subjectPersonIds(opened.caseId())).as("a report's handles are claims, not parties").isEmpty();
                    first[0] = opened.caseId();
                    first[1] = submitted.reportId();
                });

        scenario.stimulate(() -> CaseFixtures.report(intake, "It happened again.", List.of("github:scenario-one"), null))
                .andWaitForEventOfType(CaseActivity.class)
                .matching(activity -> activity.kind() == CaseActivity.Kind.REPORT_JOINED)
                .toArriveAndVerify((joined, submitted) -> {
                    assertThat(joined.caseId()).isEqualTo(first[0]);
                    assertThat(cases.reportIdsOf(joined.caseId())).containsExactlyInAnyOrder(first[1], submitted.reportId());
                });
    }

    @Test
    void aReportNamingSomeoneElseOpensACaseOfItsOwn(Scenario scenario) {
        String earlier = CaseFixtures.caseAbout(intake, jdbc, "github:scenario-two");
        // The events of the whole test count: the case opened above is not the one to wait for.
        scenario.stimulate(() -> CaseFixtures.report(intake, "Threats by mail.", List.of("email:scenario-three@example.net"), null))
                .andWaitForEventOfType(CaseActivity.class)
                .matching(activity -> activity.kind() == CaseActivity.Kind.OPENED && !activity.caseId().equals(earlier))
                .toArriveAndVerify((opened, submitted) -> {
                    assertThat(cases.reportIdsOf(opened.caseId())).containsExactly(submitted.reportId());
                    assertThat(cases.reportIdsOf(earlier)).doesNotContain(submitted.reportId());
                });
    }
}
