package org.ombuds.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.ombuds.audit.AuditLog;
import org.ombuds.platform.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The committee's queue: the cases a viewer may see, overdue first, and a case as the queue shows it. Every read is audited. */
@Service
public class CaseQueue {
    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final CaseRecords records;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate reading;

    CaseQueue(JdbcClient jdbc, CaseAccess access, CaseRecords records, AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.access = access;
        this.records = records;
        this.audit = audit;
        this.clock = clock;
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
    }

    /** Queue filters: {@code status} is {@code open} (the default), {@code all} or a status id. */
    public record Filter(String status, String search, int page, int size) {
        public Filter {
            if (status == null || status.isBlank()) status = "open";
            if (page < 0) throw new InvalidInputException("page", "page must be 0 or more");
            if (size < 1 || size > 200) throw new InvalidInputException("size", "size must be 1 to 200");
        }

        /** Computed in 64 bits: page × size overflows an int for large pages, and would wrap around to the first page. */
        public long offset() {
            return (long) page * size;
        }
    }

    /**
     * The queue: overdue first, then by the nearest deadline; only cases this viewer may see. Read in a read-only
     * transaction (on SQLite beside the writer, not holding its lock), then audited; nothing is returned unaudited.
     */
    public List<CaseSummary> list(Viewer viewer, Filter filter) {
        List<CaseSummary> cases = reading.execute(status -> read(viewer, filter));
        audit.record("list", "case", null, null);
        return cases;
    }

    private List<CaseSummary> read(Viewer viewer, Filter filter) {
        CaseAccess.Clause visible = access.visibleToScan(viewer);
        StringBuilder sql = new StringBuilder("SELECT c.* FROM case_file c WHERE ").append(visible.sql());
        String order;
        if (filter.status().equals("open")) {
            sql.append(" AND c.next_due IS NOT NULL");
            order = " ORDER BY c.next_due, c.opened_at";
        } else if (filter.status().equals("all")) {
            order = " ORDER BY c.opened_at DESC";
        } else {
            CaseStatus status = CaseStatus.fromId(filter.status());
            sql.append(" AND c.status = :status");
            order = status.open() ? " ORDER BY c.next_due, c.opened_at" : " ORDER BY c.opened_at DESC";
        }
        String search = filter.search() == null || filter.search().isBlank() ? null : CodeNames.canonical(filter.search());
        if (search != null) {
            sql.append(" AND (c.code_name = :search OR c.id = :search OR c.id IN (SELECT case_id FROM case_report WHERE report_id = :search))");
        }
        // The report count only for the page's cases, not for every case the offset skips.
        var statement = jdbc.sql("SELECT c.*, (SELECT COUNT(*) FROM case_report cr WHERE cr.case_id = c.id) AS reports FROM ("
                        + sql + order + " LIMIT :size OFFSET :offset) c" + order).params(visible.params())
                .param("size", filter.size()).param("offset", filter.offset());
        if (!filter.status().equals("open") && !filter.status().equals("all")) statement = statement.param("status", filter.status());
        if (search != null) statement = statement.param("search", search);
        Instant now = clock.instant();
        return statement.query((row, n) -> CaseRecords.summary(CaseRow.map(row, n), row.getInt("reports"), now)).list();
    }

    /** The case as the queue shows it, without opening any report (e.g. before someone steps aside). */
    @Transactional
    public CaseSummary summary(Viewer viewer, String caseId) {
        CaseRow row = access.require(viewer, caseId, CaseAction.LIST);
        audit.record("read", "case-summary", caseId, caseId);
        return CaseRecords.summary(row, records.reportIds(caseId).size(), clock.instant());
    }
}
