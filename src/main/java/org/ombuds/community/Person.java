package org.ombuds.community;

import java.util.List;

/** Someone known by one or more identity handles, treated as one subject across all spaces. */
public record Person(String id, List<IdentityHandle> handles) {
}
