package org.ombuds.sanctions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.ombuds.cases.Cases;
import org.ombuds.cases.Viewer;
import org.ombuds.coc.ActionKind;
import org.ombuds.coc.CodeVersion;
import org.ombuds.coc.EnforcementAction;
import org.springframework.stereotype.Component;

/**
 * The ladder's suggestion for a case: one step above the most severe earlier sanction of its subjects (a second written
 * warning suggests a temporary ban), or its first step. Departing from it is allowed; the decision records what was
 * suggested next to what was decided.
 */
@Component
class SuggestingNextStep {
    private final Sanctions sanctions;

    SuggestingNextStep(Sanctions sanctions) {
        this.sanctions = sanctions;
    }

    Decisions.Guidance guidance(Viewer viewer, Cases.DecisionContext context, CodeVersion inForce) {
        List<Sanction> prior = new ArrayList<>();
        for (String person : context.subjectPersonIds()) {
            for (Sanction sanction : sanctions.list(viewer, person, false)) {
                if (!SanctionStatus.OVERTURNED.is(sanction.status()) && prior.stream().noneMatch(p -> p.id().equals(sanction.id()))) prior.add(sanction);
            }
        }
        List<EnforcementAction> ladder = inForce.actions().stream().sorted(Comparator.comparingInt(EnforcementAction::rank)).toList();
        int highest = -1;
        for (Sanction sanction : prior) {
            for (int step = 0; step < ladder.size(); step++) {
                if (ladder.get(step).id().equals(sanction.action())) highest = Math.max(highest, step);
            }
        }
        String suggested = ladder.isEmpty() ? ActionKind.NO_ACTION.id() : ladder.get(Math.min(highest + 1, ladder.size() - 1)).id();
        return new Decisions.Guidance(prior, suggested);
    }
}
