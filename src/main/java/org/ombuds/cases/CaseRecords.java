package org.ombuds.cases;

import java.time.Instant;
import java.util.List;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.Slugs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The reads of case_file and case_report that several use cases share, and the names they show: in one place so
 * that every activity reads a case the same way.
 */
@Component
class CaseRecords {
    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final People people;

    CaseRecords(JdbcClient jdbc, Accounts accounts, People people) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.people = people;
    }

    /** The case's row, with no access check: for callers that checked it, or that act for the system. */
    CaseRow row(String caseId) {
        return jdbc.sql("SELECT * FROM case_file WHERE id = ?").param(caseId).query(CaseRow::map).single();
    }

    List<String> reportIds(String caseId) {
        return jdbc.sql("SELECT cr.report_id FROM case_report cr WHERE cr.case_id = ? ORDER BY cr.added_at, cr.report_id")
                .param(caseId).query(String.class).list();
    }

    void requireReportOf(String caseId, String reportId) {
        if (jdbc.sql("SELECT COUNT(*) FROM case_report WHERE case_id = ? AND report_id = ?").params(caseId, reportId)
                .query(Integer.class).single() == 0) {
            throw new NotFoundException("this case has no report " + Slugs.printable(String.valueOf(reportId)));
        }
    }

    String freeCodeName() {
        for (int attempt = 0; attempt < 50; attempt++) {
            String name = CodeNames.draw();
            if (jdbc.sql("SELECT COUNT(*) FROM case_file WHERE code_name = ?").param(name).query(Integer.class).single() == 0) {
                return name;
            }
        }
        throw new IllegalStateException("no free code name after 50 draws");
    }

    String accountName(String accountId) {
        return accountId == null ? null : accounts.byId(accountId).map(Account::name).orElse(accountId);
    }

    List<String> handlesOf(String personId) {
        return people.byId(personId).map(person -> person.handles().stream().map(IdentityHandle::toString).toList()).orElse(List.of());
    }

    static CaseSummary summary(CaseRow row, int reports, Instant now) {
        return new CaseSummary(row.id(), row.codeName(), CodeNames.display(row.codeName()), row.status().id(), row.severity().id(),
                row.openedAt(), row.nextDue(), row.nextDue() != null && row.nextDue().isBefore(now), reports, row.mergedInto());
    }

    /** Free text the committee writes (notes, messages, letters, reasons for a hold): stripped, 1 to {@link Cases#MAX_TEXT} characters. */
    static String text(String field, String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.length() > Cases.MAX_TEXT) {
            throw new InvalidInputException(field, field + " must be 1 to " + Cases.MAX_TEXT + " characters");
        }
        return text;
    }
}
