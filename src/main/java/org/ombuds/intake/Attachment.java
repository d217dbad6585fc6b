package org.ombuds.intake;

/** A file attached to a report, as uploaded. */
public record Attachment(String fileName, byte[] bytes) {
}
