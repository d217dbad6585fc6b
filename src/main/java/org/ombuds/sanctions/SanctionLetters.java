package org.ombuds.sanctions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Writes to the sanctioned person when a sanction starts, ends or is lifted: by email to their address, and sealed
 * on the case. The events come through the event publication registry, so a letter the mail server refused is
 * tried again later ({@code EventRedelivery}); a letter already on record is never sent twice. Without an address
 * or a mail server the letter is recorded as not sent, and the case's timeline says so, for the committee to hand
 * it over another way. Letters are built from the decision and the Code only: they never name who reported.
 */
@Component
class SanctionLetters {
    private final JdbcClient jdbc;
    private final Cases cases;
    private final Communities communities;
    private final CodeOfConduct code;
    private final Spaces spaces;
    private final People people;
    private final DataKeys keys;
    private final Mailer mailer;
    private final LetterTemplates templates;
    private final OmbudsProperties properties;
    private final Duration appealWindow;

    SanctionLetters(JdbcClient jdbc, Cases cases, Communities communities, CodeOfConduct code, Spaces spaces, People people, DataKeys keys,
                    Mailer mailer, LetterTemplates templates, OmbudsProperties properties,
                    @Value("${ombuds.appeals.window:20d}") Duration appealWindow) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.communities = communities;
        this.code = code;
        this.spaces = spaces;
        this.people = people;
        this.keys = keys;
        this.mailer = mailer;
        this.templates = templates;
        this.properties = properties;
        this.appealWindow = appealWindow;
    }

    @Async
    @TransactionalEventListener
    void decided(SanctionDecided event) {
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

    /** The letter for one step of a sanction: composed, sent (or not, and why) and recorded once. */
    void write(String sanctionId, String step, String reason) {
        String regarding = "sanction:" + sanctionId + ":" + step;
        if (cases.letterRecorded(regarding)) return;
        SanctionRow sanction = jdbc.sql("SELECT * FROM sanction WHERE id = ?").param(sanctionId)
                .query((row, n) -> new SanctionRow(row.getString("id"), row.getString("decision_id"), row.getString("case_id"),
                        row.getString("person_id"), row.getLong("starts_at"), row.getObject("ends_at") == null ? null : row.getLong("ends_at"),
                        row.getObject("ended_at") == null ? null : row.getLong("ended_at")))
                .single();
        DecisionRow decision = jdbc.sql("SELECT * FROM decision WHERE id = ?").param(sanction.decisionId()).query(DecisionRow::map).single();
        Community community = communities.byId(cases.communityOf(sanction.caseId())).orElseThrow();
        Letter letter = switch (step) {
            case "decided" -> announcement(sanction, decision, community);
            case "ended" -> ending(sanction, decision, community);
            default -> lifting(sanction, reason, community);
        };
        Optional<String> address = addressOf(sanction.personId());
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
        cases.recordCommitteeLetter(sanction.caseId(), decision.proposedBy(), address.orElse(null), letter.subject(), letter.body(),
                regarding, delivery);
    }

    private Letter announcement(SanctionRow sanction, DecisionRow decision, Community community) {
        String action = decision.action();
        List<String> body = new ArrayList<>();
        body.add(templates.text("letter.greeting"));
        body.add(templates.text("letter.opening." + action, community.name()));
        if (decision.interim()) body.add(templates.text("letter.interim"));
        CodeVersion version = code.version(community.slug(), decision.codeVersion());
        StringBuilder clauses = new StringBuilder(templates.text("letter.clauses", String.valueOf(decision.codeVersion())));
        for (String clause : decision.clauses().split(",")) {
            version.categories().stream().filter(category -> category.id().equals(clause)).findFirst()
                    .ifPresent((Category category) -> clauses.append('\n').append(templates.text("letter.clause", category.name(), category.description())));
        }
        body.add(clauses.toString());
        if (decision.sealedSubjectMessage() != null) {
            body.add(templates.text("letter.message") + "\n" + open(decision, decision.sealedSubjectMessage(), Decisions.SUBJECT_MESSAGE));
        }
        body.add(templates.text("letter.expectation." + action));
        if (action.equals(Decisions.TEMPORARY_BAN) || action.equals(Decisions.PERMANENT_BAN)) {
            body.add(templates.text("letter.spaces", spaceNames(decision.spaces()))
                    + "\n" + (sanction.endsAt() == null ? templates.text("letter.noEnd")
                    : templates.text("letter.until", templates.date(Instant.ofEpochMilli(sanction.endsAt())))));
        }
        if (decision.sealedConditions() != null) {
            body.add(templates.text("letter.conditions") + "\n" + open(decision, decision.sealedConditions(), Decisions.CONDITIONS));
        }
        List<String> noContact = noContactHandles(decision.id());
        if (!noContact.isEmpty()) body.add(templates.text("letter.noContact", String.join(", ", noContact)));
        String appeal = templates.text("letter.appeal", templates.date(Instant.ofEpochMilli(sanction.startsAt()).plus(appealWindow)),
                properties.baseUrl() + "/appeals", reference(sanction));
        if (properties.committee().hasEmail()) appeal += " " + templates.text("letter.appeal.write", properties.committee().email());
        body.add(appeal);
        body.add(templates.text("letter.code", properties.baseUrl() + "/coc"));
        body.add(templates.text("letter.signature", community.name()));
        return new Letter(templates.text("letter.subject." + action, community.name()), String.join("\n\n", body));
    }

    private Letter ending(SanctionRow sanction, DecisionRow decision, Community community) {
        Instant ended = Instant.ofEpochMilli(sanction.endedAt() != null ? sanction.endedAt() : sanction.endsAt());
        List<String> body = new ArrayList<>();
        body.add(templates.text("letter.greeting"));
        body.add(templates.text(decision.status().equals("lapsed") ? "letter.lapsed" : "letter.ended", community.name(), templates.date(ended)));
        if (decision.sealedConditions() != null && !decision.status().equals("lapsed")) {
            body.add(templates.text("letter.ended.conditions") + "\n" + open(decision, decision.sealedConditions(), Decisions.CONDITIONS));
        }
        body.add(templates.text("letter.signature", community.name()));
        return new Letter(templates.text("letter.subject.ended", community.name()), String.join("\n\n", body));
    }

    private Letter lifting(SanctionRow sanction, String reason, Community community) {
        List<String> body = new ArrayList<>();
        body.add(templates.text("letter.greeting"));
        body.add(templates.textFor("letter.lifted", reason == null ? "other" : reason, community.name(),
                templates.date(Instant.ofEpochMilli(sanction.startsAt()))));
        body.add(templates.text("letter.signature", community.name()));
        return new Letter(templates.text("letter.subject.lifted", community.name()), String.join("\n\n", body));
    }

    /** The person's email address (any of their merged records), if they have one. */
    private Optional<String> addressOf(String personId) {
        TreeSet<String> addresses = new TreeSet<>();
        for (String same : people.sameAs(personId)) {
            people.byId(same).ifPresent(person -> person.handles().stream().filter(handle -> handle.kind().equals("email"))
                    .forEach(handle -> addresses.add(handle.value())));
        }
        return addresses.stream().findFirst();
    }

    private String spaceNames(String spaceIds) {
        if (spaceIds.isEmpty()) return templates.text("letter.spaces.all");
        List<String> names = new ArrayList<>();
        for (String id : spaceIds.split(",")) {
            spaces.all().stream().filter(space -> space.id().equals(id)).map(Space::name).findFirst().ifPresent(names::add);
        }
        return names.isEmpty() ? templates.text("letter.spaces.all") : String.join(", ", names);
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

    private record Letter(String subject, String body) {
    }
}
