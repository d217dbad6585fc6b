package org.ombuds.support;

import java.util.List;

import org.ombuds.cases.ConfirmingParties;
import org.ombuds.cases.Viewer;
import org.ombuds.community.IdentityAct;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reports filed in process (so the test knows the report id) and the case each one landed in. What a report names
 * is a claim: a test that needs the case to be about someone confirms it as a committee member would.
 */
public final class CaseFixtures {
    /** Who someone is, set up directly by a test (the identity changes a committee member makes, with a reason). */
    public static final IdentityAct BY_TEST = new IdentityAct(null, IdentityAct.STAFF, null, "set up by the test");

    private CaseFixtures() {
    }

    public static Intake.Submitted report(Intake intake, String description, List<String> reportedHandles, String reporterEmail) {
        boolean anonymous = reporterEmail == null;
        return intake.submit(new NewReport("harassment", description, null, null, null, null, reportedHandles, null, anonymous, false,
                anonymous ? null : "A Reporter", reporterEmail, null, false, "api"), List.of(), null);
    }

    /** A case from an anonymous report naming the person with this handle (a claim nobody confirmed yet). */
    public static String caseAbout(Intake intake, JdbcClient jdbc, String handle) {
        return caseOf(jdbc, report(intake, "What happened.", List.of(handle), null).reportId());
    }

    /** A case about the person with this handle, confirmed by {@code by} (an admin or moderator who may handle it). */
    public static String caseAbout(Intake intake, JdbcClient jdbc, ConfirmingParties parties, Viewer by, String handle) {
        String caseId = caseAbout(intake, jdbc, handle);
        confirmSubject(parties, by, caseId, handle);
        return caseId;
    }

    /** A committee member confirms that the case is about the person known by these handles. */
    public static void confirmSubject(ConfirmingParties parties, Viewer by, String caseId, String... handles) {
        parties.confirm(by, caseId, new ConfirmingParties.Confirmation("subject", List.of(handles), null, "the report names them; checked"));
    }

    public static String caseOf(JdbcClient jdbc, String reportId) {
        return jdbc.sql("SELECT case_id FROM case_report WHERE report_id = ?").param(reportId).query(String.class).single();
    }
}
