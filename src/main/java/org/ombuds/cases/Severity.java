package org.ombuds.cases;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;

/** How serious the handlers judge a case to be; {@code unassessed} until someone has looked. */
public enum Severity {
    UNASSESSED("unassessed"), LOW("low"), MEDIUM("medium"), HIGH("high"), CRITICAL("critical");

    private final String id;

    Severity(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Severity fromId(String id) {
        return Arrays.stream(values()).filter(severity -> severity.id.equals(id)).findFirst()
                .orElseThrow(() -> new InvalidInputException("severity", "severity must be one of "
                        + Arrays.stream(values()).map(Severity::id).collect(Collectors.joining(", ")) + ", got '"
                        + (id == null ? "" : Slugs.printable(id)) + "'"));
    }
}
