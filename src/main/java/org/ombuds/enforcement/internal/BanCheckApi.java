package org.ombuds.enforcement.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.ombuds.accounts.SpaceClient;
import org.ombuds.accounts.StaffUser;
import org.ombuds.cases.Cases;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.Spaces;
import org.ombuds.enforcement.BanIndex;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.Slugs;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fast path for spaces that ask instead of being told (registration desks, bots, CI gates): is this identity
 * banned here now? A space's token may ask about its own space only; staff about any. Answered from memory
 * ({@link BanIndex}); checks are not written to the audit log (they reveal only what the space enforces anyway).
 * A space's token gets the contract's whole answer with no database work; a staff member gets the sanction's id only
 * when they may see its case.
 */
@RestController
@Tag(name = "Enforcement", description = "Ban checks for the spaces")
@SecurityRequirement(name = "bearer")
class BanCheckApi {
    private final BanIndex index;
    private final Spaces spaces;
    private final Cases cases;
    private final Map<String, String> spaceIds = new ConcurrentHashMap<>();

    BanCheckApi(BanIndex index, Spaces spaces, Cases cases) {
        this.index = index;
        this.spaces = spaces;
        this.cases = cases;
    }

    record Check(boolean banned, Instant until, String sanction) {
    }

    @GetMapping("/api/v1/enforcement/check")
    @Operation(summary = "Whether an identity (kind:value) is banned in a space now: {banned, until (absent: no end), sanction}")
    Check check(Authentication auth, @RequestParam String space, @RequestParam String identity) {
        String spaceId;
        if (auth.getPrincipal() instanceof SpaceClient client) {
            if (!client.spaceSlug().equals(space)) throw new AccessDeniedException("this token belongs to another space");
            spaceId = client.spaceId();
        } else {
            spaceId = spaceIds.computeIfAbsent(space, slug -> spaces.bySlug(slug).map(found -> found.id())
                    .orElseThrow(() -> new NotFoundException("there is no space '" + Slugs.printable(slug) + "'")));
        }
        return index.check(IdentityHandle.parse(identity), spaceId)
                .map(ban -> new Check(true, ban.until() == null ? null : Instant.ofEpochMilli(ban.until()), sanctionFor(auth, ban)))
                .orElse(new Check(false, null, null));
    }

    /**
     * The sanction's id leads to its case (the sanction's page, its decision and reasoning), so a staff member who may
     * not see the case (recused, or a party to it) is not given it. They still learn that the identity is banned here
     * and until when: that much every space enforcing the ban shows anyone, and a member may staff an event's desk too.
     */
    private String sanctionFor(Authentication auth, BanIndex.Ban ban) {
        if (auth.getPrincipal() instanceof SpaceClient) return ban.sanctionId();
        if (auth.getPrincipal() instanceof StaffUser user && cases.maySee(cases.viewer(user.accountId()), ban.caseId())) {
            return ban.sanctionId();
        }
        return null;
    }
}
