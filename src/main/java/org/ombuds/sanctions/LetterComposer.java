package org.ombuds.sanctions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ombuds.coc.ActionKind;
import org.springframework.stereotype.Component;

/**
 * Writes the letters to a sanctioned person from plain values and the texts in use ({@link LetterTemplates}): what
 * {@link SanctionLetters} sends, and the samples the letter texts page previews. It knows nothing of where the values
 * come from, so it cannot name a reporter unless given one.
 */
@Component
class LetterComposer {
    private final LetterTemplates templates;

    LetterComposer(LetterTemplates templates) {
        this.templates = templates;
    }

    /** A letter: its subject line and its body, paragraphs separated by a blank line. */
    record Letter(String subject, String body) {
    }

    /** A clause of the Code as the letter quotes it. */
    record Clause(String name, String description) {
    }

    /**
     * What the letter announcing a sanction says. {@code spaces} are names, empty for every space; {@code endsAt} null
     * for no end; {@code message}, {@code conditions} and {@code committeeEmail} null when there are none;
     * {@code appealLink} the person's own appeal link, null for a decision made on appeal (it is final). {@code kind} and
     * {@code actionName}: what the action does and what the Code calls it; an action the letters have no texts of
     * their own for (a Code's own) is written with the texts of its kind.
     */
    record Announcement(String action, ActionKind kind, String actionName, String community, boolean interim, int codeVersion, List<Clause> clauses, String message,
                        List<String> spaces, Instant endsAt, String conditions, List<String> noContact, Instant appealUntil,
                        String appealLink, String appealsUrl, String reference, String committeeEmail, String codeUrl) {
    }

    /** A suspension ran out ({@code lapsed}: an interim measure that was not ratified in time); {@code conditions} may be null. */
    record Ending(String community, boolean lapsed, Instant endedAt, String conditions) {
    }

    /** A measure was lifted before its end; {@code reason} (rejected, superseded, overturned) may be null. */
    record Lifting(String community, String reason, Instant startedAt) {
    }

    Letter announcement(Announcement values) {
        String action = templates.has("letter.opening." + values.action()) ? values.action() : values.kind().id();
        List<String> body = new ArrayList<>();
        body.add(templates.text("letter.greeting"));
        body.add(templates.text("letter.opening." + action, values.community(), values.actionName()));
        if (values.interim()) body.add(templates.text("letter.interim"));
        StringBuilder clauses = new StringBuilder(templates.text("letter.clauses", String.valueOf(values.codeVersion())));
        for (Clause clause : values.clauses()) {
            clauses.append('\n').append(templates.text("letter.clause", clause.name(), clause.description()));
        }
        body.add(clauses.toString());
        if (values.message() != null) body.add(templates.text("letter.message") + "\n" + values.message());
        body.add(templates.text("letter.expectation." + action));
        if (values.kind().bans()) {
            String spaces = values.spaces().isEmpty() ? templates.text("letter.spaces.all") : String.join(", ", values.spaces());
            body.add(templates.text("letter.spaces", spaces) + "\n" + (values.endsAt() == null ? templates.text("letter.noEnd")
                    : templates.text("letter.until", templates.date(values.endsAt()))));
        }
        if (values.conditions() != null) body.add(templates.text("letter.conditions") + "\n" + values.conditions());
        if (!values.noContact().isEmpty()) body.add(templates.text("letter.noContact", String.join(", ", values.noContact())));
        if (values.appealLink() == null) {
            body.add(templates.text("letter.appeal.final"));
        } else {
            String appeal = templates.text("letter.appeal", templates.date(values.appealUntil()), values.appealLink(), values.appealsUrl(),
                    values.reference());
            if (values.committeeEmail() != null) appeal += " " + templates.text("letter.appeal.write", values.committeeEmail());
            body.add(appeal);
        }
        body.add(templates.text("letter.code", values.codeUrl()));
        body.add(templates.text("letter.signature", values.community()));
        return new Letter(templates.text("letter.subject." + action, values.community(), values.actionName()), String.join("\n\n", body));
    }

    Letter ending(Ending values) {
        List<String> body = new ArrayList<>();
        body.add(templates.text("letter.greeting"));
        body.add(templates.text(values.lapsed() ? "letter.lapsed" : "letter.ended", values.community(), templates.date(values.endedAt())));
        if (values.conditions() != null && !values.lapsed()) body.add(templates.text("letter.ended.conditions") + "\n" + values.conditions());
        body.add(templates.text("letter.signature", values.community()));
        return new Letter(templates.text("letter.subject.ended", values.community()), String.join("\n\n", body));
    }

    Letter lifting(Lifting values) {
        List<String> body = new ArrayList<>();
        body.add(templates.text("letter.greeting"));
        body.add(templates.textFor("letter.lifted", values.reason() == null ? "other" : values.reason(), values.community(),
                templates.date(values.startedAt())));
        body.add(templates.text("letter.signature", values.community()));
        return new Letter(templates.text("letter.subject.lifted", values.community()), String.join("\n\n", body));
    }
}
