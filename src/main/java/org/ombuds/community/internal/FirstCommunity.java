package org.ombuds.community.internal;

import org.ombuds.community.Communities;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/** Creates the instance's first community (and so its Code) on the first start, before any request. */
@Component
class FirstCommunity {
    private final Communities communities;

    FirstCommunity(Communities communities) {
        this.communities = communities;
    }

    @EventListener(ApplicationStartedEvent.class)
    void ensureItExists() {
        try {
            communities.first();
        } catch (DuplicateKeyException createdByAnotherNodeJustNow) {
            // Two nodes started on an empty database at once; the other one created it.
        }
    }
}
