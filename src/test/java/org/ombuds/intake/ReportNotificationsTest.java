package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.support.Http;
import org.ombuds.support.MailPorts;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Notifications over a real SMTP server (GreenMail): a link for the committee, an acknowledgement for the reporter. */
// These count the mail they receive; the web tests share one database, so this context's jobs would otherwise act on
// other tests' leftovers (retrying a failing space, redelivering an event) and send mail of their own.
@TestPropertySource(properties = {"ombuds.scheduler.enabled=false", "spring.mail.host=127.0.0.1", "spring.mail.port=${ombuds.test.smtp-port}",
        "spring.mail.properties.mail.smtp.starttls.enable=false", "ombuds.mail.from=committee@example.org"})
class ReportNotificationsTest extends WebTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(MailPorts.smtp())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Autowired
    People people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Intake intake;

    @Test
    void theCommitteeGetsALinkAndTheReporterAnAcknowledgementButNeverTheContent() throws Exception {
        jdbc.sql("UPDATE account SET disabled_at = 1").update(); // only this test's staff are told
        String moderator = unique("notified") + "@example.org";
        accounts.add(moderator, "Mo", "moderator");
        String involved = unique("involved") + "@example.org";
        var account = accounts.add(involved, "In Volved", "moderator");
        var person = people.link(List.of(IdentityHandle.parse("github:" + account.id().substring(0, 8))), org.ombuds.support.CaseFixtures.BY_TEST);
        jdbc.sql("UPDATE account SET person_id = ? WHERE id = ?").params(person.id(), account.id()).update();

        var accepted = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "SECRET-DETAIL of what happened",
                "anonymous", false, "reporter", Map.of("name", "Rita Reporter", "email", "rita@example.org"),
                "reported", Map.of("name", "In Volved", "handles", List.of("github:" + account.id().substring(0, 8)))));
        assertThat(accepted.status()).isEqualTo(201);

        assertThat(SMTP.waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), 2)).isTrue();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(Arrays.stream(received).map(ReportNotificationsTest::recipients)).noneMatch(to -> to.contains(involved));
        MimeMessage toCommittee = Arrays.stream(received).filter(m -> recipients(m).contains(moderator)).findFirst().orElseThrow();
        MimeMessage toReporter = Arrays.stream(received).filter(m -> recipients(m).contains("rita@example.org")).findFirst().orElseThrow();
        assertThat(received).hasSize(2);
        assertThat(GreenMailUtil.getBody(toCommittee)).contains("https://ombuds.example.org/staff")
                .doesNotContain("SECRET-DETAIL").doesNotContain("Rita").doesNotContain("In Volved");
        assertThat(toCommittee.getFrom()[0].toString()).isEqualTo("committee@example.org");
        assertThat(GreenMailUtil.getBody(toReporter)).contains("https://ombuds.example.org/receipt").doesNotContain("SECRET-DETAIL");
        assertThat(GreenMailUtil.getBody(toReporter)).doesNotContain(accepted.json().get("receipt").asString());
    }

    private static String recipients(MimeMessage message) {
        try {
            return GreenMailUtil.getAddressList(message.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMemberAnAdminRecusesIsToldByWhomAndWhyButNothingOfTheCase() throws Exception {
        jdbc.sql("UPDATE account SET disabled_at = 1").update();
        String admin = tokenFor("admin");
        String member = unique("recused") + "@example.org";
        String memberId = accounts.add(member, "Rec Used", "moderator").id();
        var report = org.ombuds.support.CaseFixtures.report(intake, "CASE-CONTENT-7731 happened in the chat.", List.of(), null);
        String caseId = org.ombuds.support.CaseFixtures.caseOf(jdbc, report.reportId());
        assertThat(SMTP.waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), 2)).isTrue(); // the new case, to both

        assertThat(http().postJson("/api/v1/cases/" + caseId + "/recusals", Map.of("email", member,
                "reason", "RECUSAL-REASON: plays in a band with the reported person"), Http.bearer(admin)).status()).isEqualTo(201);
        assertThat(SMTP.waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), 3)).isTrue();
        MimeMessage recused = SMTP.getReceivedMessages()[2];
        String name = http().get("/api/v1/cases/" + caseId, Http.bearer(admin)).json().get("summary").get("name").asString();
        assertThat(recipients(recused)).isEqualTo(member);
        assertThat(recused.getSubject()).isEqualTo("[Ombuds] You were recused from " + name);
        assertThat(GreenMailUtil.getBody(recused)).contains("RECUSAL-REASON: plays in a band").contains("Test admin")
                .doesNotContain("CASE-CONTENT-7731");

        assertThat(http().send(http().request("/api/v1/cases/" + caseId + "/recusals/" + memberId + "?reason=the+band+broke+up",
                Http.bearer(admin)).DELETE().build()).status()).isEqualTo(204);
        assertThat(SMTP.waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), 4)).isTrue();
        MimeMessage lifted = SMTP.getReceivedMessages()[3];
        assertThat(recipients(lifted)).isEqualTo(member);
        assertThat(lifted.getSubject()).isEqualTo("[Ombuds] You may reach " + name + " again");
        assertThat(GreenMailUtil.getBody(lifted)).contains("https://ombuds.example.org/staff/cases/" + caseId).doesNotContain("CASE-CONTENT-7731");
    }

    @Test
    void anAnonymousReportSendsNoAcknowledgement() throws Exception {
        jdbc.sql("UPDATE account SET disabled_at = 1").update();
        accounts.add(unique("only") + "@example.org", "Only", "admin");
        http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "anonymous", "anonymous", true));
        assertThat(SMTP.waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), 1)).isTrue();
        Thread.sleep(500);
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
    }
}
