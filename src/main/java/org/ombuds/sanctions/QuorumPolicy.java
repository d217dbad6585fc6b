package org.ombuds.sanctions;

import java.util.List;
import java.util.Set;

import org.ombuds.cases.Committee;
import org.springframework.stereotype.Component;

/**
 * When a decision's votes carry it: the approvals its action needs ({@link Quorum} over the case's committee, by the
 * rule its action's kind, the Code and the settings give), counting only the votes of members who may still see the
 * case. The verdict gives its reason in words a member can read.
 */
@Component
class QuorumPolicy {
    private final DecisionSettings settings;

    QuorumPolicy(DecisionSettings settings) {
        this.settings = settings;
    }

    /** What the votes cast so far mean for a decision. */
    sealed interface Verdict {
        String reason();
    }

    record Carried(String reason) implements Verdict {
    }

    record Outvoted(String reason) implements Verdict {
    }

    record Open(String reason) implements Verdict {
    }

    /** A vote as cast: its author and {@code approve} or {@code object}. */
    record Cast(String accountId, String vote) {
    }

    int needed(DecisionRow decision, Committee committee) {
        return needed(new Rung(decision.action(), decision.kind(), decision.quorum()), committee);
    }

    int needed(Rung rung, Committee committee) {
        return Quorum.required(settings.rule(rung.action(), rung.kind(), rung.quorum()), settings.minimum(rung.action(), rung.kind()),
                committee);
    }

    Verdict judge(DecisionRow decision, Committee committee, List<Cast> votes) {
        Set<String> voters = Set.copyOf(committee.voters());
        int needed = needed(decision, committee);
        long approvals = votes.stream().filter(v -> voters.contains(v.accountId()) && v.vote().equals("approve")).count();
        long objections = votes.stream().filter(v -> voters.contains(v.accountId()) && v.vote().equals("object")).count();
        if (approvals >= needed) return new Carried(approvals + " of the " + needed + " approvals needed");
        if (Quorum.outvoted(needed, objections, committee)) {
            return new Outvoted(objections + " objections leave fewer than the " + needed + " approvals needed");
        }
        return new Open(approvals + " of the " + needed + " approvals needed so far");
    }
}
