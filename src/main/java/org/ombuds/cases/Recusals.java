package org.ombuds.cases;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who is kept from a case. A member declares their own conflict of interest; recusing someone else takes an admin
 * and a reason, is told to the member and shown to the committee, and an admin can lift it again. A member a report
 * names is kept from that report's case as a precaution until an admin confirms (recuses them) or lifts it. None of
 * these may leave a case without an admin who can reach it ({@link CommitteeFloor}).
 */
@Service
public class Recusals {
    public static final String DECLARED = "declared";
    public static final String RECUSED = "recused";
    public static final String NAMED = "named";
    static final String REASON_CONTEXT = "case_recusal.sealed_reason";
    private static final String SYSTEM = "system";

    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final CommitteeFloor floor;
    private final Accounts accounts;
    private final Timeline timeline;
    private final DataKeys keys;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Recusals(JdbcClient jdbc, CaseAccess access, CommitteeFloor floor, Accounts accounts, Timeline timeline, DataKeys keys, AuditLog audit,
             ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.floor = floor;
        this.accounts = accounts;
        this.timeline = timeline;
        this.keys = keys;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Recuses the member with this address: their own declaration of a conflict (any staff member who can see the case;
     * the reason is optional, a conflict need not be explained) or, by an admin, someone else (reason required; the member
     * is told). From then on the case is out of their reach.
     */
    @Transactional
    public void recuse(Viewer viewer, String caseId, String email, String reason) {
        Account account = accounts.requireByEmail(email);
        boolean self = account.id().equals(viewer.accountId());
        CaseRow row = access.require(viewer, caseId, self ? CaseAction.READ : CaseAction.RECUSE);
        String why = self ? optional(reason) : required(reason, "say why you recuse them: they are told, and the committee sees it");
        floor.keepingAnAdmin(caseId, () -> {
            jdbc.sql("DELETE FROM case_assignee WHERE case_id = ? AND account_id = ?").params(caseId, account.id()).update();
            store(row, account.id(), self ? DECLARED : RECUSED, viewer.accountId(), why);
        });
        timeline.record(caseId, viewer.accountId(), self ? CaseEvent.Kind.CONFLICT_DECLARED : CaseEvent.Kind.RECUSED, account.id(), why);
        audit.record(self ? "declare-conflict" : "recuse", "case", caseId, caseId);
        if (!self) events.publishEvent(new RecusalChanged(caseId, account.id(), viewer.accountId(), RecusalChanged.Change.RECUSED));
    }

    /** Lifts a recusal (admins, with a reason): the member may reach the case again, and is told so. */
    @Transactional
    public void lift(Viewer viewer, String caseId, String accountId, String reason) {
        access.require(viewer, caseId, CaseAction.RECUSE);
        String why = required(reason, "say why the member may reach the case again");
        String kind = jdbc.sql("SELECT kind FROM case_recusal WHERE case_id = ? AND account_id = ?").params(caseId, accountId == null ? "" : accountId)
                .query(String.class).optional()
                .orElseThrow(() -> new NotFoundException("nobody with that account is recused from this case"));
        jdbc.sql("DELETE FROM case_recusal WHERE case_id = ? AND account_id = ?").params(caseId, accountId).update();
        timeline.record(caseId, viewer.accountId(), CaseEvent.Kind.RECUSAL_LIFTED, accountId, why);
        audit.record("lift-recusal", "case", caseId, caseId);
        // A member a report named was never told they were kept out; telling them now would tell them they were named.
        if (!kind.equals(NAMED)) events.publishEvent(new RecusalChanged(caseId, accountId, viewer.accountId(), RecusalChanged.Change.LIFTED));
    }

    /**
     * Keeps the members a report names from the case it opened, as a precaution, never leaving it without an admin:
     * when every admin who could see it is named, the admins stay (the committee sees that they are named).
     */
    void keepNamedMembersFrom(String caseId, Set<String> named) {
        CaseRow row = jdbc.sql("SELECT * FROM case_file WHERE id = ?").param(caseId).query(CaseRow::map).single();
        Set<String> admins = new LinkedHashSet<>();
        for (String accountId : named) accounts.byId(accountId).filter(account -> account.role() == Role.ADMIN).ifPresent(a -> admins.add(a.id()));
        boolean keepAdmins = floor.wouldLoseEveryAdmin(caseId, admins);
        for (String accountId : named) {
            if (keepAdmins && admins.contains(accountId)) {
                timeline.record(caseId, null, CaseEvent.Kind.NAMED_STILL_SEES, accountId);
                continue;
            }
            if (jdbc.sql("SELECT COUNT(*) FROM case_recusal WHERE case_id = ? AND account_id = ?").params(caseId, accountId)
                    .query(Integer.class).single() > 0) continue;
            store(row, accountId, NAMED, SYSTEM, null);
            timeline.record(caseId, null, CaseEvent.Kind.NAMED_IN_REPORT, accountId);
        }
    }

    /** Copies a case's recusals to another (a merge or a split), their reasons sealed again with that case's key. */
    void copy(CaseRow from, CaseRow to) {
        List<String[]> rows = jdbc.sql("SELECT account_id, kind, recorded_by FROM case_recusal WHERE case_id = ?").param(from.id())
                .query((r, n) -> new String[] {r.getString(1), r.getString(2), r.getString(3)}).list();
        for (String[] recusal : rows) {
            if (jdbc.sql("SELECT COUNT(*) FROM case_recusal WHERE case_id = ? AND account_id = ?").params(to.id(), recusal[0])
                    .query(Integer.class).single() > 0) continue;
            store(to, recusal[0], recusal[1], recusal[2], reason(from, recusal[0]));
        }
    }

    /** The code name of the case and the reason an admin gave for recusing this member, for telling the member. */
    public record Notice(String codeName, String reason) {
    }

    public Notice notice(String caseId, String accountId) {
        CaseRow row = jdbc.sql("SELECT * FROM case_file WHERE id = ?").param(caseId).query(CaseRow::map).single();
        return new Notice(CodeNames.display(row.codeName()), reason(row, accountId));
    }

    /** The reason given for a member's recusal, opened (callers checked that the reader may see the case). */
    String reason(CaseRow row, String accountId) {
        return jdbc.sql("SELECT sealed_reason FROM case_recusal WHERE case_id = ? AND account_id = ?").params(row.id(), accountId)
                .query(String.class).list().stream().filter(java.util.Objects::nonNull).findFirst()
                .map(sealed -> keys.open(row.dataKeyId(), sealed, REASON_CONTEXT + ":" + row.id() + ":" + accountId)).orElse(null);
    }

    private void store(CaseRow row, String accountId, String kind, String by, String reason) {
        jdbc.sql("DELETE FROM case_recusal WHERE case_id = ? AND account_id = ?").params(row.id(), accountId).update();
        jdbc.sql("INSERT INTO case_recusal (case_id, account_id, kind, recorded_by, recorded_at, sealed_reason) VALUES (?, ?, ?, ?, ?, ?)")
                .params(row.id(), accountId, kind, by, clock.millis(),
                        reason == null ? null : keys.seal(row.dataKeyId(), reason, REASON_CONTEXT + ":" + row.id() + ":" + accountId))
                .update();
    }

    static String required(String reason, String hint) {
        String text = optional(reason);
        if (text == null) throw new InvalidInputException("reason", hint, "reason.required", Cases.MAX_REASON);
        return text;
    }

    static String optional(String reason) {
        String text = reason == null ? "" : reason.strip();
        if (text.length() > Cases.MAX_REASON) {
            throw new InvalidInputException("reason", "the reason must be at most " + Cases.MAX_REASON + " characters", "reason.long", Cases.MAX_REASON);
        }
        return text.isEmpty() ? null : text;
    }
}
