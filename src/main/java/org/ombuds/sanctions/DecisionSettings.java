package org.ombuds.sanctions;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.ombuds.coc.ActionKind;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many approvals each action needs ({@code ombuds.decisions.quorum.<action>}: a number, {@code majority} or
 * {@code two-thirds} of the case's committee), the fewest approvals it may ever take
 * ({@code ombuds.decisions.minimum-approvals.<action>}; bans two, so that no single member bans anyone), and how long
 * an interim measure stands before it must be ratified.
 */
@ConfigurationProperties("ombuds.decisions")
public record DecisionSettings(Map<String, String> quorum, Map<String, Integer> minimumApprovals, Duration ratifyWithin,
                               Duration expiryInterval) {
    public static final Map<String, String> DEFAULT_QUORUM = Map.of(
            "no-action", "1",
            "correction", "1",
            "written-warning", "2",
            "temporary-ban", "majority",
            "permanent-ban", "two-thirds");
    public static final Map<String, Integer> DEFAULT_MINIMUM = Map.of(
            "temporary-ban", 2,
            "permanent-ban", 2);

    public DecisionSettings {
        Map<String, String> merged = new HashMap<>(DEFAULT_QUORUM);
        if (quorum != null) merged.putAll(quorum);
        quorum = Map.copyOf(merged);
        merged.values().forEach(Quorum::check);
        Map<String, Integer> minimum = new HashMap<>(DEFAULT_MINIMUM);
        if (minimumApprovals != null) minimum.putAll(minimumApprovals);
        minimum.forEach((action, count) -> {
            if (count == null || count < 1) throw new IllegalArgumentException("minimum approvals for " + action + " must be at least 1");
        });
        minimumApprovals = Map.copyOf(minimum);
        if (ratifyWithin == null) ratifyWithin = Duration.ofHours(24);
        if (expiryInterval == null) expiryInterval = Duration.ofSeconds(30);
    }

    /** The rule for this action; an action the settings do not name (a Code's own) needs a majority. */
    String rule(String action) {
        return quorum.getOrDefault(action, Quorum.DEFAULT_RULE);
    }

    int minimum(String action) {
        return minimumApprovals.getOrDefault(action, 1);
    }

    /**
     * The rule for an action of the Code in force: what the Code declared for it, else what the settings say of its id
     * (the default Code's actions, or {@code ombuds.decisions.quorum.<id>}), else its kind's default.
     */
    String rule(String action, ActionKind kind, String declared) {
        if (declared != null) return declared;
        return quorum.getOrDefault(action, kind.defaultQuorum());
    }

    /** The floor for an action: its own setting, and never below the floor of the default ban of its kind (bans: two). */
    int minimum(String action, ActionKind kind) {
        int floor = minimum(action);
        if (kind == ActionKind.TIMED_BAN) floor = Math.max(floor, minimum("temporary-ban"));
        if (kind == ActionKind.BAN) floor = Math.max(floor, minimum("permanent-ban"));
        return floor;
    }
}
