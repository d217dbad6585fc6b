package org.ombuds.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.CaseDetail;
import org.ombuds.cases.CaseSummary;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.cli.OmbudsCommandLine;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.Spaces;
import org.ombuds.enforcement.BanIndex;
import org.ombuds.enforcement.Enforcement;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
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

/**
 * {@code import cases FILE}, run in process on a fresh database (SQLite, or PostgreSQL with OMBUDS_TEST_DB=postgresql)
 * and a clock the test moves: a good file becomes closed cases with imported decisions and sanctions that a later
 * case's history and the ladder count; a dry run and a file with any bad row write nothing; a running ban is in the
 * ban check, recorded as applied by hand, and ends on time. Every test uses handles and references of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
class CaseImportTest {
    private static final String HEADER = "reference,opened,subject_name,subject_handles,category,summary,action,decided,until,spaces,reasoning\n";
    private static final List<String> TABLES = List.of("case_file", "case_party", "case_note", "case_event", "decision", "sanction", "person",
            "identity_handle", "enforcement_state", "audit_entry", "data_key");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    @TempDir
    Path folder;
    private ConfigurableApplicationContext context;
    private JdbcClient jdbc;
    private Cases cases;
    private ReadingCases reading;
    private Decisions decisions;
    private Intake intake;
    private Viewer moderator;
    private String chatId;
    private String forumId;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    void start() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(),
                Files.createTempDirectory("ombuds-import")));
        properties.put("ombuds.scheduler.enabled", false);
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock))
                .run(TestDatabases.arguments(properties));
        jdbc = context.getBean(JdbcClient.class);
        cases = context.getBean(Cases.class);
        reading = context.getBean(ReadingCases.class);
        decisions = context.getBean(Decisions.class);
        intake = context.getBean(Intake.class);
        Accounts accounts = context.getBean(Accounts.class);
        accounts.add("chair@example.org", "Chair", "admin");
        moderator = cases.viewer(accounts.add("mod@example.org", "Moderator", "moderator").id());
        Spaces spaces = context.getBean(Spaces.class);
        chatId = spaces.add("chat", "chat", null, "Chat").id();
        forumId = spaces.add("forum", "forum", null, "Forum").id();
    }

    @AfterAll
    void stop() {
        if (context != null) context.close();
    }

    private Run importing(String csv, String... options) throws Exception {
        return importing(csv.getBytes(StandardCharsets.UTF_8), options);
    }

    private Run importing(byte[] csv, String... options) throws Exception {
        Path file = Files.createTempFile(folder, "records", ".csv");
        Files.write(file, csv);
        String[] args = new String[3 + options.length];
        args[0] = "import";
        args[1] = "cases";
        args[2] = file.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = OmbudsCommandLine.execute(context, args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        TABLES.forEach(table -> counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()));
        return counts;
    }

    private String caseWithReference(String reference) {
        return jdbc.sql("SELECT id FROM case_file WHERE import_reference = ?").param(reference).query(String.class).single();
    }

    @Test
    void importedCasesAndSanctionsAreInALaterCasesHistoryAndTheLadderSuggestsTheNextStep() throws Exception {
        Run run = importing(HEADER
                + "H-1,2024-01-10,Sam Example,github:sam-imp;email:sam@imp.example.org,harassment,Rude replies in the tracker.,correction,2024-01-20,,,Asked to stop; did.\n"
                + "H-2,2025-03-01,Sam Example,email:sam@imp.example.org;matrix:@sam:imp.example.org,insults-personal-attacks,,written-warning,2025-03-05,,chat,Second time.\n"
                + "H-3,2025-06-01,,github:someone-else-imp,harassment,,no-action,2025-06-10,,,Not a breach.\n"
                + "H-4,2025-07-01,Pat,github:pat-imp,harassment,Dropped,,,,,\n");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("imported 4 case(s) and 2 sanction(s); 0 ban(s) still running, recorded as applied by hand").contains("as chair@example.org")
                .contains("row 2\tH-1\tcorrection\tsanction in effect\tnew person")
                .contains("row 5\tH-4\t(no decision)\tno sanction\tnew person");

        String later = CaseFixtures.caseAbout(intake, jdbc, context.getBean(org.ombuds.cases.ConfirmingParties.class), moderator,
                "matrix:@sam:imp.example.org");
        CaseDetail detail = reading.detail(moderator, later);
        assertThat(detail.subjectHistory()).extracting(CaseSummary::id).containsExactlyInAnyOrder(caseWithReference("H-1"), caseWithReference("H-2"));
        assertThat(detail.subjectHistory()).extracting(CaseSummary::status).containsOnly("closed");
        Decisions.Guidance guidance = decisions.guidance(moderator, later);
        assertThat(guidance.priorSanctions()).extracting(s -> s.action()).containsExactlyInAnyOrder("correction", "written-warning");
        assertThat(guidance.suggestedAction()).isEqualTo("temporary-ban");

        CaseDetail imported = reading.detail(moderator, caseWithReference("H-1"));
        assertThat(imported.reports()).isEmpty();
        assertThat(imported.summary().openedAt()).isEqualTo(Instant.parse("2024-01-10T00:00:00Z"));
        assertThat(imported.timeline()).anySatisfy(event -> {
            assertThat(event.kind()).isEqualTo("imported");
            assertThat(event.detail()).isEqualTo("H-1");
        });
        assertThat(imported.notes()).singleElement().satisfies(note ->
                assertThat(note.body()).contains("Person: Sam Example").contains("Rude replies in the tracker."));
        assertThat(jdbc.sql("SELECT sealed_body FROM case_note WHERE case_id = ?").param(caseWithReference("H-1")).query(String.class).single())
                .as("sealed").doesNotContain("Rude");
        Decision decision = decisions.ofCase(moderator, caseWithReference("H-2")).get(0);
        assertThat(decision.imported()).isTrue();
        assertThat(decision.status()).isEqualTo("in-effect");
        assertThat(decision.reasoning()).isEqualTo("Second time.");
        assertThat(decision.proposedBy()).isEqualTo(context.getBean(Accounts.class).byEmail("chair@example.org").orElseThrow().id());
        assertThat(decision.inEffectAt()).isEqualTo(Instant.parse("2025-03-05T00:00:00Z"));
        assertThat(decision.spaces()).containsExactly(chatId);
        assertThat(decisions.ofCase(moderator, caseWithReference("H-4"))).isEmpty();
        // One audit entry per case, and it names no content.
        assertThat(jdbc.sql("SELECT case_id FROM audit_entry WHERE action = 'import' AND record_type = 'case'").query(String.class).list())
                .contains(caseWithReference("H-1"), caseWithReference("H-2"), caseWithReference("H-3"), caseWithReference("H-4"));
    }

    @Test
    void aDryRunChecksEveryRowAndWritesNothing() throws Exception {
        Map<String, Long> before = counts();
        Run run = importing(HEADER
                + "D-1,2024-01-10,Dee,github:dee-imp,harassment,,written-warning,2024-01-20,,,Warned.\n"
                + "D-2,2026-11-01,Dee,github:dee-imp,harassment,,temporary-ban,2026-11-02,2027-01-01,forum,Banned.\n", "--dry-run");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("row 3\tD-2\ttemporary-ban\tsanction in effect until 2027-01-01")
                .contains("dry run: would import 2 case(s) and 2 sanction(s); 1 ban(s) still running").contains("nothing was written");
        assertThat(counts()).isEqualTo(before);
        assertThat(context.getBean(BanIndex.class).check(IdentityHandle.parse("github:dee-imp"), forumId)).isEmpty();
    }

    @Test
    void aFileWithBadRowsNamesEachRowColumnAndReasonAndWritesNothing() throws Exception {
        Map<String, Long> before = counts();
        Run run = importing(HEADER
                + "E-1,2024-01-10,,github:err-one,gossip,,correction,2024-01-20,,,Because.\n"
                + "E-2,2024-13-10,,github:err-two,harassment,,correction,2024-01-20,,,Because.\n"
                + "E-3,2024-01-10,,github:err-three,harassment,,temporary-ban,2024-01-20,,,Because.\n"
                + "E-4,2024-01-10,,,harassment,,correction,2024-01-20,,,Because.\n"
                + "E-5,2024-01-10,,github:-not-a-name,harassment,,correction,2024-01-20,,,Because.\n"
                + "E-6,2024-01-10,,github:err-six,harassment,,correction,2024-01-20,,,Because.\n"
                + "E-6,2024-01-10,,github:err-seven,harassment,,correction,2024-01-20,,,Because.\n"
                + "E-8,2024-01-10,,github:err-eight,harassment,,correction,2024-01-20,,,\n"
                + "E-9,2024-01-10,,github:err-nine,harassment,,demotion,2024-01-20,,,Because.\n"
                + "E-10,2024-01-10,,github:err-ten,harassment,,correction,2024-01-20,,nowhere,Because.\n");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly(
                "row 2, category: 'gossip' is not a category of the Code in force (harassment, discrimination, violence-threats, "
                        + "insults-personal-attacks, doxing-privacy, disruptive-behavior, unprofessional-conduct, illegal-activities)",
                "row 3, opened: '2024-13-10' is not a date (YYYY-MM-DD)",
                "row 4, until: required for temporary-ban",
                "row 5, subject_handles: at least one handle is required (kind:value, separated by ;)",
                "row 6, subject_handles: '" + "github:-not-a-name' is not a well-formed github handle",
                "row 8, reference: 'E-6' is also on row 7",
                "row 9, reasoning: required: say why, in 1 to 20000 characters",
                "row 10, action: action must be no-action or one of the Code's actions: correction, written-warning, temporary-ban, permanent-ban",
                "row 11, spaces: the community has no space 'nowhere'",
                "9 bad row(s); nothing was imported");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aWrongHeaderIsRefusedBeforeAnyRow() throws Exception {
        Map<String, Long> before = counts();
        Run run = importing("reference,opened,subject_name,subject_handles,category,colour,action,decided,reasoning\n"
                + "W-1,2024-01-10,,github:wrong-header,harassment,red,correction,2024-01-20,Because.\n");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines().toList()).containsExactly(
                "row 1, colour: not a column of the import (columns: reference, opened, subject_name, subject_handles, category, action, decided, "
                        + "until, reasoning, summary, spaces)",
                "row 1, until: missing from the header",
                "2 bad row(s); nothing was imported");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void importingTheSameReferencesAgainIsRefused() throws Exception {
        String file = HEADER + "R-1,2024-01-10,,github:again-imp,harassment,,correction,2024-01-20,,,Because.\n";
        assertThat(importing(file).exit()).isZero();
        Map<String, Long> before = counts();
        Run again = importing(file);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).startsWith("row 2, reference: 'R-1' was imported already\n");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void quotedCellsAndAByteOrderMarkAreRead() throws Exception {
        String csv = HEADER.replace("reference,", "\"reference\",")
                + "Q-1,2024-01-10,\"Quinn, \"\"Q\"\" Example\",github:quinn-imp,harassment,\"Line one,\nline two\",correction,2024-01-20,,,\"Said \"\"sorry\"\", twice.\"\n";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = csv.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(text, 0, withBom, bom.length, text.length);
        Run run = importing(withBom);
        assertThat(run.exit()).as(run.err()).isZero();
        String caseId = caseWithReference("Q-1");
        assertThat(reading.detail(moderator, caseId).notes()).singleElement().satisfies(note ->
                assertThat(note.body()).contains("Person: Quinn, \"Q\" Example").endsWith("Line one,\nline two"));
        assertThat(decisions.ofCase(moderator, caseId).get(0).reasoning()).isEqualTo("Said \"sorry\", twice.");
    }

    @Test
    void aRunningImportedBanIsCheckedRecordedAsAppliedByHandAndEndsOnTime() throws Exception {
        Run run = importing(HEADER
                + "B-1,2026-11-10,,github:banned-imp,violence-threats,,temporary-ban,2026-11-15,2026-12-15,chat,Threats at the meetup.\n"
                + "B-2,2025-01-10,,github:once-banned-imp,harassment,,temporary-ban,2025-01-15,2025-02-15,chat,Long over.\n");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 sanction(s); 1 ban(s) still running");
        BanIndex index = context.getBean(BanIndex.class);
        IdentityHandle banned = IdentityHandle.parse("github:banned-imp");
        assertThat(index.check(banned, chatId)).map(BanIndex.Ban::until).contains(Instant.parse("2026-12-15T00:00:00Z").toEpochMilli());
        assertThat(index.check(banned, forumId)).as("a space the ban does not cover").isEmpty();
        assertThat(index.check(IdentityHandle.parse("github:once-banned-imp"), chatId)).as("ended before the import").isEmpty();
        assertThat(jdbc.sql("SELECT status FROM sanction WHERE case_id = ?").param(caseWithReference("B-2")).query(String.class).single())
                .isEqualTo("ended");

        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE case_id = ?").param(caseWithReference("B-1")).query(String.class).single();
        Enforcement enforcement = context.getBean(Enforcement.class);
        assertThat(enforcement.stateOf(moderator.accountId(), sanctionId)).singleElement().satisfies(state -> {
            assertThat(state.spaceSlug()).isEqualTo("chat");
            assertThat(state.operation() + ":" + state.status()).isEqualTo("apply:by-hand");
        });
        assertThat(enforcement.attentionFor(moderator.accountId())).noneMatch(task -> task.sanctionId().equals(sanctionId));

        clock.advance(Duration.ofDays(13).plusHours(14).plusMinutes(1));
        assertThat(decisions.endDue()).isPositive();
        assertThat(index.check(banned, chatId)).isEmpty();
        assertThat(jdbc.sql("SELECT status FROM sanction WHERE id = ?").param(sanctionId).query(String.class).single()).isEqualTo("ended");
        assertThat(enforcement.stateOf(moderator.accountId(), sanctionId)).singleElement()
                .satisfies(state -> assertThat(state.operation() + ":" + state.status()).as("lifted through the space's connector")
                        .isEqualTo("lift:pending"));
    }
}
