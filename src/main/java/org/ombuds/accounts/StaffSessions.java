package org.ombuds.accounts;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.ombuds.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A member's signed-in sessions, as Spring Session keeps them in the database (indexed by principal name, which is
 * the account id). Revoking deletes the rows: the next request of that browser, on any node, finds no session and is
 * signed out. Plain SQL, so the command line (which runs without the web layer) revokes too.
 */
@Service
public class StaffSessions {
    private final JdbcClient jdbc;
    private final AuditLog audit;

    StaffSessions(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** One session as its owner sees it (never its id, which is the cookie's secret). */
    public record SessionInfo(Instant signedInAt, Instant lastActiveAt, boolean current) {
    }

    public List<SessionInfo> of(String accountId) {
        String current = currentSessionId();
        return jdbc.sql("""
                        SELECT SESSION_ID, CREATION_TIME, LAST_ACCESS_TIME FROM SPRING_SESSION
                        WHERE PRINCIPAL_NAME = ? AND EXPIRY_TIME > ? ORDER BY LAST_ACCESS_TIME DESC""")
                .params(accountId, System.currentTimeMillis())
                .query((row, n) -> new SessionInfo(Instant.ofEpochMilli(row.getLong("CREATION_TIME")),
                        Instant.ofEpochMilli(row.getLong("LAST_ACCESS_TIME")), row.getString("SESSION_ID").strip().equals(current)))
                .list();
    }

    /** Signs the account out everywhere but in the session making this request (if it is one of theirs). */
    @Transactional
    public int revokeOthers(String accountId) {
        String current = currentSessionId();
        int revoked = jdbc.sql("DELETE FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ? AND SESSION_ID <> ?")
                .params(accountId, current == null ? "" : current).update();
        if (revoked > 0) audit.record("revoke-sessions", "account", accountId, null);
        return revoked;
    }

    private static String currentSessionId() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) return null;
        HttpSession session = attributes.getRequest().getSession(false);
        return session == null ? null : session.getId();
    }
}
