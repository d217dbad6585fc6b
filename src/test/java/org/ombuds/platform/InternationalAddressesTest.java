package org.ombuds.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReporterShield;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.MailPorts;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Addresses outside ASCII over a real SMTP server (GreenMail): an internationalised domain is delivered to its IDNA
 * (xn--) form, a mailbox name outside ASCII is refused where it is typed, and nothing is ever sent to an altered address.
 */
// The same mail settings as the other notification tests (one server context); the jobs are off so that only this
// test's mail arrives.
@TestPropertySource(properties = {"ombuds.scheduler.enabled=false", "spring.mail.host=127.0.0.1", "spring.mail.port=${ombuds.test.smtp-port}",
        "spring.mail.properties.mail.smtp.starttls.enable=false", "ombuds.mail.from=committee@example.org"})
class InternationalAddressesTest extends WebTest {
    private static final String CYRILLIC = "\u0430lice@example.org";
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(MailPorts.smtp())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Mailer mailer;
    @Autowired
    Intake intake;
    @Autowired
    Cases cases;
    @Autowired
    ReporterShield shield;

    @Test
    void anInternationalisedDomainIsDeliveredToItsPunycodeAddress() throws Exception {
        jdbc.sql("UPDATE account SET disabled_at = 1").update(); // only this test's staff are told
        String moderator = unique("mod") + "@exämple.org";
        accounts.add(moderator, "Mo", "moderator");
        assertThat(accounts.byEmail(moderator)).as("found however the domain is written").isPresent()
                .hasValueSatisfying(account -> assertThat(account.email()).endsWith("@xn--exmple-cua.org"));

        var accepted = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "What happened.",
                "anonymous", false, "reporter", Map.of("name", "Rita", "email", "Rita@Bücher.example")));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);

        // GreenMail files each message under the address of its RCPT TO: the envelope, not only the header.
        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.getReceivedMessagesForDomain("xn--bcher-kva.example").length == 1
                && SMTP.getReceivedMessagesForDomain("xn--exmple-cua.org").length == 1);
        assertThat(recipients(SMTP.getReceivedMessagesForDomain("xn--bcher-kva.example")[0])).isEqualTo("Rita@xn--bcher-kva.example");
        assertThat(recipients(SMTP.getReceivedMessagesForDomain("xn--exmple-cua.org")[0]))
                .isEqualTo(moderator.replace("exämple.org", "xn--exmple-cua.org"));
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).map(InternationalAddressesTest::recipients))
                .as("nothing went to an altered address").allMatch(to -> to.chars().allMatch(c -> c < 0x80));
    }

    @Test
    void aMailboxNameOutsideAsciiIsRefusedWhereverItIsTypedAndNeverSentAltered() throws Exception {
        int reports = jdbc.sql("SELECT COUNT(*) FROM report").query(Integer.class).single();
        var reporter = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "What happened.",
                "anonymous", false, "reporter", Map.of("name", "Alice", "email", CYRILLIC)));
        assertProblem(reporter, "reporter.email");
        var handle = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "What happened.",
                "anonymous", true, "reported", Map.of("handles", List.of("email:" + CYRILLIC))));
        assertProblem(handle, "reported.handles");

        Http browser = http();
        var form = browser.postForm("/report", Map.of("_csrf", Http.csrf(browser.get("/report").body()), "category", "harassment",
                "description", "What happened.", "anonymous", "no", "reporterName", "Alice", "reporterEmail", CYRILLIC));
        assertThat(form.body()).contains("id=\"error-reporterEmail\"").contains("not a plain Latin letter")
                .containsPattern("id=\"reporterEmail\"[^>]*aria-invalid=\"true\"");
        var german = browser.postForm("/report", Map.of("_csrf", Http.csrf(browser.get("/report").body()), "category", "harassment",
                "description", "Was geschah.", "anonymous", "no", "reporterEmail", CYRILLIC), "Accept-Language", "de");
        assertThat(german.body()).contains("kein einfacher lateinischer Buchstabe");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report").query(Integer.class).single()).as("nothing stored").isEqualTo(reports);

        var account = http().postJson("/api/v1/accounts", Map.of("email", CYRILLIC, "name", "Alice", "role", "moderator"),
                Http.bearer(tokenFor("admin")));
        assertProblem(account, "email");
        StaffSession admin = signIn("admin", "Admin");
        var page = admin.post("/staff/accounts", "/staff/accounts", "email", CYRILLIC, "name", "Alice", "role", "moderator");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("not a plain Latin letter").containsPattern("id=\"email\"[^>]*aria-invalid=\"true\"");

        // An address kept before this rule (written straight into the table) is skipped, not cut to "0lice".
        assertThat(mailer.send(List.of(CYRILLIC), "Subject", "Text")).isFalse();
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).map(InternationalAddressesTest::recipients))
                .noneMatch(to -> to.contains("lice@example.org"));
    }

    @Test
    void aLetterGoesToTheAsciiFormOfItsAddressAndTheReportersAddressIsRecognisedHoweverItIsWritten() throws Exception {
        jdbc.sql("UPDATE account SET disabled_at = 1").update(); // only this test's staff are told, and no mail outlives the test
        String email = unique("letters") + "@example.org";
        accounts.add(email, "Letter Writer", "moderator");
        String moderator = tokens.createForAccount(email, null, "letters").token();
        var report = CaseFixtures.report(intake, "What happened.", List.of("github:" + unique("subject")), "jo@bücher.example");
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        assertThat(intake.content(report.reportId()).reporterEmail()).isEqualTo("jo@xn--bcher-kva.example");
        assertThat(shield.namesReporter(caseId, "Thanks to jo@bücher.example for telling us.")).isTrue();
        assertThat(shield.namesReporter(caseId, "Thanks to jo@xn--bcher-kva.example for telling us.")).isTrue();

        var refused = http().postJson("/api/v1/cases/" + caseId + "/letters", Map.of("recipient", "subject", "address", CYRILLIC,
                "subject", "About a report", "body", "We would like to hear your side."), Http.bearer(moderator));
        assertProblem(refused, "address");
        var sent = http().postJson("/api/v1/cases/" + caseId + "/letters", Map.of("recipient", "subject", "address", "sam@bücher.example",
                "subject", "About a report", "body", "We would like to hear your side."), Http.bearer(moderator));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(SMTP.getReceivedMessagesForDomain("xn--bcher-kva.example"))
                .anyMatch(message -> recipients(message).equals("sam@xn--bcher-kva.example")));
        for (String notified : List.of(email, "jo@xn--bcher-kva.example")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(SMTP.getReceivedMessages())
                    .anyMatch(message -> recipients(message).equals(notified)));
        }
    }

    private static void assertProblem(Http.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(response.json().get("detail").asString()).contains(CYRILLIC).contains("not a plain Latin letter");
    }

    private static String recipients(MimeMessage message) {
        try {
            return GreenMailUtil.getAddressList(message.getAllRecipients());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
