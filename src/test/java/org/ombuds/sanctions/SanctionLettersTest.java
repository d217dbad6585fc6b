package org.ombuds.sanctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.CaseDetail;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.platform.InvalidInputException;
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
 * The letters to sanctioned people, through a real SMTP server (GreenMail) and the event publication registry:
 * what each action's letter says, that it never names who reported, that it is sealed on the case, that a letter
 * the mail server refused is delivered later exactly once, and that an admin's own wording replaces the default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
class SanctionLettersTest {
    private static final int SMTP_PORT = Ports.free(); // not a fixed port: another build may run beside this one
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private GreenMail smtp;
    private ConfigurableApplicationContext context;
    private Decisions decisions;
    private Cases cases;
    private ReadingCases reading;
    private org.ombuds.cases.ConfirmingParties parties;
    private JdbcClient jdbc;
    private Intake intake;
    private final List<Viewer> committee = new ArrayList<>();
    private int subjects;

    @BeforeAll
    void start() throws Exception {
        smtp = startSmtp();
        Path data = Files.createTempDirectory("ombuds-letters");
        Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(), data));
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", SMTP_PORT);
        properties.put("spring.mail.properties.mail.smtp.starttls.enable", false);
        properties.put("ombuds.mail.from", "committee@example.org");
        properties.put("ombuds.committee.email", "conduct@example.org");
        properties.put("ombuds.base-url", "https://conduct.example.org");
        properties.put("ombuds.scheduler.polling-interval", "1s");
        properties.put("ombuds.events.redelivery-interval", "1s");
        properties.put("ombuds.decisions.expiry-interval", "1s");
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock))
                .run(TestDatabases.arguments(properties));
        decisions = context.getBean(Decisions.class);
        cases = context.getBean(Cases.class);
        reading = context.getBean(ReadingCases.class);
        parties = context.getBean(org.ombuds.cases.ConfirmingParties.class);
        jdbc = context.getBean(JdbcClient.class);
        intake = context.getBean(Intake.class);
        Accounts accounts = context.getBean(Accounts.class);
        // An admin's own wording for one text (saved as on /staff/letters); everything else keeps the default.
        String admin = accounts.add("letters-admin@example.org", "Letters Admin", "admin").id();
        context.getBean(LetterTexts.class).save(admin, "letter.signature", "With regards, the {0} conduct committee (CoC team)");
        for (int i = 1; i <= 3; i++) {
            committee.add(cases.viewer(accounts.add("letters-mod" + i + "@example.org", "Moderator " + i, "moderator").id()));
        }
        context.getBean(Spaces.class).add("chat", "chat", null, "Community chat");
        context.getBean(Spaces.class).add("forum", "forum", null, "Discussion forum");
    }

    @AfterAll
    void stop() {
        if (context != null) context.close();
        smtp.stop();
    }

    private static GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        return server;
    }

    /** A case about a new person with an email address, reported by a named reporter. */
    private String reportedCase(String subjectEmail) {
        List<String> handles = List.of("email:" + subjectEmail, "github:" + subjectEmail.split("@")[0]);
        var report = CaseFixtures.report(intake, "What happened.", handles, "reporter-" + (++subjects) + "@example.org");
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        CaseFixtures.confirmSubject(parties, committee.get(0), caseId, handles.toArray(String[]::new));
        return caseId;
    }

    private Decision decide(String caseId, Decisions.Proposal proposal) {
        Decision decision = decisions.propose(committee.get(0), caseId, proposal);
        for (int i = 1; i < committee.size() && decision.status().equals("awaiting-approval"); i++) {
            decision = decisions.vote(committee.get(i), decision.id(), "approve", null);
        }
        assertThat(decision.status()).isEqualTo("in-effect");
        return decision;
    }

    private static Decisions.Proposal proposal(String action, String duration, String toSubject, String conditions, List<String> spaces) {
        return new Decisions.Proposal(action, List.of("harassment"), "Insults in the chat after a correction.", null, duration, spaces,
                false, null, List.of(), conditions, null, toSubject);
    }

    private MimeMessage letterTo(String address, String subjectStart) {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(address, subjectStart) != null);
        return find(address, subjectStart);
    }

    private MimeMessage find(String address, String subjectStart) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> recipients(message).equals(address))
                .filter(message -> subject(message).startsWith(subjectStart)).findFirst().orElse(null);
    }

    private long countTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> recipients(message).equals(address)).count();
    }

    private static String recipients(MimeMessage message) {
        try {
            return GreenMailUtil.getAddressList(message.getAllRecipients());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<CaseDetail.Letter> lettersOn(String caseId) {
        return reading.detail(committee.get(0), caseId).letters();
    }

    @Test
    void aTemporaryBanLetterStatesTheSpacesTheEndAndHowToAppealAndNeverTheReporter() {
        String caseId = reportedCase("sam@example.net");
        Decision decision = decide(caseId, proposal("temporary-ban", "P14D", "Calling people names in #general is not acceptable.",
                "A written acknowledgement of the Code.", List.of("chat")));
        String body = text(letterTo("sam@example.net", "Temporary suspension from"));

        assertThat(body).contains("suspend you temporarily", "Harassment", "Community chat", "Calling people names in #general",
                "A written acknowledgement of the Code.", DATE.format(decision.inEffectAt().plus(Duration.ofDays(14))),
                "appeal until " + DATE.format(decision.inEffectAt().plus(Duration.ofDays(20))), "https://conduct.example.org/appeals",
                cases.codeName(caseId), "conduct@example.org", "https://conduct.example.org/coc", "(CoC team)");
        assertThat(body).doesNotContain("Discussion forum", "reporter-", "A Reporter", "Insults in the chat");
        // The mail can arrive before the letter's record on the case commits, as the other tests here allow for.
        await().atMost(Duration.ofSeconds(30)).until(() -> !lettersOn(caseId).isEmpty());
        List<CaseDetail.Letter> letters = lettersOn(caseId);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.recipientRole()).isEqualTo("subject");
            assertThat(letter.address()).isEqualTo("sam@example.net");
            assertThat(letter.delivery()).isEqualTo("sent");
            assertThat(letter.body()).contains("Community chat");
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_letter WHERE case_id = ? AND (sealed_body LIKE '%chat%' OR sealed_address LIKE '%sam%')")
                .param(caseId).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT status FROM event_publication WHERE event_type LIKE '%SanctionDecided' AND serialized_event LIKE ?")
                .param("%" + jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(decision.id()).query(String.class).single() + "%")
                .query(String.class).list()).containsExactly("COMPLETED");
    }

    @Test
    void eachActionHasItsOwnLetter() {
        Map<String, List<String>> expected = Map.of(
                "correction", List.of("A private note from", "as a correction", "keep to the Code of Conduct from now on"),
                "written-warning", List.of("Written warning from", "formal written warning", "If the behaviour is repeated"),
                "permanent-ban", List.of("Permanent exclusion from", "exclude you permanently", "It has no end date", "Community chat, Discussion forum",
                        "Please do not take part in the community's spaces"));
        expected.forEach((action, phrases) -> {
            String address = action + "@example.net";
            decide(reportedCase(address), proposal(action, null, null, null, List.of()));
            MimeMessage letter = letterTo(address, phrases.get(0));
            assertThat(text(letter)).as(action).contains(phrases.subList(1, phrases.size())).contains("appeal until");
        });
    }

    @Test
    void textForTheSanctionedPersonMayNotNameTheReporter() {
        String caseId = reportedCase("nora@example.net");
        String reporter = "reporter-" + subjects + "@example.org";
        assertThatThrownBy(() -> decisions.propose(committee.get(0), caseId,
                proposal("correction", null, "As " + reporter + " told us, you were rude.", null, List.of())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must not reveal")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("toSubject"));
        assertThatThrownBy(() -> decisions.propose(committee.get(0), caseId,
                proposal("correction", null, null, "Apologise to A Reporter.", List.of())))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("conditions"));
        assertThat(decisions.ofCase(committee.get(0), caseId)).isEmpty();
        // Only whole words count: the reporter's address inside a longer word is something else.
        assertThat(decisions.propose(committee.get(0), caseId, proposal("correction", null,
                "Write to x" + reporter + " for help, and mind A Reporters' guide.", null, List.of())).status()).isEqualTo("in-effect");
    }

    @Test
    void withoutAnAddressTheLetterIsKeptForTheCommitteeToHandOver() {
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, committee.get(0), "github:no-address-" + (++subjects));
        decide(caseId, proposal("written-warning", null, null, null, List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !lettersOn(caseId).isEmpty());
        assertThat(lettersOn(caseId)).singleElement().satisfies(letter -> {
            assertThat(letter.delivery()).isEqualTo("no-address");
            assertThat(letter.body()).contains("formal written warning");
        });
        assertThat(reading.detail(committee.get(0), caseId).timeline()).anySatisfy(event -> {
            assertThat(event.kind()).isEqualTo("letter-not-sent");
            assertThat(event.detail()).isEqualTo("no-address");
        });
    }

    @Test
    void aLetterTheMailServerRefusedIsDeliveredLaterExactlyOnce() {
        String caseId = reportedCase("rita@example.net");
        smtp.stop();
        try {
            decide(caseId, proposal("correction", null, "Please mind the tone in reviews.", null, List.of()));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE status = 'FAILED'")
                    .query(Integer.class).single() > 0);
            assertThat(lettersOn(caseId)).isEmpty();
        } finally {
            smtp = startSmtp();
        }
        clock.advance(Duration.ofMinutes(2));
        MimeMessage letter = letterTo("rita@example.net", "A private note from");
        assertThat(text(letter)).contains("Please mind the tone in reviews.");
        await().atMost(Duration.ofSeconds(30)).until(() -> !lettersOn(caseId).isEmpty());
        assertThat(lettersOn(caseId)).singleElement().satisfies(recorded -> assertThat(recorded.delivery()).isEqualTo("sent"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL").query(Integer.class).single()).isZero();
        assertThat(countTo("rita@example.net")).isEqualTo(1);
    }

    @Test
    void theEventIsStoredWithTheDecisionAndGoesWhenTheDecisionIsRolledBack() {
        String caseId = reportedCase("ivo@example.net");
        var transactions = new org.springframework.transaction.support.TransactionTemplate(
                context.getBean(org.springframework.transaction.PlatformTransactionManager.class));
        // Counted by the sanction's id, not the whole table: this server's jobs run every second meanwhile (a ban of
        // another test that the moved clock ended publishes its SanctionEnded; redelivery purges old publications).
        String sanctionId = transactions.execute(status -> {
            decide(caseId, proposal("correction", null, null, null, List.of()));
            String id = jdbc.sql("SELECT id FROM sanction WHERE case_id = ?").param(caseId).query(String.class).single();
            assertThat(publicationsOf(id)).isPositive();
            status.setRollbackOnly();
            return id;
        });
        assertThat(publicationsOf(sanctionId)).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sanction WHERE case_id = ?").param(caseId).query(Integer.class).single()).isZero();
        assertThat(lettersOn(caseId)).isEmpty();
        assertThat(find("ivo@example.net", "")).isNull();
    }

    private int publicationsOf(String sanctionId) {
        return jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE event_type LIKE '%SanctionDecided' AND serialized_event LIKE ?")
                .param("%" + sanctionId + "%").query(Integer.class).single();
    }

    @Test
    void anInterimBanSaysSoAndItsLapseIsAnnounced() {
        String caseId = reportedCase("lena@example.net");
        Decision interim = decisions.propose(committee.get(0), caseId, new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Threats during the live event.", null, "P7D", List.of(), true, null));
        assertThat(interim.status()).isEqualTo("in-effect");
        assertThat(text(letterTo("lena@example.net", "Temporary suspension from"))).contains("This is an interim measure");
        clock.advance(Duration.ofHours(25));
        String body = text(letterTo("lena@example.net", "Your suspension from"));
        assertThat(body).contains("was not confirmed in time", "no longer applies");
    }

    @Test
    void theEndOfATemporaryBanIsAnnounced() {
        String caseId = reportedCase("omar@example.net");
        decide(caseId, proposal("temporary-ban", "P3D", null, "A written acknowledgement of the Code.", List.of()));
        letterTo("omar@example.net", "Temporary suspension from");
        clock.advance(Duration.ofDays(3).plusMinutes(1));
        String body = text(letterTo("omar@example.net", "Your suspension from"));
        assertThat(body).contains("ended on", "welcome to take part", "A written acknowledgement of the Code.");
        await().atMost(Duration.ofSeconds(30)).until(() -> lettersOn(caseId).size() == 2);
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
