package org.ombuds.appeals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.audit.AuditEntry;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseNotes;
import org.ombuds.cases.Cases;
import org.ombuds.cases.HandlingCases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.intake.Intake;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.MovableClock;
import org.ombuds.support.Ports;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Appeals end to end below the web layer, on a fresh database, a real SMTP server (GreenMail) and a clock the test
 * moves: the appeal link in the letter, the window, the independent reviewer (assigned automatically, or waiting
 * visibly when nobody may review), the reviewer's audited reads of the case, questions and answers through the
 * appeal, and the three outcomes: upheld (and reopened by an admin), modified (a shorter ban), overturned (the
 * sanction lifted everywhere).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
class AppealsTest {
    private static final int SMTP_PORT = Ports.free(); // not a fixed port: another build may run beside this one
    private static final Pattern LINK = Pattern.compile("/appeal/(oap_[A-Za-z0-9_-]+)");
    private static final String CLIENT = "192.0.2.1";
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private GreenMail smtp;
    private ConfigurableApplicationContext context;
    private Appeals appeals;
    private Decisions decisions;
    private Cases cases;
    private ReadingCases reading;
    private CaseNotes notes;
    private HandlingCases handling;
    private org.ombuds.cases.Recusals recusals;
    private org.ombuds.cases.ConfirmingParties parties;
    private JdbcClient jdbc;
    private Intake intake;
    private Accounts accounts;
    private Account chair;
    private Viewer proposer;
    private Viewer approver;
    private Account reviewer;
    private Account bystander;
    private int subjects;

