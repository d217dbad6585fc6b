package org.ombuds.imports;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ombuds.cases.Cases;
import org.ombuds.cases.ImportingClosedCases;
import org.ombuds.coc.ActionKind;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.community.Communities;
import org.ombuds.community.Community;
import org.ombuds.community.IdentityAct;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.imports.internal.CaseSheet;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;
import org.ombuds.sanctions.Decisions;
import org.ombuds.sanctions.SanctionStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports a committee's earlier records ({@link CaseSheet}): every row is checked first, and only a file without a
 * single bad row is written, all of it in one transaction. Each row becomes a closed case about its person (merged
 * into whoever in Ombuds already has one of the handles) and, when it names an action, a decision recorded as
 * imported with its sanction. A dry run checks and writes nothing.
 */
@Service
public class CaseImport {
    public static final int PROGRESS_EVERY = 100;
    private static final int MAX_REFERENCE = 200;
    private static final int MAX_NAME = 500;

    private final Communities communities;
    private final CodeOfConduct code;
    private final People people;
    private final ImportingClosedCases cases;
    private final Decisions decisions;
    private final Clock clock;

    CaseImport(Communities communities, CodeOfConduct code, People people, ImportingClosedCases cases, Decisions decisions, Clock clock) {
        this.communities = communities;
        this.code = code;
        this.people = people;
        this.cases = cases;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** A bad row: its number (the header is row 1; 0 = the file as a whole), the column and why. */
    public record RowError(int row, String column, String reason) {
        @Override
        public String toString() {
            return (row == 0 ? "file" : "row " + row + ", " + column) + ": " + reason;
        }
    }

    /**
     * A row as it is (or would be) imported: {@code sanction} is {@code none}, {@code ended} or {@code in-effect};
     * {@code knownPerson} when one of its handles is already in Ombuds; {@code caseId} once written; {@code kind} what its
     * action does under the Code in force (null without an action).
     */
    public record Planned(int row, String reference, String action, String sanction, Instant until, boolean knownPerson, String caseId,
                          ActionKind kind) {
    }

    /** What happened: the rows imported (or that would be), or the bad rows (and then nothing was written). */
    public record Outcome(boolean dryRun, List<Planned> rows, List<RowError> errors) {
        public boolean written() {
            return !dryRun && errors.isEmpty();
        }

        public long sanctions() {
            return rows.stream().filter(row -> !row.sanction().equals("none")).count();
        }

        /** Bans still running: in effect, recorded as applied by hand before Ombuds. */
        public long runningBans() {
            return rows.stream().filter(row -> SanctionStatus.IN_EFFECT.is(row.sanction()))
                    .filter(row -> row.kind() != null && row.kind().bans()).count();
        }
    }

    /** Told every {@link #PROGRESS_EVERY} rows checked or written, for long files. */
    public interface Progress {
        void at(String stage, int done, int total);

        Progress NONE = (stage, done, total) -> { };
    }

    /** Imports the file into the community (null: the first) as {@code importedBy}, an admin's account id. */
    @Transactional
    public Outcome importCases(InputStream file, String communitySlug, String importedBy, boolean dryRun, Progress progress) {
        Community community = communities.resolve(communitySlug);
        CodeVersion inForce = code.currentOf(community); // also: the community must have a Code to import decisions under
        CaseSheet.Read sheet = CaseSheet.read(file);
        if (!sheet.errors().isEmpty()) return new Outcome(dryRun, List.of(), sheet.errors());
        Checked checked = check(community, inForce, sheet.rows(), progress);
        if (!checked.errors().isEmpty() || dryRun) return new Outcome(dryRun, checked.planned(), checked.errors());
        List<Planned> written = new ArrayList<>();
        for (Entry entry : checked.entries()) {
            // An import is an admin's act: it confirms who each row is about, as a committee member does on a case.
            String person = people.link(entry.handles(), new IdentityAct(importedBy, IdentityAct.IMPORT, null,
                    "imported from the committee's records (" + entry.reference() + ")")).id();
            String caseId = cases.importClosed(new ImportingClosedCases.ClosedCase(community.id(), entry.reference(), entry.opened(),
                    entry.past() == null ? entry.opened() : entry.past().decidedAt(), person, entry.note()), importedBy);
            if (entry.past() != null) decisions.importPast(caseId, entry.past(), importedBy);
            Planned planned = entry.planned();
            written.add(new Planned(planned.row(), planned.reference(), planned.action(), planned.sanction(), planned.until(), planned.knownPerson(),
                    caseId, planned.kind()));
            if (written.size() % PROGRESS_EVERY == 0) progress.at("imported", written.size(), checked.entries().size());
        }
        return new Outcome(false, written, List.of());
    }

    private record Entry(Planned planned, String reference, Instant opened, List<IdentityHandle> handles, Decisions.PastDecision past, String note) {
    }

    private record Checked(List<Entry> entries, List<RowError> errors) {
        List<Planned> planned() {
            return entries.stream().map(Entry::planned).toList();
        }
    }

    private Checked check(Community community, CodeVersion inForce, List<CaseSheet.Row> rows, Progress progress) {
        List<Entry> entries = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> taken = cases.importedReferences(community.id(), rows.stream().map(row -> row.get("reference")).toList());
        Map<String, Integer> seen = new HashMap<>();
        Owners owners = new Owners();
        int done = 0;
        for (CaseSheet.Row row : rows) {
            try {
                entries.add(entry(community, inForce, row, taken, seen, owners));
            } catch (RowProblem problem) {
                errors.add(new RowError(row.number(), problem.column, problem.getMessage()));
            }
            if (++done % PROGRESS_EVERY == 0) progress.at("checked", done, rows.size());
        }
        return new Checked(entries, errors);
    }

    private Entry entry(Community community, CodeVersion inForce, CaseSheet.Row row, Set<String> taken, Map<String, Integer> seen, Owners owners) {
        String reference = row.get("reference");
        if (reference.isEmpty()) throw new RowProblem("reference", "required");
        if (reference.length() > MAX_REFERENCE) throw new RowProblem("reference", "at most " + MAX_REFERENCE + " characters");
        if (seen.containsKey(reference)) throw new RowProblem("reference", "'" + Slugs.printable(reference) + "' is also on row " + seen.get(reference));
        seen.put(reference, row.number());
        if (taken.contains(reference)) throw new RowProblem("reference", "'" + Slugs.printable(reference) + "' was imported already");
        Instant opened = date(row, "opened");
        if (opened == null) throw new RowProblem("opened", "required");
        if (opened.isAfter(clock.instant())) throw new RowProblem("opened", "must not be in the future");
        String name = row.get("subject_name");
        if (name.length() > MAX_NAME) throw new RowProblem("subject_name", "at most " + MAX_NAME + " characters");
        List<IdentityHandle> handles = handles(row);
        String category = row.get("category");
        if (category.isEmpty()) throw new RowProblem("category", "required");
        String summary = row.get("summary");
        if (summary.length() > Cases.MAX_TEXT) throw new RowProblem("summary", "at most " + Cases.MAX_TEXT + " characters");
        String action = row.get("action");
        Decisions.PastDecision past = null;
        Instant until = date(row, "until");
        if (action.isEmpty()) {
            if (!inForce.defines(category)) throw new RowProblem("category", "'" + Slugs.printable(category) + "' is not a category of the Code in force");
            for (String column : List.of("decided", "until", "spaces", "reasoning")) {
                if (!row.get(column).isEmpty()) throw new RowProblem("action", "empty, but " + column + " is given; name the action (no-action if none was taken)");
            }
        } else {
            Instant decided = date(row, "decided");
            if (decided != null && decided.isBefore(opened)) throw new RowProblem("decided", "before opened");
            past = new Decisions.PastDecision(action, List.of(category), row.get("reasoning"), decided, until, list(row.get("spaces")));
            try {
                decisions.checkPast(community.id(), past);
            } catch (InvalidInputException e) {
                throw new RowProblem(e.field().equals("clauses") ? "category" : e.field(), e.getMessage());
            }
        }
        Optional<String> known = owners.claim(row.number(), handles);
        // Checked above: an action is no-action or one of the Code's, with its kind.
        ActionKind kind = past == null ? null
                : ActionKind.NO_ACTION.id().equals(action) ? ActionKind.NO_ACTION : inForce.action(action).map(a -> a.kind()).orElse(null);
        String sanction = kind == null || !kind.sanctions() ? "none"
                : until == null || until.isAfter(clock.instant()) ? SanctionStatus.IN_EFFECT.word() : SanctionStatus.ENDED.word();
        Planned planned = new Planned(row.number(), reference, action.isEmpty() ? null : action, sanction, until, known.isPresent(), null, kind);
        return new Entry(planned, reference, opened, handles, past, note(reference, name, past == null ? category : null, summary));
    }

    private static List<IdentityHandle> handles(CaseSheet.Row row) {
        List<String> written = list(row.get("subject_handles"));
        if (written.isEmpty()) throw new RowProblem("subject_handles", "at least one handle is required (kind:value, separated by ;)");
        Set<IdentityHandle> handles = new LinkedHashSet<>();
        for (String text : written) {
            try {
                handles.add(IdentityHandle.parse(text));
            } catch (InvalidInputException e) {
                throw new RowProblem("subject_handles", e.getMessage());
            }
        }
        return List.copyOf(handles);
    }

    /** The sealed note on the case: who it was about by name (Ombuds keeps people by their handles only) and the summary. */
    private static String note(String reference, String name, String category, String summary) {
        if (name.isEmpty() && summary.isEmpty()) return null;
        StringBuilder note = new StringBuilder("Imported from the committee's earlier records (reference ").append(reference).append(").");
        if (!name.isEmpty()) note.append("\nPerson: ").append(name);
        if (category != null) note.append("\nCategory: ").append(category);
        if (!summary.isEmpty()) note.append("\n\n").append(summary);
        return note.toString();
    }

    private static Instant date(CaseSheet.Row row, String column) {
        String value = row.get(column);
        if (value.isEmpty()) return null;
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new RowProblem(column, "'" + Slugs.printable(value) + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static List<String> list(String cell) {
        return java.util.Arrays.stream(cell.split(";")).map(String::strip).filter(part -> !part.isEmpty()).toList();
    }

    /**
     * Who each handle will belong to as the rows are written in order, the way {@link People#identify} will decide:
     * someone already in Ombuds, or the person an earlier row of the file brings in. A row whose handles would join
     * two different people is refused (they are merged in Ombuds first, or the row is corrected).
     */
    private final class Owners {
        private final Map<IdentityHandle, Optional<String>> owner = new LinkedHashMap<>();

        Optional<String> claim(int row, List<IdentityHandle> handles) {
            Set<String> found = new LinkedHashSet<>();
            for (IdentityHandle handle : handles) {
                owner.computeIfAbsent(handle, h -> people.ownerOf(h)).ifPresent(found::add);
            }
            if (found.size() > 1) {
                throw new RowProblem("subject_handles", "these handles belong to " + found.size() + " different people; merge them first");
            }
            String person = found.isEmpty() ? "row:" + row : found.iterator().next();
            handles.forEach(handle -> owner.put(handle, Optional.of(person)));
            return found.stream().filter(id -> !id.startsWith("row:")).findFirst();
        }
    }

    /** What is wrong with one cell of a row. */
    private static final class RowProblem extends RuntimeException {
        private final String column;

        RowProblem(String column, String reason) {
            super(reason, null, false, false);
            this.column = column;
        }
    }
}
