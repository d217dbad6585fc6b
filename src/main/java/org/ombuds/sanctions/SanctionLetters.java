package org.ombuds.sanctions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.Cases;
import org.ombuds.coc.Category;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.community.Communities;
import org.ombuds.community.Community;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Mailer;
import org.ombuds.platform.OmbudsProperties;
import org.ombuds.platform.UnavailableException;
import org.ombuds.sanctions.LetterComposer.Clause;
import org.ombuds.sanctions.LetterComposer.Letter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Writes to the sanctioned person when a sanction starts, ends or is lifted: by email to their address, and sealed
 * on the case. The events come through the event publication registry, so a letter the mail server refused is
 * tried again later ({@code EventRedelivery}); a letter already on record is never sent twice. Without an address
 * or a mail server the letter is recorded as not sent, and the case's timeline says so, for the committee to hand
 * it over another way. Letters are built from the decision and the Code only: they never name who reported. The
 * wording is {@link LetterComposer}'s, from the texts in use ({@link LetterTemplates}).
 */
@Component
class SanctionLetters {
    private final JdbcClient jdbc;
    private final Cases cases;
    private final CaseLetters caseLetters;
    private final Communities communities;
    private final CodeOfConduct code;
    private final Spaces spaces;
    private final People people;
    private final DataKeys keys;
    private final Mailer mailer;
    private final LetterComposer composer;
    private final OmbudsProperties properties;
    private final AppealLinks appealLinks;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SanctionLetters(JdbcClient jdbc, Cases cases, Communities communities, CodeOfConduct code, Spaces spaces, People people, DataKeys keys,
                    Mailer mailer, LetterComposer composer, OmbudsProperties properties, AppealLinks appealLinks,
                    PlatformTransactionManager transactions, Clock clock, CaseLetters caseLetters) {
        this.caseLetters = caseLetters;
        this.jdbc = jdbc;
        this.cases = cases;
        this.communities = communities;
        this.code = code;
        this.spaces = spaces;
        this.people = people;
        this.keys = keys;
        this.mailer = mailer;
        this.composer = composer;
        this.properties = properties;
        this.appealLinks = appealLinks;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Async
    @TransactionalEventListener
    void decided(SanctionDecided event) {
        // An imported sanction was announced by the committee when it decided it, before Ombuds.
        if (event.imported()) return;
        write(event.sanctionId(), "decided", null);
    }

    @Async
    @TransactionalEventListener
    void ended(SanctionEnded event) {
        write(event.sanctionId(), "ended", null);
    }

    @Async
    @TransactionalEventListener
    void lifted(SanctionLifted event) {
        write(event.sanctionId(), "lifted", event.reason());
    }

    /**
     * The letter for one step of a sanction: composed, sent (or not, and why) and recorded once. A letter announcing
     * a sanction carries a new personal appeal link, stored (hashed) together with the letter once it went out.
     */
    void write(String sanctionId, String step, String reason) {
        String regarding = "sanction:" + sanctionId + ":" + step;
        if (caseLetters.letterRecorded(regarding)) return;
        SanctionRow sanction = jdbc.sql("SELECT * FROM sanction WHERE id = ?").param(sanctionId)
                .query((row, n) -> new SanctionRow(row.getString("id"), row.getString("decision_id"), row.getString("case_id"),
                        row.getString("person_id"), row.getLong("starts_at"), row.getObject("ends_at") == null ? null : row.getLong("ends_at"),
                        row.getObject("ended_at") == null ? null : row.getLong("ended_at")))
                .single();
        DecisionRow decision = jdbc.sql("SELECT * FROM decision WHERE id = ?").param(sanction.decisionId()).query(DecisionRow::map).single();
        Community community = communities.byId(cases.communityOf(sanction.caseId())).orElseThrow();
        long issuedAt = clock.millis();
        String appealToken = step.equals("decided") && decision.onAppeal() == null ? appealLinks.newToken() : null;
        Letter letter = switch (step) {
            case "decided" -> announcement(sanction, decision, community, appealToken, issuedAt);
            case "ended" -> ending(sanction, decision, community);
            default -> lifting(sanction, reason, community);
        };
        Optional<String> address = people.emailOf(sanction.personId());
        String delivery;
        if (address.isEmpty()) {
            delivery = "no-address";
        } else if (!mailer.configured()) {
            delivery = "no-mail-server";
        } else if (mailer.send(List.of(address.get()), letter.subject(), letter.body())) {
            delivery = "sent";
        } else {
            // Left incomplete in the registry: tried again with backoff.
            throw new UnavailableException("the mail server did not take the letter about sanction " + sanctionId + "; it is tried again later");
        }
        // The copy on the case keeps the personal link only when the committee has to hand the letter over itself;
        // otherwise whoever reads the case could appeal in the person's name.
        String kept = appealToken != null && delivery.equals("sent") ? letter.body().replace(appealToken, AppealLinks.masked(appealToken))
                : letter.body();
        transaction.executeWithoutResult(status -> {
            boolean recorded = caseLetters.recordCommitteeLetter(sanction.caseId(), decision.proposedBy(), address.orElse(null), letter.subject(),
                    kept, regarding, delivery);
            if (recorded && appealToken != null) appealLinks.store(sanctionId, appealToken, issuedAt);
        });
    }

    private Letter announcement(SanctionRow sanction, DecisionRow decision, Community community, String appealToken, long issuedAt) {
        CodeVersion version = code.version(community.slug(), decision.codeVersion());
        List<Clause> clauses = new ArrayList<>();
        for (String clause : decision.clauses().split(",")) {
            version.categories().stream().filter(category -> category.id().equals(clause)).findFirst()
                    .ifPresent((Category category) -> clauses.add(new Clause(category.name(), category.description())));
        }
        String actionName = version.action(decision.action()).map(action -> action.name()).orElse(decision.action());
        return composer.announcement(new LetterComposer.Announcement(decision.action(), decision.kind(), actionName, community.name(),
                decision.interim(),
                decision.codeVersion(), clauses,
                decision.sealedSubjectMessage() == null ? null : open(decision, decision.sealedSubjectMessage(), DecisionRecords.SUBJECT_MESSAGE),
                spaceNames(decision.spaces()), sanction.endsAt() == null ? null : Instant.ofEpochMilli(sanction.endsAt()),
                decision.sealedConditions() == null ? null : open(decision, decision.sealedConditions(), DecisionRecords.CONDITIONS),
                noContactHandles(decision.id()), appealLinks.expiry(issuedAt),
                appealToken == null ? null : properties.baseUrl() + "/appeal/" + appealToken, properties.baseUrl() + "/appeals",
                reference(sanction), properties.committee().hasEmail() ? properties.committee().email() : null, properties.baseUrl() + "/coc"));
    }

    private Letter ending(SanctionRow sanction, DecisionRow decision, Community community) {
        Instant ended = Instant.ofEpochMilli(sanction.endedAt() != null ? sanction.endedAt() : sanction.endsAt());
        boolean lapsed = DecisionStatus.LAPSED.is(decision.status());
        return composer.ending(new LetterComposer.Ending(community.name(), lapsed, ended,
                decision.sealedConditions() == null || lapsed ? null : open(decision, decision.sealedConditions(), DecisionRecords.CONDITIONS)));
    }

    private Letter lifting(SanctionRow sanction, String reason, Community community) {
        return composer.lifting(new LetterComposer.Lifting(community.name(), reason, Instant.ofEpochMilli(sanction.startsAt())));
    }

    /** The names of the spaces a decision names; empty when it names none (or none that still exists): every space. */
    private List<String> spaceNames(String spaceIds) {
        List<String> names = new ArrayList<>();
        if (spaceIds.isEmpty()) return names;
        for (String id : spaceIds.split(",")) {
            spaces.byId(id).map(Space::name).ifPresent(names::add);
        }
        return names;
    }

    private List<String> noContactHandles(String decisionId) {
        return jdbc.sql("SELECT person_id FROM decision_no_contact WHERE decision_id = ?").param(decisionId).query(String.class).list().stream()
                .flatMap(person -> people.byId(person).stream()).flatMap(person -> person.handles().stream()).map(IdentityHandle::toString)
                .toList();
    }

    /** The reference the person quotes when they appeal: the case's neutral code name. */
    private String reference(SanctionRow sanction) {
        return cases.codeName(sanction.caseId());
    }

    private String open(DecisionRow decision, String sealed, String context) {
        return keys.open(decision.dataKeyId(), sealed, context + ":" + decision.id());
    }

    private record SanctionRow(String id, String decisionId, String caseId, String personId, long startsAt, Long endsAt, Long endedAt) {
    }
}
