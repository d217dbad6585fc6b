package org.ombuds.community;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.ombuds.platform.InvalidInputException;

/** The kinds of project space named in the Code's "Scope" section. */
public enum SpaceKind {
    CODE_REPOSITORY("code-repository"),
    ISSUE_TRACKER("issue-tracker"),
    MAILING_LIST("mailing-list"),
    CHAT("chat"),
    FORUM("forum"),
    EVENT("event"),
    OTHER("other");

    private final String id;

    SpaceKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static SpaceKind fromId(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst()
                .orElseThrow(() -> new InvalidInputException("kind", "kind must be one of " + ids() + ", got '"
                        + (id == null ? "" : org.ombuds.platform.Slugs.printable(id)) + "'"));
    }

    public static String ids() {
        return Arrays.stream(values()).map(SpaceKind::id).collect(Collectors.joining(", "));
    }

    /** Which kind of space a line of the Code's scope describes ("Chat platforms" is chat). */
    public static SpaceKind describedBy(String scopeLine) {
        String text = scopeLine.toLowerCase();
        if (text.contains("repositor")) return CODE_REPOSITORY;
        if (text.contains("issue") || text.contains("tracker")) return ISSUE_TRACKER;
        if (text.contains("mailing") || text.contains("list")) return MAILING_LIST;
        if (text.contains("chat")) return CHAT;
        if (text.contains("forum")) return FORUM;
        if (text.contains("event") || text.contains("conference") || text.contains("meetup")) return EVENT;
        return OTHER;
    }
}
