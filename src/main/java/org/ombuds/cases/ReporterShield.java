package org.ombuds.cases;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.ombuds.community.People;
import org.ombuds.intake.Intake;
import org.ombuds.platform.EmailAddresses;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rule that keeps those who reported or witnessed safe: text bound for the person sanctioned (a decision's
 * letter, an appeal's answer) must not name them, by a name or address their reports give or a handle of a reporter
 * or witness party, as a whole word (so a reporter called Ada does not forbid "adapt"). The reason never repeats
 * what matched.
 */
@Component
public class ReporterShield {
    private final JdbcClient jdbc;
    private final CaseRecords records;
    private final Intake intake;
    private final People people;

    ReporterShield(JdbcClient jdbc, CaseRecords records, Intake intake, People people) {
        this.jdbc = jdbc;
        this.records = records;
        this.intake = intake;
        this.people = people;
    }

    /** What the shield says of a text: it may go, or it is withheld, with a reason a moderator can read. */
    public sealed interface Verdict {
        record Clear() implements Verdict {
        }

        record Withheld(String reason) implements Verdict {
        }
    }

    public Verdict check(String caseId, String text) {
        if (text == null) return new Verdict.Clear();
        if (mentionsAny(reportedIdentifiers(caseId), text)) {
            return new Verdict.Withheld("it names someone who reported on this case, by a name or address their report gives");
        }
        if (mentionsAny(partyIdentifiers(caseId), text)) {
            return new Verdict.Withheld("it names someone who reported or witnessed on this case, by one of their handles");
        }
        return new Verdict.Clear();
    }

    /** Whether text bound for the person sanctioned names someone who reported or witnessed on this case. */
    public boolean namesReporter(String caseId, String text) {
        return check(caseId, text) instanceof Verdict.Withheld;
    }

    /**
     * What would identify the people who reported or witnessed on this case: the names and addresses their reports
     * give and the handles of the reporter and witness parties.
     */
    Set<String> reporterIdentifiers(String caseId) {
        Set<String> identifiers = reportedIdentifiers(caseId);
        identifiers.addAll(partyIdentifiers(caseId));
        return identifiers;
    }

    private Set<String> reportedIdentifiers(String caseId) {
        Set<String> identifiers = new LinkedHashSet<>();
        for (String reportId : records.reportIds(caseId)) {
            var content = intake.content(reportId);
            addIdentifier(identifiers, content.reporterName());
            addIdentifier(identifiers, content.reporterEmail());
        }
        return identifiers;
    }

    private Set<String> partyIdentifiers(String caseId) {
        Set<String> identifiers = new LinkedHashSet<>();
        List<String> persons = jdbc.sql("SELECT DISTINCT person_id FROM case_party WHERE case_id = ? AND role <> 'subject'")
                .param(caseId).query(String.class).list();
        for (String person : persons) {
            for (String same : people.sameAs(person)) {
                people.byId(same).ifPresent(found -> found.handles().forEach(handle -> addIdentifier(identifiers, handle.value())));
            }
        }
        return identifiers;
    }

    private static boolean mentionsAny(Set<String> identifiers, String text) {
        return identifiers.stream().filter(identifier -> identifier.length() >= 3)
                .anyMatch(identifier -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(identifier) + "(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).find());
    }

    private static void addIdentifier(Set<String> identifiers, String value) {
        if (value == null || value.isBlank()) return;
        identifiers.add(value.strip());
        // Addresses are kept with their domain in ASCII; the committee may type it as people read it.
        identifiers.add(EmailAddresses.readable(value.strip()));
        int at = value.indexOf('@');
        if (at > 0) identifiers.add(value.substring(0, at).strip());
    }
}
