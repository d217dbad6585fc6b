package org.ombuds.cases.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.accounts.StaffUser;
import org.ombuds.cases.CaseDetail;
import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.CaseNotes;
import org.ombuds.cases.CaseQueue;
import org.ombuds.cases.CaseSummary;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ConfirmingParties;
import org.ombuds.cases.HandlingCases;
import org.ombuds.cases.MergingAndSplitting;
import org.ombuds.cases.MessagingReporters;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Recusals;
import org.ombuds.cases.Viewer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Cases for staff. Every use case applies {@link org.ombuds.cases.CaseAccess}: a recused caller gets 404. */
@RestController
@Tag(name = "Cases", description = "Cases built from reports; only cases the caller may see")
@SecurityRequirement(name = "bearer")
class CasesApi {
    private final Cases cases;
    private final Letters letters;
    private final org.ombuds.cases.CaseRetention retention;
    private final Recusals recusals;
    private final ConfirmingParties parties;

    private final CaseQueue queue;
    private final ReadingCases reading;
    private final HandlingCases handling;
    private final CaseNotes notes;
    private final MessagingReporters messaging;
    private final MergingAndSplitting merging;

    CasesApi(Cases cases, Letters letters, org.ombuds.cases.CaseRetention retention, Recusals recusals, ConfirmingParties parties,
             CaseQueue queue, ReadingCases reading, HandlingCases handling, CaseNotes notes, MessagingReporters messaging,
             MergingAndSplitting merging) {
        this.queue = queue;
        this.reading = reading;
        this.handling = handling;
        this.notes = notes;
        this.messaging = messaging;
        this.merging = merging;
        this.recusals = recusals;
        this.parties = parties;
        this.cases = cases;
        this.letters = letters;
        this.retention = retention;
    }

    record Reason(String reason) {
    }

    record Text(String body) {
    }

    record StatusChange(String status) {
    }

    record SeverityChange(String severity) {
    }

    record Assignment(String email, Boolean lead) {
    }

    record Recusal(String email, String reason) {
    }

    record Subjects(List<String> handles, String reason) {
    }

    record Party(String role, List<String> handles, String report, String reason) {
    }

    record NewLetter(String recipient, String address, String subject, String body) {
    }

    record Merge(String from) {
    }

    record Split(List<String> reports) {
    }

    record Created(String id) {
    }

