package org.ombuds.support;

import java.util.List;

import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reports filed in process (so the test knows the report id) and the case each one landed in. */
public final class CaseFixtures {
    private CaseFixtures() {
    }

    public static Intake.Submitted report(Intake intake, String description, List<String> reportedHandles, String reporterEmail) {
        boolean anonymous = reporterEmail == null;
        return intake.submit(new NewReport("harassment", description, null, null, null, null, reportedHandles, null, anonymous, false,
                anonymous ? null : "A Reporter", reporterEmail, null, false, "api"), List.of(), null);
    }

    /** A case about the person with this handle, from an anonymous report. */
    public static String caseAbout(Intake intake, JdbcClient jdbc, String handle) {
        return caseOf(jdbc, report(intake, "What happened.", List.of(handle), null).reportId());
    }

    public static String caseOf(JdbcClient jdbc, String reportId) {
        return jdbc.sql("SELECT case_id FROM case_report WHERE report_id = ?").param(reportId).query(String.class).single();
    }
}