    @BeforeAll
    void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(),
                Files.createTempDirectory("ombuds-appeals")));
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", SMTP_PORT);
        properties.put("spring.mail.properties.mail.smtp.starttls.enable", false);
        properties.put("ombuds.base-url", "https://conduct.example.org");
        properties.put("ombuds.decisions.quorum.temporary-ban", "2");
        properties.put("ombuds.scheduler.polling-interval", "1s");
        properties.put("ombuds.decisions.expiry-interval", "1s");
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock))
                .run(TestDatabases.arguments(properties));
        appeals = context.getBean(Appeals.class);
        decisions = context.getBean(Decisions.class);
        cases = context.getBean(Cases.class);
        reading = context.getBean(ReadingCases.class);
        notes = context.getBean(CaseNotes.class);
        handling = context.getBean(HandlingCases.class);
        recusals = context.getBean(org.ombuds.cases.Recusals.class);
        parties = context.getBean(org.ombuds.cases.ConfirmingParties.class);
        jdbc = context.getBean(JdbcClient.class);
        intake = context.getBean(Intake.class);
        accounts = context.getBean(Accounts.class);
        chair = accounts.add("chair@example.org", "Chair", "admin");
        proposer = cases.viewer(accounts.add("mod1@example.org", "Moderator One", "moderator").id());
        approver = cases.viewer(accounts.add("mod2@example.org", "Moderator Two", "moderator").id());
        bystander = accounts.add("mod3@example.org", "Moderator Three", "moderator");
        reviewer = accounts.add("reviewer@example.org", "Rev Iewer", "appeal-reviewer");
    }

    @AfterAll
    void stop() {
        if (context != null) context.close();
        smtp.stop();
    }

    /** A case about a person with an email address, a 30-day ban in effect, and the appeal link from their letter. */
    private Banned banned() {
        String address = "person" + (++subjects) + "@example.net";
        var report = CaseFixtures.report(intake, "What happened.", List.of("email:" + address), "reporter" + subjects + "@example.org");
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        CaseFixtures.confirmSubject(parties, proposer, caseId, "email:" + address);
        Decision decision = decisions.propose(proposer, caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Repeated insults.", null, "P30D", List.of(), false, null));
        decision = decisions.vote(approver, decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        Matcher link = LINK.matcher(text(mailTo(address, "Temporary suspension")));
        assertThat(link.find()).as("the letter carries a personal appeal link").isTrue();
        // The letter is mailed before its link's record commits: wait for the record, as the person cannot be faster.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM sanction_appeal_link WHERE token_hash = ?")
                .param(org.ombuds.accounts.SecretTokens.hash(link.group(1))).query(Integer.class).single() == 1);
        return new Banned(caseId, decision.id(), address, link.group(1));
    }

    private record Banned(String caseId, String decisionId, String address, String token) {
    }

    private MimeMessage mailTo(String address, String subjectStart) {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(address, subjectStart) != null);
        return find(address, subjectStart);
    }

    private MimeMessage find(String address, String subjectStart) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return GreenMailUtil.getAddressList(message.getAllRecipients()).contains(address) && message.getSubject().startsWith(subjectStart);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElse(null);
    }

    private String sanctionStatus(String decisionId) {
        return jdbc.sql("SELECT status FROM sanction WHERE decision_id = ?").param(decisionId).query(String.class).single();
    }

    private AppealSummary summaryOf(String appealId) {
        return appeals.detail(chair.id(), appealId).summary();
    }

    @Test
    void theSanctionedPersonAppealsAndAnIndependentReviewerOverturnsTheBan() {
        Banned banned = banned();
        AppellantView before = appeals.view(banned.token(), CLIENT);
        assertThat(before.mayFile()).isTrue();
        assertThat(before.letter()).contains("suspend you temporarily").doesNotContain("reporter" + subjects)
                .as("the case keeps the sent letter without a usable link").doesNotContain(banned.token())
                .contains(banned.token().substring(0, 8) + "…(personal link, sent to the person only)");
        assertThat(before.appealUntil()).isAfter(clock.instant().plus(Duration.ofDays(19)));

        String appealId = appeals.file(banned.token(), CLIENT, "I was quoting someone else.", "https://example.net/thread/1");
        AppealSummary assigned = summaryOf(appealId);
        assertThat(assigned.status()).isEqualTo("in-review");
        // Whoever the other tests left with the fewest open appeals, it is an appeal reviewer who took no part.
        Account reviewer = accounts.require(assigned.reviewerId());
        assertThat(reviewer.role().id()).as("an appeal reviewer goes first").isEqualTo("appeal-reviewer");
        mailTo(reviewer.email(), "[Ombuds] An appeal for you to review");

        // The reviewer reads the case for the appeal; every read is audited under their name.
        Viewer asReviewer = cases.viewer(reviewer.id());
        signedIn(reviewer);
        try {
            assertThat(reading.detail(asReviewer, banned.caseId()).reports()).hasSize(1);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        List<AuditEntry> reads = context.getBean(AuditLog.class).entries(new AuditLog.Query(banned.caseId(), reviewer.id(), null, 500),
                entry -> true, false);
        assertThat(reads).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo(reviewer.id());
            assertThat(entry.action()).isEqualTo("read");
        });
        assertThatThrownBy(() -> notes.addNote(asReviewer, banned.caseId(), "a note")).as("read-only")
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);

        appeals.ask(reviewer.id(), appealId, "Whom were you quoting?");
        assertThat(text(mailTo(banned.address(), "A question about your appeal"))).contains("Whom were you quoting?");
        clock.advance(Duration.ofMinutes(30));
        appeals.reply(banned.token(), CLIENT, "A line from a film.");
        assertThat(appeals.view(banned.token(), CLIENT).appeal().messages()).extracting(Message::author)
                .containsExactly("reviewer", "appellant");

        appeals.decide(reviewer.id(), appealId, new Appeals.Outcome("overturned", "The words were a quotation, not an insult.", null, null,
                null, "The decision was reviewed on appeal and overturned."));
        assertThat(jdbc.sql("SELECT status FROM decision WHERE id = ?").param(banned.decisionId()).query(String.class).single())
                .isEqualTo("overturned");
        assertThat(sanctionStatus(banned.decisionId())).isEqualTo("overturned");
        assertThat(text(mailTo(banned.address(), "A measure of"))).contains("overturned");
        assertThat(text(mailTo(banned.address(), "Your appeal was decided"))).contains("overturned")
                .contains("The words were a quotation");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE event_type LIKE '%SanctionLifted' AND serialized_event LIKE '%overturned%'")
                .query(Integer.class).single()).isEqualTo(1);
        AppellantView after = appeals.view(banned.token(), CLIENT);
        assertThat(after.appeal().outcome()).isEqualTo("overturned");
        assertThat(after.appeal().reasoning()).isEqualTo("The words were a quotation, not an insult.");
        assertThat(after.decisionStatus()).isEqualTo("overturned");
        assertThatThrownBy(() -> reading.detail(asReviewer, banned.caseId())).as("access ends with the appeal")
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aModifiedDecisionShortensTheBanFromItsStartAndIsFinal() {
        Banned banned = banned();
        Instant start = Instant.ofEpochMilli(jdbc.sql("SELECT starts_at FROM sanction WHERE decision_id = ?").param(banned.decisionId())
                .query(Long.class).single());
        String appealId = appeals.file(banned.token(), CLIENT, "Thirty days is out of proportion.", null);
        String handler = summaryOf(appealId).reviewerId();
        assertThatThrownBy(() -> appeals.decide(handler, appealId, new Appeals.Outcome("modified", "Seven days is enough.", "temporary-ban",
                null, null, null))).isInstanceOf(InvalidInputException.class).hasMessageContaining("needs an end");
        appeals.decide(handler, appealId, new Appeals.Outcome("modified", "Seven days is enough.", "temporary-ban", null, "P7D", null));

        String newDecision = appeals.detail(chair.id(), appealId).newDecisionId();
        assertThat(jdbc.sql("SELECT status FROM decision WHERE id = ?").param(banned.decisionId()).query(String.class).single())
                .isEqualTo("superseded");
        assertThat(sanctionStatus(banned.decisionId())).isEqualTo("lifted");
        assertThat(sanctionStatus(newDecision)).isEqualTo("in-effect");
        assertThat(jdbc.sql("SELECT ends_at FROM sanction WHERE decision_id = ?").param(newDecision).query(Long.class).single())
                .isEqualTo(start.plus(Duration.ofDays(7)).toEpochMilli());
        String newLetter = text(await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> recipientIs(m, banned.address()) && text(m).contains("made on appeal")).findFirst().orElse(null),
                m -> m != null));
        assertThat(LINK.matcher(newLetter).find()).as("a decision made on appeal is final: no new link").isFalse();
    }

    @Test
    void theLinkWorksForTwentyDaysOnly() {
        Banned banned = banned();
        clock.advance(Duration.ofDays(20).plusMinutes(1));
        assertThat(appeals.view(banned.token(), CLIENT).mayFile()).isFalse();
        assertThatThrownBy(() -> appeals.file(banned.token(), CLIENT, "Too late?", null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("the time to appeal has passed");
        assertThatThrownBy(() -> appeals.view("oap_" + "x".repeat(43), CLIENT)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void oneAppealPerDecisionUntilAnAdminReopensAnUpheldOne() {
        Banned banned = banned();
        String appealId = appeals.file(banned.token(), CLIENT, "Please look again.", null);
        assertThatThrownBy(() -> appeals.file(banned.token(), CLIENT, "Again.", null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("filed already");
        String first = summaryOf(appealId).reviewerId();
        assertThatThrownBy(() -> appeals.decide(first, appealId, new Appeals.Outcome("upheld",
                "As reporter" + subjects + "@example.org said, the insults were real.", null, null, null, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names someone who reported");
        appeals.decide(first, appealId, new Appeals.Outcome("upheld", "The insults are documented.", null, null, null, null));
        assertThat(sanctionStatus(banned.decisionId())).isEqualTo("in-effect");
        assertThatThrownBy(() -> appeals.reopen(proposer.accountId(), appealId))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);

        appeals.reopen(chair.id(), appealId);
        AppealSummary reopened = summaryOf(appealId);
        assertThat(reopened.status()).isEqualTo("in-review");
        assertThat(reopened.reviewerId()).as("another reviewer").isNotEqualTo(first).isNotNull();
        assertThat(List.of(proposer.accountId(), approver.accountId())).doesNotContain(reopened.reviewerId());
    }

    @Test
    void whenNobodyMayReviewTheAppealWaitsAndTheAdminsAreTold() {
        Banned banned = banned();
        Viewer admin = cases.viewer(chair.id());
        for (Account involved : List.of(chair, bystander, reviewer)) handling.assign(admin, banned.caseId(), involved.email(), false);
        // Staff the other tests added would be eligible: only the five involved here stay active.
        jdbc.sql("UPDATE account SET disabled_at = ? WHERE disabled_at IS NULL AND id NOT IN (?, ?, ?, ?, ?)")
                .params(clock.millis(), chair.id(), proposer.accountId(), approver.accountId(), bystander.id(), reviewer.id()).update();
        String appealId = appeals.file(banned.token(), CLIENT, "Please review.", null);
        AppealDetail waiting = appeals.detail(chair.id(), appealId);
        assertThat(waiting.summary().status()).isEqualTo("awaiting-reviewer");
        assertThat(waiting.eligibleReviewers()).isEmpty();
        assertThat(text(mailTo("chair@example.org", "[Ombuds] An appeal waits for a reviewer"))).contains("/staff/appeals/" + appealId);

        assertThatThrownBy(() -> appeals.assign(chair.id(), appealId, "mod1@example.org")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("took part in deciding");
        Account fresh = accounts.add("fresh-reviewer" + subjects + "@example.org", "Fresh Reviewer", "appeal-reviewer");
        appeals.assign(chair.id(), appealId, fresh.email());
        assertThat(summaryOf(appealId).status()).isEqualTo("in-review");
        assertThat(summaryOf(appealId).reviewerId()).isEqualTo(fresh.id());
        assertThatThrownBy(() -> appeals.detail(bystander.id(), appealId)).isInstanceOf(NotFoundException.class);
    }

    /** As if this staff member made the next calls through the web (the audit log names who is signed in). */
    private static void signedIn(Account account) {
        var user = new org.ombuds.accounts.StaffUser(account.id(), account.email(), account.name(), account.role(), null);
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(
                org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
    }

    @Test
    void anAdminRecusedFromTheCaseCannotReachItsAppeal() {
        Banned banned = banned();
        String appealId = appeals.file(banned.token(), CLIENT, "Please review.", null);
        Account recused = accounts.add("recused-admin" + subjects + "@example.org", "Recused Admin", "admin");
        recusals.recuse(cases.viewer(chair.id()), banned.caseId(), recused.email(), "a friend of the reported person");
        assertThatThrownBy(() -> appeals.detail(recused.id(), appealId)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> appeals.assign(recused.id(), appealId, "reviewer@example.org")).isInstanceOf(NotFoundException.class);
        assertThat(appeals.list(recused.id())).extracting(AppealSummary::id).doesNotContain(appealId);
        assertThat(appeals.list(chair.id())).extracting(AppealSummary::id).contains(appealId);
        assertThat(appeals.recipients(appealId).adminEmails()).contains("chair@example.org").doesNotContain(recused.email());
    }

    private static boolean recipientIs(MimeMessage message, String address) {
        try {
            return GreenMailUtil.getAddressList(message.getAllRecipients()).contains(address);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message's text as the person reads it (decoded: long lines may be sent quoted-printable). */
    private static String text(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
