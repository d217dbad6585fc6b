package org.ombuds.appeals.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.ombuds.accounts.StaffUser;
import org.ombuds.appeals.AppealDetail;
import org.ombuds.appeals.AppealSummary;
import org.ombuds.appeals.Appeals;
import org.ombuds.appeals.AppellantView;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Appeals: the appellant's side works with the personal link's token (no account), the staff side with a staff
 * token; who may do what is the service's business (admins assign and reopen, the reviewer asks and decides).
 */
@RestController
@Tag(name = "Appeals", description = "Appeals against decisions, reviewed by someone who took no part")
class AppealsApi {
    private final Appeals appeals;

    AppealsApi(Appeals appeals) {
        this.appeals = appeals;
    }

    record Filing(String statement, String evidence) {
    }

    record Text(String body) {
    }

    record Reviewer(String email) {
    }

    record Outcome(String outcome, String reasoning, String action, Instant until, String duration, String tellReporter) {
    }

    record Filed(String id, String status) {
    }

    @GetMapping("/api/v1/appeals/by-link/{token}")
    @Operation(summary = "For the appellant: the decision as their letter told it, until when they may appeal, and their appeal")
    AppellantView view(@PathVariable String token, HttpServletRequest request) {
        return appeals.view(token, request.getRemoteAddr());
    }

    @PostMapping("/api/v1/appeals/by-link/{token}")
    @Operation(summary = "File the appeal (statement required, evidence optional); once per decision, within the link's window")
    ResponseEntity<Filed> file(@PathVariable String token, @RequestBody Filing body, HttpServletRequest request) {
        String id = appeals.file(token, request.getRemoteAddr(), body.statement(), body.evidence());
        return ResponseEntity.created(URI.create("/api/v1/appeals/by-link/" + token))
                .body(new Filed(id, appeals.view(token, request.getRemoteAddr()).appeal().status()));
    }

    @PostMapping("/api/v1/appeals/by-link/{token}/messages")
    @Operation(summary = "The appellant writes to the reviewer while the appeal is open")
    ResponseEntity<Void> reply(@PathVariable String token, @RequestBody Text body, HttpServletRequest request) {
        appeals.reply(token, request.getRemoteAddr(), body.body());
        return ResponseEntity.status(201).build();
    }

    @GetMapping("/api/v1/appeals")
    @Operation(summary = "Appeals: all of them for an admin, the ones they review for anyone else")
    @SecurityRequirement(name = "bearer")
    List<AppealSummary> list(@AuthenticationPrincipal StaffUser user) {
        return appeals.list(user.accountId());
    }

    @GetMapping("/api/v1/appeals/{id}")
    @Operation(summary = "One appeal, for its reviewer or an admin")
    @SecurityRequirement(name = "bearer")
    AppealDetail detail(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return appeals.detail(user.accountId(), id);
    }

    @PostMapping("/api/v1/appeals/{id}/reviewer")
    @Operation(summary = "An admin assigns the reviewer (only someone who took no part in the case)")
    @SecurityRequirement(name = "bearer")
    AppealDetail assign(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Reviewer body) {
        appeals.assign(user.accountId(), id, body.email());
        return appeals.detail(user.accountId(), id);
    }

    @PostMapping("/api/v1/appeals/{id}/messages")
    @Operation(summary = "The reviewer asks the appellant something")
    @SecurityRequirement(name = "bearer")
    ResponseEntity<Void> ask(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Text body) {
        appeals.ask(user.accountId(), id, body.body());
        return ResponseEntity.status(201).build();
    }

    @PostMapping("/api/v1/appeals/{id}/outcome")
    @Operation(summary = "The reviewer decides: outcome upheld, modified (action, until or duration from the original start) or overturned;"
            + " reasoning required (the appellant reads it); tellReporter optional")
    @SecurityRequirement(name = "bearer")
    AppealDetail decide(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Outcome body) {
        appeals.decide(user.accountId(), id, new Appeals.Outcome(body.outcome(), body.reasoning(), body.action(), body.until(), body.duration(),
                body.tellReporter()));
        return appeals.detail(user.accountId(), id);
    }

    @PostMapping("/api/v1/appeals/{id}/reopen")
    @Operation(summary = "An admin reopens an upheld appeal for another independent reviewer")
    @SecurityRequirement(name = "bearer")
    AppealDetail reopen(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        appeals.reopen(user.accountId(), id);
        return appeals.detail(user.accountId(), id);
    }
}
