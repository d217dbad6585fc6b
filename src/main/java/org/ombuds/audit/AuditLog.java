package org.ombuds.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The append-only audit log of every read and change of sensitive records. Each entry carries the SHA-256 of
 * the entry before it, so an edited, removed or reordered entry breaks the chain and {@link #verify()} names it.
 * Appends take the row lock on audit_head first, so concurrent appends (and several nodes) form one chain.
 */
@Service
public class AuditLog {
    public static final String GENESIS = "0".repeat(64);
    private static final int BATCH = 5_000;
    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an action by whoever is signed in (a reporter or anonymous caller counts as {@code reporter}). */
    @Transactional
    public void record(String action, String recordType, String recordId, String caseId) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        boolean staff = auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
        HttpServletRequest request = currentRequest();
        // A reporter's address is never kept: it could tell who reported. Work without a request is local (CLI, jobs).
        String actor = staff ? auth.getName() : request == null ? "system" : "reporter";
        String origin = request == null ? "local" : staff ? request.getRemoteAddr() : null;
        recordAs(actor, action, recordType, recordId, caseId, origin);
    }

    /**
     * Appends an entry. Values can come from a request (a filter typed into the log's own search), so control
     * characters are escaped before the entry is hashed and stored: no entry carries a line break or other control
     * character into a page, a terminal or an export, and the chain covers exactly what is stored.
     */
    @Transactional
    public void recordAs(String actor, String action, String recordType, String recordId, String caseId, String origin) {
        actor = escaped(actor);
        action = escaped(action);
        recordType = escaped(recordType);
        recordId = escaped(recordId);
        caseId = escaped(caseId);
        origin = escaped(origin);
        // Taking the next number locks the head row (on PostgreSQL) before the previous hash is read, in one statement.
        Head head = jdbc.sql("UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, last_hash")
                .query((row, n) -> new Head(row.getLong(1), row.getString(2))).single();
        long seq = head.seq();
        long at = clock.millis();
        String hash = hash(seq, at, actor, action, recordType, recordId, caseId, origin, head.hash());
        jdbc.sql("""
                        INSERT INTO audit_entry (seq, at, actor, action, record_type, record_id, case_id, origin, prev_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(seq, at, actor, action, recordType, recordId, caseId, origin, head.hash(), hash).update();
        jdbc.sql("UPDATE audit_head SET last_hash = ? WHERE id = 1").param(hash).update();
    }

    /** Filters for reading the log; any may be null. {@code before} pages backwards by entry number. */
    public record Query(String caseId, String actor, Long before, int limit) {
    }

    /** Newest first, only entries the reader may see (see {@link CaseVisibility}). */
    public List<AuditEntry> entries(Query query, Predicate<String> visibleCase, boolean includeCaseless) {
        List<AuditEntry> page = new java.util.ArrayList<>();
        Long before = query.before();
        while (page.size() < query.limit()) {
            StringBuilder sql = new StringBuilder("SELECT * FROM audit_entry WHERE 1 = 1");
            List<Object> params = new java.util.ArrayList<>();
            if (query.caseId() != null) {
                sql.append(" AND case_id = ?");
                params.add(query.caseId());
            }
            if (query.actor() != null) {
                sql.append(" AND actor = ?");
                params.add(query.actor());
            }
            if (before != null) {
                sql.append(" AND seq < ?");
                params.add(before);
            }
            params.add(Math.max(query.limit(), 200));
            List<AuditEntry> batch = jdbc.sql(sql + " ORDER BY seq DESC LIMIT ?").params(params)
                    .query(AuditLog::map).list();
            for (AuditEntry entry : batch) {
                boolean visible = entry.caseId() == null ? includeCaseless : visibleCase.test(entry.caseId());
                if (visible && page.size() < query.limit()) page.add(entry);
            }
            if (batch.size() < Math.max(query.limit(), 200)) break;
            before = batch.get(batch.size() - 1).seq();
        }
        return page;
    }

    /**
     * Recomputes the chain from the first entry: numbers must run 1, 2, 3, ... without gaps, each entry must name
     * the previous entry's hash and hash to what it says; the head must match the last entry.
     */
    public AuditVerification verify() {
        long expected = 1;
        String previous = GENESIS;
        for (int round = 1; ; round++) {
            while (true) {
                List<AuditEntry> batch = jdbc.sql("SELECT * FROM audit_entry WHERE seq >= ? ORDER BY seq LIMIT ?")
                        .params(expected, BATCH).query(AuditLog::map).list();
                for (AuditEntry entry : batch) {
                    if (entry.seq() != expected) {
                        return AuditVerification.broken(expected, "entry " + expected + " was removed");
                    }
                    if (!entry.prevHash().equals(previous)) {
                        return AuditVerification.broken(expected, "entry " + expected
                                + " does not follow entry " + (expected - 1) + ": entries were reordered or replaced");
                    }
                    String recomputed = hash(entry.seq(), entry.at().toEpochMilli(), entry.actor(), entry.action(), entry.recordType(),
                            entry.recordId(), entry.caseId(), entry.origin(), entry.prevHash());
                    if (!recomputed.equals(entry.hash())) {
                        return AuditVerification.broken(expected, "entry " + expected + " was altered");
                    }
                    previous = entry.hash();
                    expected++;
                }
                if (batch.size() < BATCH) break;
            }
            Head head = jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
                    .query((row, n) -> new Head(row.getLong(1), row.getString(2))).single();
            // Entries appended (and committed) since the last batch was read: verify them too, rather than call the
            // log short. A head that stays ahead of the entries after that means entries are missing.
            if (head.seq() >= expected && round < 3) continue;
            if (head.seq() >= expected) {
                return AuditVerification.broken(expected, "entry " + expected + " was removed (the log ends early)");
            }
            if (!head.hash().equals(previous)) {
                return AuditVerification.broken(expected - 1, "entry " + (expected - 1) + " is not the entry the log last wrote");
            }
            return AuditVerification.ok(expected - 1);
        }
    }

    private record Head(long seq, String hash) {
    }

    static String hash(long seq, long at, String actor, String action, String recordType, String recordId, String caseId,
                       String origin, String previous) {
        StringBuilder text = new StringBuilder();
        // Length-prefixed fields, with null distinct from every string: no two different entries share an input.
        for (Object field : new Object[] {seq, at, actor, action, recordType, recordId, caseId, origin, previous}) {
            if (field == null) {
                text.append("-1:");
            } else {
                String value = field.toString();
                text.append(value.length()).append(':').append(value);
            }
            text.append('|');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Control, format and line-separator characters written as {@code \\uXXXX}, and the backslash doubled so that an
     * escape cannot be typed in as text: the stored value reads back unambiguously.
     */
    static String escaped(String value) {
        if (value == null) return null;
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int type = Character.getType(c);
            boolean unsafe = c == '\\' || type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            if (unsafe && out == null) out = new StringBuilder(value.substring(0, i));
            if (out == null) continue;
            if (c == '\\') out.append("\\\\");
            else if (unsafe) out.append(String.format("\\u%04X", (int) c));
            else out.append(c);
        }
        return out == null ? value : out.toString();
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes ? attributes.getRequest() : null;
    }

    private static AuditEntry map(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        return new AuditEntry(row.getLong("seq"), Instant.ofEpochMilli(row.getLong("at")), row.getString("actor"),
                row.getString("action"), row.getString("record_type"), row.getString("record_id"), row.getString("case_id"),
                row.getString("origin"), row.getString("prev_hash"), row.getString("hash"));
    }
}
