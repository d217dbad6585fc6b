package org.ombuds.cases;

import java.util.List;

import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reports filed in process (so the test knows the report id) and the case each one landed in. */
final class CaseFixtures {
    private CaseFixtures() {
    }

    static Intake.Submitted report(Intake intake, String description, List<String> reportedHandles, String reporterEmail) {
        boolean anonymous = reporterEmail == null;
        return intake.submit(new NewReport("harassment", description, null, null, null, null, reportedHandles, null, anonymous, false,
                anonymous ? null : "A Reporter", reporterEmail, null, false, "api"), List.of(), null);
    }

    static String caseOf(JdbcClient jdbc, String reportId) {
        return jdbc.sql("SELECT case_id FROM case_report WHERE report_id = ?").param(reportId).query(String.class).single();
    }
}
