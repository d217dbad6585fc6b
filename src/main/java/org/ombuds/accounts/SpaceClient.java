package org.ombuds.accounts;

import org.springframework.security.core.AuthenticatedPrincipal;

/** A space's integration, authenticated by the space's own token: it may only ask ban checks. */
public record SpaceClient(String spaceId, String spaceSlug) implements AuthenticatedPrincipal {
    public static final String AUTHORITY = "SPACE";

    @Override
    public String getName() {
        return "space:" + spaceSlug;
    }
}
