package org.ombuds.coc;

/** A kind of unacceptable behaviour from the Code's "Unacceptable Behavior" section; decisions cite its id. */
public record Category(String id, String name, String description) {
}
