package org.ombuds.enforcement;

import java.util.Map;

/** A space's settings for its connector (stored sealed). */
public record ConnectorSettings(String spaceId, String spaceSlug, Map<String, String> values) {
    public ConnectorSettings {
        values = Map.copyOf(values);
    }

    public String get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /** A required setting; its absence is a configuration problem the peer never sees. */
    public String require(String name) throws PeerException {
        String value = get(name);
        if (value == null) throw new PeerException("the setting '" + name + "' is missing", false);
        return value;
    }
}
