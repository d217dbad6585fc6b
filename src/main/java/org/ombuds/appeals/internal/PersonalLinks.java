package org.ombuds.appeals.internal;

import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RateLimits;
import org.ombuds.sanctions.AppealLinks;
import org.springframework.stereotype.Component;

/** The appellant's way in: the personal link from their letter. Guessing one must stay expensive. */
@Component
public class PersonalLinks {
    private final AppealLinks links;
    private final RateLimits limits;

    PersonalLinks(AppealLinks links, RateLimits limits) {
        this.links = links;
        this.limits = limits;
    }

    AppealLinks.Link resolve(String token, String client) {
        // Before the lookup: a client over the limit learns nothing, not even that a link was right.
        limits.check("appeal-misses", client);
        return links.resolve(token).orElseThrow(() -> {
            limits.take("appeal-misses", client);
            return new NotFoundException("this appeal link is not valid; check that you copied all of it from your letter");
        });
    }
}
