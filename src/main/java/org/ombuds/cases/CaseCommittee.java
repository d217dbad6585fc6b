package org.ombuds.cases;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The committee of a case ({@link Committee}): fixed when the case opens, so that nobody can shrink the quorum
 * afterwards except by acts the rules allow and record (a member's own declaration, an admin's recusal, an admin
 * disabling an account, a confirmed party relation). Recusals made by anyone else (before admins alone could recuse
 * others) and members a report names do not shrink it.
 */
@Component
class CaseCommittee {
    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final CaseAccess access;

    CaseCommittee(JdbcClient jdbc, Accounts accounts, CaseAccess access) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.access = access;
    }

    /** Records the committee as it stands now, for a case that opens now. */
    void fixAtOpening(String caseId) {
        for (Account account : accounts.all()) {
            if (account.active() && (account.role() == Role.ADMIN || account.role() == Role.MODERATOR)) {
                jdbc.sql("INSERT INTO case_committee (case_id, account_id) VALUES (?, ?)").params(caseId, account.id()).update();
            }
        }
    }

    /** A case split off another keeps the committee the original opened with. */
    void copy(String fromCaseId, String toCaseId) {
        jdbc.sql("INSERT INTO case_committee (case_id, account_id) SELECT ?, account_id FROM case_committee WHERE case_id = ?")
                .params(toCaseId, fromCaseId).update();
    }

    Committee of(String caseId) {
        List<String> atOpening = jdbc.sql("SELECT account_id FROM case_committee WHERE case_id = ? ORDER BY account_id").param(caseId)
                .query(String.class).list();
        Set<String> excused = excused(caseId);
        Set<String> parties = confirmedPartyPersons(caseId);
        List<String> members = atOpening.stream().map(accounts::byId).flatMap(java.util.Optional::stream)
                .filter(Account::active).filter(account -> account.role() == Role.ADMIN || account.role() == Role.MODERATOR)
                .filter(account -> !excused.contains(account.id()))
                .filter(account -> access.viewer(account.id()).personIds().stream().noneMatch(parties::contains))
                .map(Account::id).toList();
        List<String> voters = members.stream().filter(member -> access.canSee(member, caseId)).toList();
        return new Committee(members, voters, atOpening.size());
    }

    /** Members whose own declaration or an admin's recusal keeps them from the case. */
    private Set<String> excused(String caseId) {
        Set<String> excused = new LinkedHashSet<>();
        jdbc.sql("SELECT account_id, kind, recorded_by FROM case_recusal WHERE case_id = ?").param(caseId)
                .query((row, n) -> {
                    String kind = row.getString("kind");
                    String by = row.getString("recorded_by");
                    boolean byAdmin = accounts.byId(by).map(account -> account.role() == Role.ADMIN).orElse(false);
                    if (kind.equals(Recusals.DECLARED) || (kind.equals(Recusals.RECUSED) && byAdmin)) excused.add(row.getString("account_id"));
                    return null;
                }).list();
        return excused;
    }

    private Set<String> confirmedPartyPersons(String caseId) {
        return new LinkedHashSet<>(jdbc.sql("SELECT person_id FROM case_party WHERE case_id = ? AND confirmed_by IS NOT NULL")
                .param(caseId).query(String.class).list());
    }
}
