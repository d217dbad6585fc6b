package org.ombuds.community;

import java.util.Set;

/**
 * Handles were linked to or unlinked from these people, or their records merged or separated (published inside the
 * changing transaction): whatever matches people by handle (the ban index) must look again.
 */
public record IdentityChanged(Set<String> personIds) {
}
