package org.ombuds.accounts;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;

/** What a staff member may do: admins run the instance, moderators handle cases, reviewers hear appeals. */
public enum Role {
    ADMIN("admin"),
    MODERATOR("moderator"),
    APPEAL_REVIEWER("appeal-reviewer");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The Spring Security authority, e.g. ROLE_APPEAL_REVIEWER. */
    public String authority() {
        return "ROLE_" + name();
    }

    public static Role fromId(String id) {
        return Arrays.stream(values()).filter(role -> role.id.equals(id)).findFirst()
                .orElseThrow(() -> new InvalidInputException("role", "role must be one of " + ids() + ", got '"
                        + (id == null ? "" : Slugs.printable(id)) + "'"));
    }

    public static String ids() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }
}
