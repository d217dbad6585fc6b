package org.ombuds.cases;

import java.util.Set;

import org.ombuds.accounts.Role;

/**
 * A staff member looking at cases: their account, role and every person id they are (linked person and the
 * person known by their account's email address, with everything merged into them).
 */
public record Viewer(String accountId, Role role, Set<String> personIds) {
}
