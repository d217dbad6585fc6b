package org.ombuds.sanctions;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import org.ombuds.cases.Cases;
import org.ombuds.coc.ActionKind;
import org.ombuds.coc.CodeVersion;
import org.ombuds.coc.EnforcementAction;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.platform.Dates;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;
import org.springframework.stereotype.Component;

/**
 * What makes the terms of a decision valid under the Code in force, wherever a decision comes from (proposed, imported,
 * set on appeal): its action and that action's kind, its clauses, its end (only a timed ban has one), its spaces.
 * Errors name the field at fault.
 */
@Component
class DecisionTerms {
    private final Spaces spaces;
    private final Clock clock;

    DecisionTerms(Spaces spaces, Clock clock) {
        this.spaces = spaces;
        this.clock = clock;
    }

    /**
     * The action as a rung of the Code's ladder. A Code published before kinds were recorded may have an action nobody
     * gave a kind: a decision on it is refused with the way out, rather than counted or enforced as a guess.
     */
    static Rung rung(String action, CodeVersion inForce) {
        if (ActionKind.NO_ACTION.id().equals(action)) return Rung.NO_ACTION;
        EnforcementAction found = action == null ? null : inForce.action(action).orElse(null);
        if (found == null) {
            throw new InvalidInputException("action", "action must be no-action or one of the Code's actions: "
                    + String.join(", ", inForce.actions().stream().map(a -> a.id()).toList()));
        }
        if (found.kind() == null) {
            throw new InvalidInputException("action", "the Code in force does not say what kind of action '" + found.id() + "' is, so a"
                    + " decision on it could be neither counted nor enforced; publish the Code again declaring its kind");
        }
        return new Rung(found.id(), found.kind(), found.quorum());
    }

    static List<String> clauses(List<String> clauses, CodeVersion inForce) {
        if (clauses == null || clauses.isEmpty()) {
            throw new InvalidInputException("clauses", "name the clauses of the Code the decision rests on (category ids such as harassment)");
        }
        for (String clause : clauses) {
            if (!inForce.defines(clause)) {
                throw new InvalidInputException("clauses", "'" + Slugs.printable(String.valueOf(clause)) + "' is not a category of the Code in force ("
                        + String.join(", ", inForce.categories().stream().map(c -> c.id()).toList()) + ")");
            }
        }
        return List.copyOf(new LinkedHashSet<>(clauses));
    }

    /** The duration of a proposed timed ban (null when it gives an end date instead, or is not a timed ban). */
    Duration end(Rung rung, Decisions.Proposal proposal) {
        boolean hasEnd = proposal.until() != null || (proposal.duration() != null && !proposal.duration().isBlank());
        if (!rung.kind().hasEnd()) {
            if (hasEnd) throw new InvalidInputException("until", "only a temporary ban has an end");
            return null;
        }
        if (proposal.until() != null && proposal.duration() != null) {
            throw new InvalidInputException("until", "give either an end date (until) or a duration, not both");
        }
        if (proposal.until() != null) {
            Dates.recordable("until", proposal.until());
            if (!proposal.until().isAfter(clock.instant())) throw new InvalidInputException("until", "the end must be in the future");
            return null;
        }
        if (!hasEnd) throw new InvalidInputException("until", "a temporary ban needs an end: until (a date) or duration (such as P14D)");
        Duration duration = parseDuration(proposal.duration());
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(3650)) > 0) {
            throw new InvalidInputException("duration", "the duration must be positive and at most ten years");
        }
        return duration;
    }

    static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.matches("\\d{1,5}[dhm]")) {
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                return switch (value.charAt(value.length() - 1)) {
                    case 'd' -> Duration.ofDays(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofMinutes(amount);
                };
            }
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("duration", "'" + Slugs.printable(text) + "' is not a duration; write it like P14D, 14d or 12h");
        }
    }

    static String reasoning(String text) {
        String reasoning = text == null ? "" : text.strip();
        if (reasoning.isEmpty() || reasoning.length() > Cases.MAX_TEXT) {
            throw new InvalidInputException("reasoning", "the reasoning is required: say why, in 1 to " + Cases.MAX_TEXT + " characters");
        }
        return reasoning;
    }

    static String optionalText(String field, String text) {
        if (text == null || text.isBlank()) return null;
        if (text.strip().length() > Cases.MAX_TEXT) throw new InvalidInputException(field, "the text is too long (at most " + Cases.MAX_TEXT + " characters)");
        return text.strip();
    }

    /** Space ids by slug; none named = every space of the community. */
    List<String> spaces(List<String> slugs, String communityId) {
        List<Space> ofCommunity = spaces.of(communityId);
        if (slugs == null || slugs.isEmpty()) return ofCommunity.stream().map(Space::id).toList();
        List<String> ids = new ArrayList<>();
        for (String slug : slugs) {
            ids.add(ofCommunity.stream().filter(space -> space.slug().equals(slug)).findFirst().map(Space::id)
                    .orElseThrow(() -> new InvalidInputException("spaces", "the community has no space '" + Slugs.printable(String.valueOf(slug)) + "'")));
        }
        return ids;
    }
}
