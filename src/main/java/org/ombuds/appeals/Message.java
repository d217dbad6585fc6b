package org.ombuds.appeals;

import java.time.Instant;

/** A message in the appeal channel; {@code author} appellant or reviewer; {@code name} only for staff. */
public record Message(String author, String name, String body, Instant at) {
}
