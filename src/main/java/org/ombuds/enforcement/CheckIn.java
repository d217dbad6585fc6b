package org.ombuds.enforcement;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.ombuds.audit.AuditLog;
import org.ombuds.cases.Cases;
import org.ombuds.cases.Viewer;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.platform.Dates;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.Slugs;
import org.ombuds.platform.Spreadsheets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The check-in list of a space (an event's registration desk): the people banned from it on a given date, by their
 * handles, with the ban's end and its sanction id. Nothing else: no names of reporters, no case content. Only the
 * sanctions of cases the reader may see are listed, and every export is written to the audit log.
 */
@Service
public class CheckIn {
    private final JdbcClient jdbc;
    private final Spaces spaces;
    private final People people;
    private final Cases cases;
    private final AuditLog audit;
    private final Clock clock;

    CheckIn(JdbcClient jdbc, Spaces spaces, People people, Cases cases, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.spaces = spaces;
        this.people = people;
        this.cases = cases;
        this.audit = audit;
        this.clock = clock;
    }

    /** One banned person: every handle known for them, the ban's end (null: no end) and the sanction. */
    public record Row(List<String> handles, Instant until, String sanctionId) {
    }

    private record Found(String id, String caseId, String personId, String spaces, Long until) {
    }

    /** The list for a space and a date. */
    public record Sheet(String spaceSlug, String spaceName, LocalDate date, List<Row> rows) {
    }

    /** The date of today, where this instance runs (the default of the check-in list). */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.systemDefault()));
    }

    /** A date as typed (YYYY-MM-DD); empty: today. */
    public LocalDate date(String text) {
        if (text == null || text.isBlank()) return today();
        try {
            return Dates.recordable("date", LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("date", "the date must be written YYYY-MM-DD, such as 2027-05-14");
        }
    }

    /**
     * The people banned from the space on that date: bans (temporary or permanent) covering the space that started
     * before the end of the day, were not ended, lifted or overturned before it began, and do not end before it began.
     */
    @Transactional
    public Sheet bannedOn(String accountId, String spaceSlug, LocalDate date) {
        Space space = spaces.bySlug(spaceSlug == null ? "" : spaceSlug)
                .orElseThrow(() -> new NotFoundException("there is no space '" + Slugs.printable(String.valueOf(spaceSlug)) + "'"));
        LocalDate day = date == null ? today() : date;
        ZoneId zone = ZoneId.systemDefault();
        long start = day.atStartOfDay(zone).toInstant().toEpochMilli();
        long end = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        Viewer viewer = cases.viewer(accountId);
        List<Row> rows = new ArrayList<>();
        jdbc.sql("""
                        SELECT sanction_id, case_id, person_id, spaces, ends_at FROM enforcement_sanction
                        WHERE kind IN ('timed-ban', 'ban') AND starts_at < ?
                          AND (ended_at IS NULL OR ended_at > ?) AND (ends_at IS NULL OR ends_at > ?)
                        ORDER BY starts_at, sanction_id""")
                .params(end, start, start)
                .query((row, n) -> {
                    long ends = row.getLong("ends_at");
                    Long until = row.wasNull() ? null : ends;
                    return new Found(row.getString("sanction_id"), row.getString("case_id"), row.getString("person_id"), row.getString("spaces"), until);
                }).list().stream()
                .filter(sanction -> covers(sanction.spaces(), space.id()))
                .filter(sanction -> cases.maySee(viewer, sanction.caseId()))
                .forEach(sanction -> rows.add(new Row(handles(sanction.personId()),
                        sanction.until() == null ? null : Instant.ofEpochMilli(sanction.until()), sanction.id())));
        rows.sort(Comparator.comparing((Row row) -> String.join(" ", row.handles()).toLowerCase(Locale.ROOT)).thenComparing(Row::sanctionId));
        audit.record("export", "check-in", space.id(), null);
        return new Sheet(space.slug(), space.name() == null || space.name().isBlank() ? space.slug() : space.name(), day, List.copyOf(rows));
    }

    /** The list as CSV; handles can be anything a report named, so cells are neutralised as in every export. */
    public static String csv(Sheet sheet) {
        return Spreadsheets.csv(List.of("handles", "until", "sanction"), sheet.rows().stream()
                .map(row -> List.of(String.join(" ", row.handles()), row.until() == null ? "no end" : row.until().toString(), row.sanctionId()))
                .toList());
    }

    private static boolean covers(String spaceIds, String spaceId) {
        if (spaceIds == null || spaceIds.isEmpty()) return true;
        for (String id : spaceIds.split(",")) {
            if (id.equals(spaceId)) return true;
        }
        return false;
    }

    /** Every handle of the person and of the records merged with them. */
    private List<String> handles(String personId) {
        return people.handlesOf(personId).stream().map(IdentityHandle::toString).toList();
    }
}
