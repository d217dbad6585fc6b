package org.ombuds.coc;

import java.time.Instant;
import java.util.List;

/**
 * A published, immutable version of a community's Code of Conduct: its text as published (placeholders
 * included), the text's sha256, and what the text defines.
 */
public record CodeVersion(
        String id,
        String communityId,
        int version,
        String markdown,
        String sha256,
        Instant effectiveAt,
        Instant publishedAt,
        String publishedBy,
        String note,
        List<Category> categories,
        List<EnforcementAction> actions,
        List<ScopeEntry> scope) {

    /** The action of this version's ladder with that id, if there is one. */
    public java.util.Optional<EnforcementAction> action(String actionId) {
        return actions.stream().filter(action -> action.id().equals(actionId)).findFirst();
    }

    public boolean defines(String categoryId) {
        return categories.stream().anyMatch(category -> category.id().equals(categoryId));
    }
}
