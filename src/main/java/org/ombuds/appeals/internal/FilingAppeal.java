package org.ombuds.appeals.internal;

import static org.ombuds.appeals.internal.AppealRecords.EVIDENCE;
import static org.ombuds.appeals.internal.AppealRecords.REASONING;
import static org.ombuds.appeals.internal.AppealRecords.STATEMENT;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.ombuds.appeals.Appeals;
import org.ombuds.appeals.AppellantView;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseStep;
import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.CaseLetters;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Ids;
import org.ombuds.sanctions.AppealLinks;
import org.ombuds.sanctions.Decisions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Filing an appeal through the personal link in the letter: what the appellant sees there, and the appeal itself,
 * within the window, once per decision, for a decision still in effect ({@link AppealFilingPolicy}). A filed appeal
 * goes straight to a reviewer who took no part in the case, or waits, visibly, for an admin to find one.
 */
@Component
public class FilingAppeal {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final PersonalLinks links;
    private final AppealRecords records;
    private final AssigningReviewer assigning;
    private final Decisions decisions;
    private final CaseLetters caseLetters;
    private final DataKeys keys;
    private final AuditLog audit;
    private final Clock clock;

    FilingAppeal(JdbcClient jdbc, PersonalLinks links, AppealRecords records, AssigningReviewer assigning, Decisions decisions, CaseLetters caseLetters,
                 DataKeys keys, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.links = links;
        this.records = records;
        this.assigning = assigning;
        this.decisions = decisions;
        this.caseLetters = caseLetters;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /** What the appellant sees: the decision as their letter told it, until when they may appeal, and their appeal. */
    @Transactional
    public AppellantView view(String token, String client) {
        AppealLinks.Link link = links.resolve(token, client);
        Decisions.Appealed decision = decisions.appealed(link.decisionId()).orElseThrow();
        Optional<AppealRow> appeal = records.appealOf(link.decisionId());
        audit.recordAs("appellant", "read", "appeal", appeal.map(AppealRow::id).orElse(null), link.caseId(), "local");
        String letter = caseLetters.committeeLetter("sanction:" + link.sanctionId() + ":decided").orElse(null);
        boolean mayFile = AppealFilingPolicy.refusal(new AppealFilingPolicy.Request(link, decision, appeal.isPresent(), clock.instant())).isEmpty();
        return new AppellantView(decision.action(), decision.status(), letter, link.expiresAt(), mayFile,
                appeal.map(this::appellantAppeal).orElse(null));
    }

    /** Files the appeal; refused with the policy's reason when it may not be filed. */
    @Transactional
    public String file(String token, String client, String statement, String evidence) {
        AppealLinks.Link link = links.resolve(token, client);
        Decisions.Appealed decision = decisions.appealed(link.decisionId()).orElseThrow();
        boolean filedAlready = records.appealOf(link.decisionId()).isPresent();
        AppealFilingPolicy.refusal(new AppealFilingPolicy.Request(link, decision, filedAlready, clock.instant())).ifPresent(refusal -> {
            throw refusal.asConflict();
        });
        String text = AppealRecords.required("statement", statement);
        String evidenceText = AppealRecords.optional("evidence", evidence);
        String id = Ids.newId();
        String key = keys.create();
        long now = clock.millis();
        jdbc.sql("""
                        INSERT INTO appeal (id, link_id, decision_id, case_id, data_key_id, sealed_statement, sealed_evidence, status, filed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, link.id(), link.decisionId(), link.caseId(), key, keys.seal(key, text, STATEMENT + ":" + id),
                        evidenceText == null ? null : keys.seal(key, evidenceText, EVIDENCE + ":" + id), Appeals.AWAITING_REVIEWER, now)
                .update();
        records.event(id, null, "filed", decision.action());
        events.publishEvent(new CaseStep(link.caseId(), null, CaseEvent.Kind.APPEAL_FILED, id));
        audit.recordAs("appellant", "create", "appeal", id, link.caseId(), "local");
        assigning.assignNext(id, link.caseId(), Set.of(), null);
        return id;
    }

    private AppellantView.Appeal appellantAppeal(AppealRow appeal) {
        boolean decided = appeal.status().equals(Appeals.DECIDED);
        return new AppellantView.Appeal(appeal.status(), Instant.ofEpochMilli(appeal.filedAt()),
                records.open(appeal, appeal.sealedStatement(), STATEMENT),
                appeal.sealedEvidence() == null ? null : records.open(appeal, appeal.sealedEvidence(), EVIDENCE), records.messages(appeal, true),
                decided ? appeal.outcome() : null,
                decided && appeal.sealedReasoning() != null ? records.open(appeal, appeal.sealedReasoning(), REASONING) : null,
                appeal.decidedAt() == null || !decided ? null : Instant.ofEpochMilli(appeal.decidedAt()));
    }
}
