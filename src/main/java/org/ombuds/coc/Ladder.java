package org.ombuds.coc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;

/**
 * Gives every action of a Code being published its kind: the default Code's actions by their ids, any other by what
 * the publisher declared. A Code with an action nobody gave a kind is refused, naming the action, because a decision
 * on it could be neither counted nor enforced. Errors name the field {@code ladder}.
 */
final class Ladder {
    static final String FIELD = "ladder";

    private Ladder() {
    }

    static List<EnforcementAction> kinded(List<EnforcementAction> actions, List<ActionDeclaration> declarations) {
        Map<String, ActionDeclaration> declared = new LinkedHashMap<>();
        for (ActionDeclaration declaration : declarations == null ? List.<ActionDeclaration>of() : declarations) {
            String action = declaration.action() == null ? "" : declaration.action().strip();
            if (actions.stream().noneMatch(a -> a.id().equals(action))) {
                throw new InvalidInputException(FIELD, "the Code has no action '" + Slugs.printable(action) + "' to declare a kind for;"
                        + " its actions are " + String.join(", ", actions.stream().map(EnforcementAction::id).toList()));
            }
            if (declared.put(action, declaration) != null) {
                throw new InvalidInputException(FIELD, "the action '" + action + "' is declared twice");
            }
        }
        List<EnforcementAction> kinded = new ArrayList<>();
        for (EnforcementAction action : actions) {
            ActionDeclaration declaration = declared.get(action.id());
            ActionKind byId = ActionKind.ofDefaultAction(action.id()).orElse(null);
            ActionKind kind = byId;
            String quorum = null;
            if (declaration != null) {
                String written = declaration.kind() == null ? "" : declaration.kind().strip();
                ActionKind given = written.isEmpty() && byId != null ? byId : ActionKind.parse(written).orElseThrow(() -> new InvalidInputException(FIELD,
                        "the action '" + Slugs.printable(action.name()) + "' (" + action.id() + ") is declared as '" + Slugs.printable(written)
                                + "', which is not a kind; the kinds are " + ActionKind.written()));
                if (byId != null && given != byId) {
                    throw new InvalidInputException(FIELD, "the action '" + action.id() + "' is the default Code's " + byId.id()
                            + " and cannot be declared " + given.id() + "; give the action another name instead");
                }
                kind = given;
                quorum = declaration.quorum() == null || declaration.quorum().isBlank() ? null : declaration.quorum().strip();
                if (quorum != null && !ActionDeclaration.isQuorumRule(quorum)) {
                    throw new InvalidInputException(FIELD, "the quorum of '" + action.id() + "' must be a number of at least 1, majority or"
                            + " two-thirds, not '" + Slugs.printable(quorum) + "'");
                }
            }
            if (kind == null) {
                throw new InvalidInputException(FIELD, "the Code's action '" + Slugs.printable(action.name()) + "' (" + action.id()
                        + ") needs a kind, so that decisions on it can be counted and enforced: declare it, for example '"
                        + action.id() + ": conditional'; the kinds are " + ActionKind.written());
            }
            kinded.add(action.declared(kind, quorum));
        }
        return List.copyOf(kinded);
    }

    /**
     * Declarations written one per line, {@code action: kind} or {@code action: kind, quorum} (the form's field and
     * the command line's {@code --kind}); blank lines are skipped.
     */
    static List<ActionDeclaration> parse(String text) {
        List<ActionDeclaration> declarations = new ArrayList<>();
        if (text == null) return declarations;
        for (String line : text.split("\\R")) {
            if (line.isBlank()) continue;
            int colon = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('=');
            if (colon < 0) {
                throw new InvalidInputException(FIELD, "write each action as 'action: kind' (such as 'mediation: conditional'), not '"
                        + Slugs.printable(line.strip()) + "'");
            }
            String[] terms = line.substring(colon + 1).split(",", 2);
            declarations.add(new ActionDeclaration(line.substring(0, colon).strip(), terms[0].strip(),
                    terms.length > 1 ? terms[1].strip() : null));
        }
        return declarations;
    }
}
