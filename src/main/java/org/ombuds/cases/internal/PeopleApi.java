package org.ombuds.cases.internal;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.accounts.StaffUser;
import org.ombuds.cases.Cases;
import org.ombuds.cases.PeopleOnCases;
import org.ombuds.cases.PeopleOnCases.PersonRecord;
import org.ombuds.platform.InvalidInputException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The people cases name, reached only through cases the caller may see; every change takes a reason. */
@RestController
@Tag(name = "People", description = "People as the caller's cases name them: read, and corrected with a reason")
@SecurityRequirement(name = "bearer")
class PeopleApi {
    private final PeopleOnCases people;
    private final Cases cases;

    PeopleApi(PeopleOnCases people, Cases cases) {
        this.people = people;
        this.cases = cases;
    }

    record NewPerson(List<String> handles, String reason) {
    }

    record Handle(String handle, String reason) {
    }

    record Other(String from, String reason) {
    }

    @PostMapping("/api/v1/people")
    @Operation(summary = "Record a person by their handles outside any case (admins; reason required): unknown handles are linked to"
            + " the person the known ones name, or to a new person")
    PersonRecord record(@AuthenticationPrincipal StaffUser user, @RequestBody NewPerson body) {
        if (body == null) throw new InvalidInputException("handles", "handles and reason are required");
        return people.record(cases.viewer(user.accountId()), body.handles(), body.reason());
    }

    @GetMapping("/api/v1/people")
    @Operation(summary = "The person known by one handle, if a case the caller may see names them")
    PersonRecord byHandle(@AuthenticationPrincipal StaffUser user, @RequestParam String handle) {
        return people.byHandle(cases.viewer(user.accountId()), handle);
    }

    @GetMapping("/api/v1/people/{id}")
    @Operation(summary = "A person a case the caller may see names: handles, those cases, and who linked what and why")
    PersonRecord person(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return people.read(cases.viewer(user.accountId()), id);
    }

    @PostMapping("/api/v1/people/{id}/handles")
    @Operation(summary = "Link another handle to this person (reason required)")
    PersonRecord addHandle(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Handle body) {
        if (body == null) throw new InvalidInputException("handle", "handle and reason are required");
        return people.addHandle(cases.viewer(user.accountId()), id, body.handle(), body.reason());
    }

    @PostMapping("/api/v1/people/{id}/unlink")
    @Operation(summary = "Take a handle away from this person, linked in error (reason required)")
    PersonRecord unlink(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Handle body) {
        if (body == null) throw new InvalidInputException("handle", "handle and reason are required");
        return people.unlink(cases.viewer(user.accountId()), id, body.handle(), body.reason());
    }

    @PostMapping("/api/v1/people/{id}/merge")
    @Operation(summary = "Merge another person record into this one: the same human, found under two handles (reason required)")
    PersonRecord merge(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Other body) {
        if (body == null) throw new InvalidInputException("from", "from and reason are required");
        return people.merge(cases.viewer(user.accountId()), id, body.from(), body.reason());
    }

    @PostMapping("/api/v1/people/{id}/unmerge")
    @Operation(summary = "Undo a merge: the other record is a person of its own again, with its handles (reason required)")
    PersonRecord unmerge(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestBody Other body) {
        if (body == null) throw new InvalidInputException("from", "from and reason are required");
        return people.unmerge(cases.viewer(user.accountId()), id, body.from(), body.reason());
    }
}
