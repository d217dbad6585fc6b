package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The reporter shield withholds text that names a reporter or witness, says why, and never repeats what matched. */
class ReporterShieldTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReporterShield shield;

    @Test
    void textNamingAReporterOrWitnessIsWithheldWithAReasonThatDoesNotRepeatThem() {
        String reporter = unique("ada");
        var report = CaseFixtures.report(intake, "What happened.", List.of("github:" + unique("subject")), reporter + "@example.org");
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());

        var byAddress = shield.check(caseId, "We heard from " + reporter + " about this.");
        assertThat(byAddress).isInstanceOf(ReporterShield.Verdict.Withheld.class);
        assertThat(((ReporterShield.Verdict.Withheld) byAddress).reason()).contains("reported on this case").doesNotContain(reporter);
        assertThat(shield.check(caseId, "Please adapt your tone in reviews.")).isInstanceOf(ReporterShield.Verdict.Clear.class);

        String witness = "github:" + unique("wit");
        var confirmed = http().postJson("/api/v1/cases/" + caseId + "/parties", Map.of("role", "witness", "handles", List.of(witness),
                "reason", "they saw it happen"), Http.bearer(tokenFor("admin")));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        String handle = witness.substring("github:".length());
        var byHandle = shield.check(caseId, "As " + handle + " told us, it went on for a week.");
        assertThat(byHandle).isInstanceOf(ReporterShield.Verdict.Withheld.class);
        assertThat(((ReporterShield.Verdict.Withheld) byHandle).reason()).contains("one of their handles").doesNotContain(handle);
        assertThat(shield.namesReporter(caseId, "As " + handle + " told us")).isTrue();
    }
}
