package org.ombuds.audit.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

import org.ombuds.audit.AuditEntry;
import org.ombuds.audit.AuditLog;
import org.ombuds.audit.CaseVisibility;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.Spreadsheets;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reading the log is itself recorded; what a reader may see is decided by {@link CaseVisibility}. */
@Component
class AuditReader {
    private static final int EXPORT_PAGE = 1_000;
    private static final List<String> HEADER =
            List.of("seq", "at", "actor", "action", "record_type", "record_id", "case_id", "origin", "prev_hash", "hash");
    private final AuditLog log;
    private final CaseVisibility visibility;

    AuditReader(AuditLog log, CaseVisibility visibility) {
        this.log = log;
        this.visibility = visibility;
    }

    @Transactional
    List<AuditEntry> read(Authentication reader, String caseId, String account, Long before, int limit) {
        if (limit < 1 || limit > 1000) throw new InvalidInputException("limit", "limit must be 1 to 1000");
        // Entries are numbered from 1: a smaller number names no page (as a negative page of the case queue does not).
        if (before != null && before < 1) throw new InvalidInputException("before", "before must be an entry number, 1 or more");
        Predicate<String> visible = visibleCases(reader, caseId);
        log.record("read", "audit-log", account, caseId);
        return log.entries(new AuditLog.Query(blank(caseId), blank(account), before, limit), visible, isAdmin(reader));
    }

    @Transactional
    String csv(Authentication reader, String caseId, String account) {
        Predicate<String> visible = visibleCases(reader, caseId);
        log.record("export", "audit-log", account, caseId);
        List<AuditEntry> all = new ArrayList<>();
        Long before = null;
        while (true) {
            List<AuditEntry> page = log.entries(new AuditLog.Query(blank(caseId), blank(account), before, EXPORT_PAGE), visible, isAdmin(reader));
            all.addAll(page);
            if (page.size() < EXPORT_PAGE) break;
            before = page.get(page.size() - 1).seq();
        }
        Collections.reverse(all);
        List<List<?>> rows = all.stream().<List<?>>map(e -> java.util.Arrays.asList(e.seq(), e.at(), e.actor(), e.action(),
                e.recordType(), e.recordId(), e.caseId(), e.origin(), e.prevHash(), e.hash())).toList();
        return Spreadsheets.csv(HEADER, rows);
    }

    private Predicate<String> visibleCases(Authentication reader, String caseId) {
        Predicate<String> visible = visibility.casesVisibleTo(reader.getName());
        if (blank(caseId) != null && !visible.test(caseId)) {
            throw new NotFoundException("there is no case " + org.ombuds.platform.Slugs.printable(caseId));
        }
        return visible;
    }

    static boolean isAdmin(Authentication reader) {
        return reader.getAuthorities().stream().anyMatch(authority -> authority.getAuthority().equals("ROLE_ADMIN"));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
