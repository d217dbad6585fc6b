package org.ombuds.sanctions.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import org.ombuds.platform.InvalidInputException;
import org.ombuds.sanctions.Decisions;

/**
 * What the proposal form sent, kept as typed so that a refused form comes back filled in. Checkbox groups
 * that nobody ticked arrive as null.
 */
public record ProposalForm(String action, List<String> clauses, String reasoning, List<String> spaces, String until, String duration,
                           String interim, String supersedes, String noContact, String conditions, String tellReporter,
                           String toSubject) {
    public ProposalForm {
        clauses = clauses == null ? List.of() : List.copyOf(clauses);
        spaces = spaces == null ? List.of() : List.copyOf(spaces);
    }

    static ProposalForm empty() {
        return new ProposalForm(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean interimChecked() {
        return "true".equals(interim);
    }

    /**
     * The service's proposal from the form: empty fields are absent, the end date is the start of that day in the
     * viewer's zone ({@code dateError}: the page's words for a date it cannot read).
     */
    Decisions.Proposal toProposal(ZoneId zone, String dateError) {
        Instant end = null;
        if (!blank(until)) {
            try {
                end = LocalDate.parse(until.strip()).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("until", dateError);
            }
        }
        List<String> handles = blank(noContact) ? List.of()
                : Arrays.stream(noContact.split("[\\r\\n,]+")).map(String::strip).filter(h -> !h.isEmpty()).toList();
        return new Decisions.Proposal(blank(action) ? null : action.strip(), clauses, reasoning, end,
                blank(duration) ? null : duration.strip(), spaces, interimChecked(),
                blank(supersedes) ? null : supersedes.strip(), handles, conditions, tellReporter, toSubject);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
