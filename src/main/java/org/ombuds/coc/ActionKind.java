package org.ombuds.coc;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a rung of the Code's ladder does, whatever the Code calls it: the rest of Ombuds (the quorum, enforcement,
 * letters, transparency, imports) reads the kind, never the action's id, so a Code may name its actions as it likes.
 * {@code defaultQuorum} is the approvals an action of this kind needs when neither the settings nor the Code say.
 */
public enum ActionKind {
    /** The committee decided to take no action. */
    NO_ACTION("no-action", "1"),
    /** Words only: a correction, a warning. */
    ADVISORY("advisory", "1"),
    /** Something the person is asked to do: mediation, a required apology. */
    CONDITIONAL("conditional", "2"),
    /** The person loses a role (a maintainer, a moderator, an organiser) but stays in the spaces. */
    ROLE_REMOVAL("role-removal", "majority"),
    /** Kept out of the spaces until an end. */
    TIMED_BAN("timed-ban", "majority"),
    /** Kept out of the spaces with no end. */
    BAN("ban", "two-thirds");

    /** The default Code's actions, by id: the ids the API, the settings and earlier records use. */
    private static final Map<String, ActionKind> DEFAULT_CODE = Map.of(
            "no-action", NO_ACTION,
            "correction", ADVISORY,
            "written-warning", ADVISORY,
            "temporary-ban", TIMED_BAN,
            "permanent-ban", BAN);

    private final String id;
    private final String defaultQuorum;

    ActionKind(String id, String defaultQuorum) {
        this.id = id;
        this.defaultQuorum = defaultQuorum;
    }

    /** How the kind is written in a publication, the database and the API ({@code timed-ban}). */
    @JsonValue
    public String id() {
        return id;
    }

    public String defaultQuorum() {
        return defaultQuorum;
    }

    /** Whether spaces keep the person out: enforcement applies it and ban checks answer for it. */
    public boolean bans() {
        return this == TIMED_BAN || this == BAN;
    }

    /** Whether a decision of this kind must name its end. */
    public boolean hasEnd() {
        return this == TIMED_BAN;
    }

    /** Whether a decision of this kind puts a sanction on someone (everything but no action). */
    public boolean sanctions() {
        return this != NO_ACTION;
    }

    /** The kind an action of the default Code has by its id, if it is one of them. */
    public static Optional<ActionKind> ofDefaultAction(String actionId) {
        return Optional.ofNullable(actionId == null ? null : DEFAULT_CODE.get(actionId));
    }

    /** The kind written as {@code text} ({@code timed-ban}, also {@code TIMED_BAN}), if it names one. */
    public static Optional<ActionKind> parse(String text) {
        if (text == null) return Optional.empty();
        String wanted = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return Arrays.stream(values()).filter(kind -> kind.id.equals(wanted)).findFirst();
    }

    /** The kinds as written, for messages: "no-action, advisory, …". */
    public static String written() {
        return String.join(", ", Arrays.stream(values()).map(ActionKind::id).toList());
    }
}
