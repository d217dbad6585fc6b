package org.ombuds.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.appeals.Appeals;
import org.ombuds.cases.CaseRetention;
import org.ombuds.community.People;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.SanctionRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When a case's content goes. A case whose work is over (decided or closed) and not under legal hold is purged once
 * nothing happened to it for {@link RetentionSettings#closedWithoutSanction()} if it never sanctioned anyone, or
 * {@link RetentionSettings#afterSanctionEnded()} after its last sanction ended; a case with a sanction in effect
 * is never purged. Each module purges its own records (reports, case, decisions, appeals); the people only purged
 * cases named lose their handles. One transaction per case, one audit entry per case, no content in the log.
 *
 * <p>DESIGN.md puts retention in {@code transparency}; it lives here in its own module until that one exists.
 */
@Service
@EnableConfigurationProperties(RetentionSettings.class)
public class RetentionPolicy {
    private static final Logger log = LoggerFactory.getLogger(RetentionPolicy.class);
    private static final int PROGRESS_EVERY = 100;
    private final CaseRetention cases;
    private final SanctionRetention sanctions;
    private final Intake intake;
    private final Appeals appeals;
    private final People people;
    private final Accounts accounts;
    private final RetentionSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RetentionPolicy(CaseRetention cases, SanctionRetention sanctions, Intake intake, Appeals appeals, People people, Accounts accounts,
                    RetentionSettings settings, PlatformTransactionManager transactionManager, Clock clock) {
        this.cases = cases;
        this.sanctions = sanctions;
        this.intake = intake;
        this.appeals = appeals;
        this.people = people;
        this.accounts = accounts;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Why a case is kept or may go; a reason a committee member can read. */
    public sealed interface Verdict {
        record Expired(String rule) implements Verdict {
        }

        record Kept(String reason) implements Verdict {
        }
    }

    /** The rule for one case, given when anything last happened to it. */
    public Verdict verdict(CaseRetention.Candidate candidate) {
        Instant now = clock.instant();
        if (cases.underLegalHold(candidate.caseId())) return new Verdict.Kept("under legal hold");
        SanctionRetention.History history = sanctions.historyOf(candidate.caseId());
        if (history.inEffect()) return new Verdict.Kept("a sanction is in effect");
        if (history.sanctions() == 0) {
            return candidate.lastActivity().isBefore(before(now, settings.closedWithoutSanction()))
                    ? new Verdict.Expired("closed-without-sanction") : new Verdict.Kept("within the retention period");
        }
        Instant since = history.lastEnded() == null || history.lastEnded().isBefore(candidate.lastActivity())
                ? candidate.lastActivity() : history.lastEnded();
        return since.isBefore(before(now, settings.afterSanctionEnded()))
                ? new Verdict.Expired("after-sanction-ended") : new Verdict.Kept("within the retention period after the sanction");
    }

    /** Purges every case whose time has come; returns how many. Run by the scheduler on one node. */
    public int purgeExpired() {
        Instant now = clock.instant();
        Instant earliest = before(now, shorter(settings.closedWithoutSanction(), settings.afterSanctionEnded(), now));
        var candidates = cases.inactiveSince(earliest);
        if (!candidates.isEmpty()) log.info("retention: {} case(s) inactive long enough to check", candidates.size());
        int purged = 0;
        int checked = 0;
        for (CaseRetention.Candidate candidate : candidates) {
            checked++;
            if (verdict(candidate) instanceof Verdict.Expired) {
                purge(candidate.caseId());
                purged++;
            }
            if (checked % PROGRESS_EVERY == 0) log.info("retention: {} of {} checked, {} purged", checked, candidates.size(), purged);
        }
        if (purged > 0) log.info("retention: purged {} case(s)", purged);
        return purged;
    }

    /** Purges one case now, whatever its age (refused under legal hold or with a sanction in effect). */
    public void purge(String caseId) {
        transactions.executeWithoutResult(status -> {
            Set<String> named = new LinkedHashSet<>(sanctions.purge(caseId));
            appeals.purge(caseId);
            CaseRetention.Purged purged = cases.purge(caseId);
            intake.purge(purged.reportIds());
            named.addAll(purged.personIds());
            named.forEach(this::forgetIfNoLongerNamed);
        });
    }

    /** A person named only by purged cases loses their handles; one still named elsewhere (or a staff member) keeps them. */
    private void forgetIfNoLongerNamed(String personId) {
        Set<String> same = people.sameAs(personId);
        boolean staff = accounts.all().stream().map(Account::personId).anyMatch(same::contains);
        if (staff || cases.namesAnyOf(same) || sanctions.namesAnyOf(same) || !intake.about(same).isEmpty() || !intake.filedBy(same).isEmpty()) {
            return;
        }
        people.forget(personId);
    }

    private static Instant before(Instant now, java.time.Period period) {
        return now.atOffset(ZoneOffset.UTC).minus(period).toInstant();
    }

    private static java.time.Period shorter(java.time.Period a, java.time.Period b, Instant now) {
        return before(now, a).isAfter(before(now, b)) ? a : b;
    }
}
