package org.ombuds.sanctions;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many approvals each action needs ({@code ombuds.decisions.quorum.<action>}: a number, {@code majority} or
 * {@code two-thirds} of the committee members who may see the case), and how long an interim measure stands
 * before it must be ratified.
 */
@ConfigurationProperties("ombuds.decisions")
public record DecisionSettings(Map<String, String> quorum, Duration ratifyWithin, Duration expiryInterval) {
    public static final Map<String, String> DEFAULT_QUORUM = Map.of(
            "no-action", "1",
            "correction", "1",
            "written-warning", "2",
            "temporary-ban", "majority",
            "permanent-ban", "two-thirds");

    public DecisionSettings {
        Map<String, String> merged = new HashMap<>(DEFAULT_QUORUM);
        if (quorum != null) merged.putAll(quorum);
        quorum = Map.copyOf(merged);
        merged.values().forEach(Quorum::check);
        if (ratifyWithin == null) ratifyWithin = Duration.ofHours(24);
        if (expiryInterval == null) expiryInterval = Duration.ofSeconds(30);
    }
}
