package org.ombuds.retention.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.accounts.StaffUser;
import org.ombuds.cases.Cases;
import org.ombuds.retention.DataSubjectRequests;
import org.ombuds.retention.PersonExport;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Data-subject requests (admins): the export of everything held about a person, and erasure. */
@RestController
@Tag(name = "Data-subject requests", description = "Export and erasure of a person's data (admins)")
@SecurityRequirement(name = "bearer")
class DataSubjectApi {
    private final DataSubjectRequests requests;
    private final Cases cases;

    DataSubjectApi(DataSubjectRequests requests, Cases cases) {
        this.requests = requests;
        this.cases = cases;
    }

    @GetMapping("/api/v1/people/{id}/export")
    @Operation(summary = "Everything held about the person (all their handles and merged records) as one JSON file; others' identities redacted")
    ResponseEntity<PersonExport> export(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return file(requests.export(cases.viewer(user.accountId()), id));
    }

    @GetMapping("/api/v1/people/export")
    @Operation(summary = "The same export, for the person known by a handle (?handle=kind:value)")
    ResponseEntity<PersonExport> exportByHandle(@AuthenticationPrincipal StaffUser user, @RequestParam String handle) {
        var viewer = cases.viewer(user.accountId());
        if (viewer.role() != org.ombuds.accounts.Role.ADMIN) {
            throw new org.springframework.security.access.AccessDeniedException("only admins answer data-subject requests");
        }
        return file(requests.export(viewer, requests.personByHandle(handle)));
    }

    @PostMapping("/api/v1/people/{id}/erasure")
    @Operation(summary = "Erase the person: reports they filed, their handles and name (kept while a sanction on them is in effect; 409 under legal hold)")
    DataSubjectRequests.Erasure erase(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return requests.erase(cases.viewer(user.accountId()), id);
    }

    private static ResponseEntity<PersonExport> file(PersonExport export) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("person-" + export.personId() + ".json").build().toString()).body(export);
    }
}
