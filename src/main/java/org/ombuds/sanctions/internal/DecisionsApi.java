package org.ombuds.sanctions.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.accounts.StaffUser;
import org.ombuds.cases.Cases;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.sanctions.Sanction;
import org.ombuds.sanctions.Sanctions;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Decisions on cases and the sanctions they put in effect (CONTRACT.md). */
@RestController
@Tag(name = "Decisions and sanctions", description = "The Code's ladder, with reasoning and quorum")
@SecurityRequirement(name = "bearer")
class DecisionsApi {
    private final Decisions decisions;
    private final Sanctions sanctions;
    private final Cases cases;

    DecisionsApi(Decisions decisions, Sanctions sanctions, Cases cases) {
        this.decisions = decisions;
        this.sanctions = sanctions;
        this.cases = cases;
    }

    record NewDecision(String action, List<String> clauses, String reasoning, Instant until, String duration, List<String> spaces,
                       Boolean interim, String supersedes, List<String> noContact, String conditions, String tellReporter, String toSubject) {
    }

    record NewVote(String vote, String comment) {
    }

    record Outcome(String id, String status) {
    }

    @PostMapping("/api/v1/cases/{id}/decisions")
    @Operation(summary = "Propose a decision: action, clauses (category ids), reasoning (required), until or duration for a temporary ban,"
            + " spaces (slugs; default all), interim (a ban in effect at once, to be ratified), supersedes (a decision id),"
            + " noContact (handles the subject must not contact), conditions (of return), tellReporter (what the reporters are told"
            + " through their receipts once it is in effect), toSubject (the committee's words in the letter to the person sanctioned;"
            + " it must not name anyone who reported or witnessed)")
    ResponseEntity<Outcome> propose(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody NewDecision body) {
        Decision decision = decisions.propose(cases.viewer(user.accountId()), id, new Decisions.Proposal(body.action(), body.clauses(),
                body.reasoning(), body.until(), body.duration(), body.spaces(), Boolean.TRUE.equals(body.interim()), body.supersedes(),
                body.noContact(), body.conditions(), body.tellReporter(), body.toSubject()));
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id + "/decisions")).body(new Outcome(decision.id(), decision.status()));
    }

    @GetMapping("/api/v1/cases/{id}/decisions")
    @Operation(summary = "The decisions on a case with their votes, newest first")
    List<Decision> ofCase(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return decisions.ofCase(cases.viewer(user.accountId()), id);
    }

    @GetMapping("/api/v1/cases/{id}/decisions/guidance")
    @Operation(summary = "The subject's earlier sanctions and the action the Code's ladder suggests next")
    Decisions.Guidance guidance(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return decisions.guidance(cases.viewer(user.accountId()), id);
    }

    @PostMapping("/api/v1/decisions/{id}/votes")
    @Operation(summary = "Approve or object to a decision (vote: approve|object, comment optional); each member votes once")
    ResponseEntity<Outcome> vote(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody NewVote body) {
        Decision decision = decisions.vote(cases.viewer(user.accountId()), id, body.vote(), body.comment());
        return ResponseEntity.created(URI.create("/api/v1/cases/" + decision.caseId() + "/decisions"))
                .body(new Outcome(decision.id(), decision.status()));
    }

    @GetMapping("/api/v1/sanctions")
    @Operation(summary = "Sanctions (of cases the caller may see); subject = a handle kind:value or a person id; active=true for those in effect")
    List<Sanction> sanctions(@AuthenticationPrincipal StaffUser user, @RequestParam(required = false) String subject,
                             @RequestParam(defaultValue = "false") boolean active) {
        return sanctions.list(cases.viewer(user.accountId()), subject, active);
    }
}