    @GetMapping("/api/v1/cases")
    @Operation(summary = "The queue: open cases, overdue first (status=open|all|<status>, search=code name or id, page, size)")
    List<CaseSummary> list(@AuthenticationPrincipal StaffUser user, @RequestParam(required = false) String status,
                           @RequestParam(required = false) String search, @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "50") int size) {
        return queue.list(viewer(user), new CaseQueue.Filter(status, search, page, size));
    }

    @GetMapping("/api/v1/cases/{id}")
    @Operation(summary = "A case with its reports' content, notes, letters, timeline and the subject's other cases")
    CaseDetail detail(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return reading.detail(viewer(user), id);
    }

    @GetMapping("/api/v1/cases/{id}/export")
    @Operation(summary = "The whole case as one JSON file (admins and the case's handlers)")
    ResponseEntity<CaseDetail> export(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        CaseDetail detail = reading.export(viewer(user), id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("case-" + detail.summary().codeName() + ".json").build().toString())
                .body(detail);
    }

    @PostMapping("/api/v1/cases/{id}/notes")
    @Operation(summary = "Add a private note (sealed at rest)")
    ResponseEntity<Created> note(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Text body) {
        String noteId = notes.addNote(viewer(user), id, body.body());
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id)).body(new Created(noteId));
    }

    @PostMapping("/api/v1/cases/{id}/status")
    @Operation(summary = "Move the case to another status (new, triage, investigating, awaiting-decision, decided, closed, appealed)")
    Map<String, String> status(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody StatusChange body) {
        handling.changeStatus(viewer(user), id, body.status());
        return Map.of("status", body.status());
    }

    @PostMapping("/api/v1/cases/{id}/severity")
    @Operation(summary = "Set the severity (unassessed, low, medium, high, critical)")
    Map<String, String> severity(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody SeverityChange body) {
        handling.setSeverity(viewer(user), id, body.severity());
        return Map.of("severity", body.severity());
    }

    @PostMapping("/api/v1/cases/{id}/assignees")
    @Operation(summary = "Assign a handler by email (lead: true makes them the case lead)")
    ResponseEntity<Void> assign(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Assignment body) {
        handling.assign(viewer(user), id, body.email(), Boolean.TRUE.equals(body.lead()));
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id)).build();
    }

    @PostMapping("/api/v1/cases/{id}/recusals")
    @Operation(summary = "Recuse a staff member (admins, with a reason the member is told; anyone for themselves): from then on the"
            + " case is out of their reach. Refused if it would leave the case without an admin who may see it")
    ResponseEntity<Void> recuse(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Recusal body) {
        if (body == null) throw new org.ombuds.platform.InvalidInputException("email", "email is required");
        recusals.recuse(viewer(user), id, body.email(), body.reason());
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id)).build();
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/cases/{id}/recusals/{accountId}")
    @Operation(summary = "Lift a recusal (admins; reason required, as JSON body or ?reason=): the member may reach the case again")
    ResponseEntity<Void> liftRecusal(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String accountId,
                                     @RequestBody(required = false) Reason body, @RequestParam(required = false) String reason) {
        recusals.lift(viewer(user), id, accountId, body != null && body.reason() != null ? body.reason() : reason);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/cases/{id}/conflicts")
    @Operation(summary = "Declare my own conflict of interest (reason optional): I am recused at once")
    ResponseEntity<Void> conflict(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody(required = false) Reason body) {
        recusals.recuse(viewer(user), id, user.email(), body == null ? null : body.reason());
        return ResponseEntity.created(URI.create("/api/v1/cases")).build();
    }

    @PostMapping("/api/v1/cases/{id}/parties")
    @Operation(summary = "Confirm who the case is about (role subject), or who reported or witnessed it: the handles (from a report's"
            + " claims, or typed) are linked to one person, with a reason. A report's handles count only once confirmed")
    ResponseEntity<Created> confirm(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Party body) {
        if (body == null) throw new org.ombuds.platform.InvalidInputException("handles", "handles and reason are required");
        String partyId = parties.confirm(viewer(user), id, new ConfirmingParties.Confirmation(body.role(), body.handles(), body.report(), body.reason()));
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id)).body(new Created(partyId));
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/cases/{id}/parties/{partyId}")
    @Operation(summary = "Take a party off the case, confirmed in error (reason required, as JSON body or ?reason=)")
    ResponseEntity<Void> removeParty(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String partyId,
                                     @RequestBody(required = false) Reason body, @RequestParam(required = false) String reason) {
        parties.remove(viewer(user), id, partyId, body != null && body.reason() != null ? body.reason() : reason);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/cases/{id}/subjects")
    @Operation(summary = "Confirm a person the case is about, by their handles (kind:value), with a reason (the same as parties with"
            + " role subject)")
    ResponseEntity<Void> subject(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Subjects body) {
        if (body == null) throw new org.ombuds.platform.InvalidInputException("handles", "handles and reason are required");
        parties.confirm(viewer(user), id, new ConfirmingParties.Confirmation("subject", body.handles(), null, body.reason()));
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id)).build();
    }

    @PostMapping("/api/v1/cases/{id}/reports/{reportId}/messages")
    @Operation(summary = "Write to the reporter through their receipt (and by email if they gave an address)")
    ResponseEntity<Void> message(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String reportId,
                                 @RequestBody Text body) {
        messaging.messageReporter(viewer(user), id, reportId, body.body());
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id)).build();
    }

    @PostMapping("/api/v1/cases/{id}/letters")
    @Operation(summary = "Send a letter by email to the reported person or a witness (recipient: subject|witness); recorded on the case")
    ResponseEntity<Created> letter(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody NewLetter body) {
        String letterId = letters.send(viewer(user), id, new CaseLetters.Letter(body.recipient(), body.address(), body.subject(), body.body()));
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id)).body(new Created(letterId));
    }

    @PostMapping("/api/v1/cases/{id}/merge")
    @Operation(summary = "Merge another case (from) into this one")
    CaseSummary merge(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Merge body) {
        Viewer viewer = viewer(user);
        merging.merge(viewer, id, body.from());
        return reading.detail(viewer, id).summary();
    }

    @PostMapping("/api/v1/cases/{id}/split")
    @Operation(summary = "Move some of the case's reports into a new case")
    ResponseEntity<Created> split(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Split body) {
        String newId = merging.split(viewer(user), id, body.reports());
        return ResponseEntity.created(URI.create("/api/v1/cases/" + newId)).body(new Created(newId));
    }

    @GetMapping("/api/v1/cases/{id}/reports/{reportId}/attachments/{attachmentId}")
    @Operation(summary = "A file attached to one of the case's reports (always as a download)")
    ResponseEntity<byte[]> attachment(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String reportId,
                                      @PathVariable String attachmentId) {
        return Downloads.attachment(reading.attachment(viewer(user), id, reportId, attachmentId));
    }

    @PostMapping("/api/v1/cases/{id}/legal-hold")
    @Operation(summary = "Put the case under legal hold (admins; reason required): it is never purged while held")
    ResponseEntity<Void> hold(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Reason body) {
        retention.hold(viewer(user), id, body.reason());
        return ResponseEntity.created(URI.create("/api/v1/cases/" + id)).build();
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/cases/{id}/legal-hold")
    @Operation(summary = "Release the legal hold (admins; reason required, as JSON body or ?reason=)")
    ResponseEntity<Void> release(@AuthenticationPrincipal StaffUser user, @PathVariable String id,
                                 @RequestBody(required = false) Reason body, @RequestParam(required = false) String reason) {
        retention.release(viewer(user), id, body != null && body.reason() != null ? body.reason() : reason);
        return ResponseEntity.noContent().build();
    }

    private Viewer viewer(StaffUser user) {
        return cases.viewer(user.accountId());
    }
}
