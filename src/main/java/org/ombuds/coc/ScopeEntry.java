package org.ombuds.coc;

/** A line of the Code's "Scope" section and the kind of space it describes. */
public record ScopeEntry(String kind, String name) {
}
