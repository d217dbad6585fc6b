package org.ombuds.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseNotes;
import org.ombuds.cases.CaseRetention;
import org.ombuds.cases.Cases;
import org.ombuds.cases.HandlingCases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.platform.ConflictException;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.MovableClock;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Retention, legal hold and data-subject requests on a fresh database and a clock the test moves: an expired case
 * loses its content and its keys but keeps what transparency counts; a held case and one with a sanction in effect
 * stay; the export of a person holds their data across handles and nobody else's identity; erasure keeps the audit
 * chain intact and is refused under legal hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
class RetentionTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private ConfigurableApplicationContext context;
    private JdbcClient jdbc;
    private Intake intake;
    private Cases cases;
    private ReadingCases reading;
    private CaseNotes notes;
    private HandlingCases handling;
    private org.ombuds.cases.Recusals recusals;
    private org.ombuds.cases.ConfirmingParties parties;
    private CaseRetention caseRetention;
    private RetentionPolicy policy;
    private DataSubjectRequests requests;
    private People people;
    private Viewer admin;
    private Viewer moderator;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("ombuds-retention");
        var settings = new java.util.LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(), data));
        settings.put("ombuds.scheduler.enabled", false);
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock))
                .run(TestDatabases.arguments(settings));
        jdbc = context.getBean(JdbcClient.class);
        intake = context.getBean(Intake.class);
        cases = context.getBean(Cases.class);
        reading = context.getBean(ReadingCases.class);
        notes = context.getBean(CaseNotes.class);
        handling = context.getBean(HandlingCases.class);
        recusals = context.getBean(org.ombuds.cases.Recusals.class);
        parties = context.getBean(org.ombuds.cases.ConfirmingParties.class);
        caseRetention = context.getBean(CaseRetention.class);
        policy = context.getBean(RetentionPolicy.class);
        requests = context.getBean(DataSubjectRequests.class);
        people = context.getBean(People.class);
        Accounts accounts = context.getBean(Accounts.class);
        admin = cases.viewer(accounts.add("chair@example.org", "Chair", "admin").id());
        moderator = cases.viewer(accounts.add("mod@example.org", "Moderator", "moderator").id());
    }

    @AfterAll
    void stop() {
        if (context != null) context.close();
    }

    private final Map<String, String> receipts = new java.util.HashMap<>();

    private String closedCase(String marker, String subject) {
        Intake.Submitted submitted = CaseFixtures.report(intake, marker + " happened.", List.of(subject),
                subject.replace("github:", "") + "-reporter@example.org");
        String caseId = CaseFixtures.caseOf(jdbc, submitted.reportId());
        CaseFixtures.confirmSubject(parties, admin, caseId, subject);
        receipts.put(caseId, submitted.receipt());
        handling.changeStatus(admin, caseId, "closed");
        return caseId;
    }

    private String reportOf(String caseId) {
        return jdbc.sql("SELECT report_id FROM case_report WHERE case_id = ?").param(caseId).query(String.class).single();
    }

    private String keyOfReport(String reportId) {
        return jdbc.sql("SELECT data_key_id FROM report WHERE id = ?").param(reportId).query(String.class).single();
    }

    private boolean keyDestroyed(String keyId) {
        return jdbc.sql("SELECT COUNT(*) FROM data_key WHERE id = ? AND wrapped IS NULL AND destroyed_at IS NOT NULL").param(keyId)
                .query(Integer.class).single() == 1;
    }

    private boolean purged(String caseId) {
        return caseRetention.purgedAt(caseId).isPresent();
    }

    private int auditEntries(String action, String caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = ? AND case_id = ?").params(action, caseId).query(Integer.class).single();
    }

    @Test
    void anExpiredCaseIsPurgedWithItsKeysWhileHeldAndSanctionedCasesStay() {
        String expired = closedCase("RetentionMarker-expired", "github:ret-expired");
        String held = closedCase("RetentionMarker-held", "github:ret-held");
        caseRetention.hold(admin, held, "Pending legal claim");
        String sanctioned = CaseFixtures.caseAbout(intake, jdbc, parties, admin, "github:ret-sanctioned");
        context.getBean(Decisions.class).propose(admin, sanctioned, new Decisions.Proposal("correction", List.of("harassment"),
                "A correction that stays on record.", null, null, List.of(), false, null));
        String recent = CaseFixtures.caseAbout(intake, jdbc, parties, admin, "github:ret-recent");

        String report = reportOf(expired);
        String reportKey = keyOfReport(report);
        String sealed = jdbc.sql("SELECT sealed_content FROM report WHERE id = ?").param(report).query(String.class).single();
        String caseKey = jdbc.sql("SELECT data_key_id FROM case_file WHERE id = ?").param(expired).query(String.class).single();
        notes.addNote(admin, expired, "A note that must go");
        intake.reply(receipts.get(expired), "A message that must go", "retention-test");
        assertThat(intake.follow(receipts.get(expired), "retention-test").purgedAt()).isNull();
        assertThat(intake.content(report).description()).contains("RetentionMarker-expired");

        clock.advance(Duration.ofDays(365));
        assertThat(policy.purgeExpired()).as("a year is within the two years").isZero();
        handling.changeStatus(admin, recent, "closed");
        clock.advance(Duration.ofDays(368)); // two years and a few days (2028 is a leap year)
        assertThat(policy.purgeExpired()).isPositive();

        assertThat(purged(expired)).isTrue();
        assertThat(keyDestroyed(reportKey)).isTrue();
        assertThat(keyDestroyed(caseKey)).isTrue();
        assertThatThrownBy(() -> context.getBean(DataKeys.class).open(reportKey, sealed, "report.sealed_content:" + report))
                .hasMessageContaining("destroyed");
        assertThat(intake.content(report).description()).isNull();
        // The receipt still answers, saying what happened; the conversation is gone and closed.
        var receiptView = intake.follow(receipts.get(expired), "retention-test");
        assertThat(receiptView.purgedAt()).isEqualTo(clock.instant());
        assertThat(receiptView.messages()).isEmpty();
        assertThatThrownBy(() -> intake.reply(receipts.get(expired), "Anyone there?", "retention-test"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("retention policy");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_message WHERE report_id = ?").param(report).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_note WHERE case_id = ?").param(expired).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_party WHERE case_id = ?").param(expired).query(Integer.class).single()).isZero();
        // What transparency counts is still there.
        Intake.ReportFacts facts = intake.facts(report);
        assertThat(facts.category()).isEqualTo("harassment");
        assertThat(facts.receivedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(jdbc.sql("SELECT status FROM case_file WHERE id = ?").param(expired).query(String.class).single()).isEqualTo("closed");
        // The subject only this case named is forgotten.
        assertThat(people.ownerOf(IdentityHandle.parse("github:ret-expired")).isPresent()).isFalse();
        assertThat(auditEntries("purge", expired)).isEqualTo(1);
        assertThat(reading.detail(admin, expired).retention().purgedAt()).isNotNull();
        assertThat(reading.detail(admin, expired).reports()).isEmpty();

        assertThat(purged(held)).isFalse();
        assertThat(purged(sanctioned)).isFalse();
        assertThat(purged(recent)).as("closed a year later: its two years run from then").isFalse();
        assertThat(intake.content(reportOf(held)).description()).contains("RetentionMarker-held");
        assertThatThrownBy(() -> policy.purge(held)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> policy.purge(sanctioned)).isInstanceOf(ConflictException.class);

        caseRetention.release(admin, held, "The claim was settled");
        assertThat(policy.purgeExpired()).isPositive();
        assertThat(purged(held)).isTrue();
        assertThat(auditEntries("hold", held)).isEqualTo(1);
        assertThat(auditEntries("release-hold", held)).isEqualTo(1);
        assertThat(context.getBean(AuditLog.class).verify().intact()).isTrue();
    }

    @Test
    void onlyAdminsSetALegalHoldAndTheReasonIsRequired() {
        String caseId = closedCase("RetentionMarker-hold-rules", "github:ret-hold-rules");
        assertThatThrownBy(() -> caseRetention.hold(moderator, caseId, "no")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> caseRetention.hold(admin, caseId, " ")).hasMessageContaining("reason");
        caseRetention.hold(admin, caseId, "Regulator asked us to keep it");
        assertThatThrownBy(() -> caseRetention.hold(admin, caseId, "again")).isInstanceOf(ConflictException.class);
        assertThat(reading.detail(admin, caseId).retention().legalHold().reason()).isEqualTo("Regulator asked us to keep it");
        // Another admin may still see the case, so the chair may step aside (the last admin may not).
        context.getBean(org.ombuds.accounts.Accounts.class).add("deputy@example.org", "Deputy", "admin");
        recusals.recuse(admin, caseId, "chair@example.org", "a friend of the reported person");
        assertThatThrownBy(() -> caseRetention.release(admin, caseId, "x")).isInstanceOf(org.ombuds.platform.NotFoundException.class);
    }

    @Test
    void theJobIsARecurringTaskOfTheScheduler() {
        assertThat(context.getBeansOfType(RecurringTask.class).values().stream().map(task -> task.getName()))
                .contains("retention-purge");
    }

    private String report(String description, String reportedName, List<String> reported, String reporterName, String email, boolean witness) {
        return intake.submit(new NewReport("harassment", description, null, null, null, reportedName, reported, null, false, witness,
                reporterName, email, null, false, "api"), List.of(), null).reportId();
    }

    @Test
    void theExportHoldsThePersonsDataAcrossHandlesAndNobodyElsesIdentity() throws Exception {
        // The person: known by a GitHub handle and an address, two records merged into one.
        String github = people.link(List.of(IdentityHandle.parse("github:dsr-person")), CaseFixtures.BY_TEST).id();
        String email = people.link(List.of(IdentityHandle.parse("email:dsr-person@example.org")), CaseFixtures.BY_TEST).id();
        people.merge(github, email, CaseFixtures.BY_TEST);
        // A report about them, from a named reporter, and a witness on the same case.
        String about = report("ExportMarker-about: Rmarker Reporterson saw dsr-person shout; wmarker@example.org too.", "Dee Person",
                List.of("github:dsr-person"), "Rmarker Reporterson", "rmarker@example.org", false);
        String caseId = CaseFixtures.caseOf(jdbc, about);
        CaseFixtures.confirmSubject(parties, admin, caseId, "github:dsr-person");
        String witness = report("ExportMarker-witness: I, Wmarker Witness, confirm.", null, List.of("github:dsr-person"), "Wmarker Witness",
                "wmarker@example.org", true);
        assertThat(CaseFixtures.caseOf(jdbc, witness)).isEqualTo(caseId);
        // A report they filed themselves (by email), about someone else.
        report("ExportMarker-filed: Omarker Other insulted me in chat.", "Omarker Other", List.of("github:omarker"), "Dee Person",
                "dsr-person@example.org", false);

        PersonExport export = requests.export(admin, email);
        String json = context.getBean(JsonMapper.class).writeValueAsString(export);
        assertThat(export.handles()).containsExactlyInAnyOrder("github:dsr-person", "email:dsr-person@example.org");
        assertThat(json).contains("ExportMarker-about", "ExportMarker-filed", "[another reporter]", "[another reported person]");
        assertThat(json.toLowerCase()).doesNotContain("rmarker", "wmarker", "omarker");
        assertThat(export.reportsFiled()).hasSize(1);
        assertThat(export.reportsAbout()).hasSize(2);
        assertThat(export.reportsAbout()).extracting(PersonExport.ReportAbout::reportedBy).contains("[another reporter]", "[a witness]");
        assertThat(export.cases()).extracting(CaseRetention.PartyCase::caseId).contains(caseId);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'export' AND record_type = 'person' AND record_id = ?")
                .param(email).query(Integer.class).single()).isEqualTo(1);
        assertThatThrownBy(() -> requests.export(moderator, email)).isInstanceOf(AccessDeniedException.class);
        assertThat(requests.personByHandle("email:dsr-person@example.org")).isEqualTo(github);
    }

    @Test
    void erasureRemovesWhatTheyFiledAndTheirHandlesAndKeepsTheAuditChain() {
        String person = people.link(List.of(IdentityHandle.parse("email:erase-me@example.org"), IdentityHandle.parse("github:erase-me")), CaseFixtures.BY_TEST).id();
        String filed = report("ErasureMarker: what I saw.", null, List.of("github:erase-other"), "Erin Erase", "erase-me@example.org", false);
        String about = report("Erase Me (github:erase-me) was rude.", "Erase Me", List.of("github:erase-me"), null, null, false);
        assertThat(intake.content(about).reportedName()).isEqualTo("Erase Me");

        DataSubjectRequests.Erasure erasure = requests.erase(admin, person);
        assertThat(erasure.reportsPurged()).isEqualTo(1);
        assertThat(erasure.handlesRemoved()).isEqualTo(2);
        assertThat(intake.content(filed).description()).isNull();
        assertThat(keyDestroyed(keyOfReport(filed))).isTrue();
        assertThat(intake.content(about).reportedName()).isEqualTo(DataSubjectRequests.ERASED);
        assertThat(intake.content(about).reportedHandles()).isEmpty();
        assertThat(people.ownerOf(IdentityHandle.parse("github:erase-me"))).isEmpty();
        assertThat(people.handlesOf(person)).isEmpty();
        assertThat(context.getBean(AuditLog.class).verify().intact()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'erase' AND record_id = ?").param(person)
                .query(Integer.class).single()).isEqualTo(1);
        assertThatThrownBy(() -> requests.erase(moderator, person)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void erasureIsRefusedUnderLegalHoldAndKeepsWhatASanctionInEffectNeeds() {
        String heldCase = CaseFixtures.caseAbout(intake, jdbc, parties, admin, "github:erase-held");
        caseRetention.hold(admin, heldCase, "Court order");
        String held = people.ownerOf(IdentityHandle.parse("github:erase-held")).orElseThrow();
        assertThatThrownBy(() -> requests.erase(admin, held)).isInstanceOf(ConflictException.class).hasMessageContaining("legal hold");
        assertThat(people.handlesOf(held)).isNotEmpty();

        String sanctionedCase = CaseFixtures.caseAbout(intake, jdbc, parties, admin, "github:erase-banned");
        context.getBean(Decisions.class).propose(admin, sanctionedCase, new Decisions.Proposal("correction", List.of("harassment"),
                "On record.", null, null, List.of(), false, null));
        String banned = people.ownerOf(IdentityHandle.parse("github:erase-banned")).orElseThrow();
        DataSubjectRequests.Erasure erasure = requests.erase(admin, banned);
        assertThat(erasure.handlesRemoved()).isZero();
        assertThat(erasure.kept()).anyMatch(reason -> reason.contains("sanction on them is in effect"));
        assertThat(people.handlesOf(banned)).extracting(IdentityHandle::toString).containsExactly("github:erase-banned");
        assertThat(Map.of("intact", context.getBean(AuditLog.class).verify().intact())).containsEntry("intact", true);
    }
}
