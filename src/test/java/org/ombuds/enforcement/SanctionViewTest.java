package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ConfirmingParties;
import org.ombuds.cases.Viewer;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.sanctions.SanctionRecorded;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.MovableClock;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Enforcement's view of the sanctions ({@code enforcement_sanction}) is the sanction table as enforcement needs it, kept
 * by the sanctions module's events: after every kind of change (a ban, a correction, a ban's end, a ban lifted by the
 * decision that supersedes it, an import of one that ended long ago) the view holds the same rows as the table, and
 * building it again from the table (what migration V24 does) gives those same rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
class SanctionViewTest {
    private static final String SANCTIONS = """
            SELECT id, case_id, person_id, action, spaces, starts_at, ends_at, status, ended_at, kind FROM sanction ORDER BY id""";
    private static final String VIEW = """
            SELECT sanction_id, case_id, person_id, action, spaces, starts_at, ends_at, status, ended_at, kind FROM enforcement_sanction
            ORDER BY sanction_id""";
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private ConfigurableApplicationContext context;
    private Decisions decisions;
    private ConfirmingParties parties;
    private JdbcClient jdbc;
    private Intake intake;
    private BanIndex index;
    private Viewer moderator;
    private Viewer second;
    private String adminId;
    private String chatId;

    @BeforeAll
    void start() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(),
                Files.createTempDirectory("ombuds-sanction-view")));
        properties.put("ombuds.scheduler.enabled", false);
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock))
                .run(TestDatabases.arguments(properties));
        decisions = context.getBean(Decisions.class);
        Cases cases = context.getBean(Cases.class);
        parties = context.getBean(ConfirmingParties.class);
        jdbc = context.getBean(JdbcClient.class);
        intake = context.getBean(Intake.class);
        index = context.getBean(BanIndex.class);
        Accounts accounts = context.getBean(Accounts.class);
        adminId = accounts.add("chair@example.org", "Chair", "admin").id();
        moderator = cases.viewer(accounts.add("mod1@example.org", "Moderator One", "moderator").id());
        second = cases.viewer(accounts.add("mod2@example.org", "Moderator Two", "moderator").id());
        chatId = context.getBean(Spaces.class).add("chat", "chat", null, "Chat").id();
    }

    @AfterAll
    void stop() {
        if (context != null) context.close();
    }

    @Test
    void theViewHoldsWhatTheSanctionTableHoldsThroughEveryKindOfChange() {
        String banned = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, "github:view-banned");
        decided(banned, "temporary-ban", "P7D", List.of("chat"), null);
        assertThat(view()).isEqualTo(sanctions());

        String corrected = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, "github:view-corrected");
        decided(corrected, "correction", null, List.of(), null);
        assertThat(view()).isEqualTo(sanctions());

        String superseded = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, "github:view-superseded");
        Decision permanent = decided(superseded, "permanent-ban", null, List.of(), null);
        decided(superseded, "temporary-ban", "P30D", List.of("chat"), permanent.id());
        assertThat(statuses()).contains("lifted");
        assertThat(view()).isEqualTo(sanctions());

        String imported = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, "github:view-imported");
        decisions.importPast(imported, new Decisions.PastDecision("temporary-ban", List.of("harassment"), "Decided before Ombuds.",
                clock.instant().minus(Duration.ofDays(60)), clock.instant().minus(Duration.ofDays(30)), List.of()), adminId);
        assertThat(statuses()).contains("ended");
        assertThat(view()).isEqualTo(sanctions());

        clock.advance(Duration.ofDays(8));
        assertThat(decisions.endDue()).isPositive();
        assertThat(view()).isEqualTo(sanctions());
        assertThat(index.check(IdentityHandle.parse("github:view-banned"), chatId)).as("the ban's end reached the index").isEmpty();
        assertThat(index.check(IdentityHandle.parse("github:view-superseded"), chatId)).as("the ban that superseded one").isPresent();
    }

    @Test
    void buildingTheViewAgainFromTheSanctionTableGivesTheSameRows() throws Exception {
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, "github:view-rebuilt");
        decided(caseId, "temporary-ban", "P3D", List.of("chat"), null);
        List<List<Object>> kept = view();
        assertThat(kept).isNotEmpty().isEqualTo(sanctions());

        String backfill = backfill();
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM enforcement_sanction").update();
            jdbc.sql(backfill).update();
        });
        assertThat(view()).isEqualTo(kept);
    }

    @Test
    void anAnnouncementStoredAgainOrAfterAnOlderOneLeavesTheSanctionAsItIs() {
        String caseId = CaseFixtures.caseAbout(intake, jdbc, parties, moderator, "github:view-replayed");
        decided(caseId, "temporary-ban", "P5D", List.of("chat"), null);
        List<List<Object>> before = view();
        SanctionRecorded current = recorded(jdbc.sql("SELECT id FROM sanction WHERE case_id = ?").param(caseId).query(String.class).single());
        SanctionRecorded stale = new SanctionRecorded(current.sanctionId(), current.caseId(), current.personId(), current.action(), current.kind(), List.of(),
                current.startsAt(), null, "ended", current.startsAt());

        context.publishEvent(stale);
        assertThat(view()).as("each announcement is stored whole").isNotEqualTo(before);
        context.publishEvent(current);
        context.publishEvent(current);
        assertThat(view()).isEqualTo(before).isEqualTo(sanctions());
    }

    /** A decision proposed by one moderator and approved by the other, in effect. */
    private Decision decided(String caseId, String action, String duration, List<String> spaces, String supersedes) {
        Decision decision = decisions.propose(moderator, caseId, new Decisions.Proposal(action, List.of("harassment"), "Threats in the chat.",
                null, duration, spaces, false, supersedes));
        if (!decision.status().equals("in-effect")) decision = decisions.vote(second, decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        return decision;
    }

    private SanctionRecorded recorded(String sanctionId) {
        return jdbc.sql(SANCTIONS.replace("ORDER BY id", "WHERE id = ?")).param(sanctionId)
                .query((row, n) -> new SanctionRecorded(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(10),
                        List.of(row.getString(5).split(",")), Instant.ofEpochMilli(row.getLong(6)),
                        row.getObject(7) == null ? null : Instant.ofEpochMilli(row.getLong(7)), row.getString(8),
                        row.getObject(9) == null ? null : Instant.ofEpochMilli(row.getLong(9))))
                .single();
    }

    private List<String> statuses() {
        return jdbc.sql("SELECT status FROM sanction").query(String.class).list();
    }

    private List<List<Object>> sanctions() {
        return rows(SANCTIONS);
    }

    private List<List<Object>> view() {
        return rows(VIEW);
    }

    private List<List<Object>> rows(String sql) {
        return jdbc.sql(sql).query((row, n) -> {
            List<Object> values = new ArrayList<>();
            for (int column = 1; column <= 9; column++) {
                Object value = row.getObject(column);
                values.add(value instanceof Number number ? (Object) number.longValue() : value);
            }
            return values;
        }).list();
    }

    /** The statement of migration V24 that fills the view from the sanction table. */
    private static String backfill() throws IOException {
        String migration = Files.readString(Path.of("src/main/resources/db/migration", TestDatabases.selected(), "V24__enforcement_sanctions_view.sql"));
        String statement = migration.substring(migration.indexOf("INSERT INTO enforcement_sanction"));
        return statement.substring(0, statement.indexOf(';'));
    }
}
