package org.ombuds.imports.internal;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.accounts.StaffUser;
import org.ombuds.imports.CaseImport;
import org.ombuds.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The import of earlier records for admins, the same as {@code import cases FILE} with the caller as the importing admin. */
@RestController
@Tag(name = "Imports", description = "The committee's records from before Ombuds")
@SecurityRequirement(name = "bearer")
class ImportsApi {
    private final CaseImport imports;

    ImportsApi(CaseImport imports) {
        this.imports = imports;
    }

    record ImportedRow(int row, String reference, String action, String sanction, Instant until, boolean knownPerson, String caseId) {
    }

    record Imported(boolean dryRun, int cases, long sanctions, long runningBans, List<ImportedRow> rows) {
    }

    @PostMapping(path = "/api/v1/imports/cases", consumes = "text/csv")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Import past cases and sanctions from CSV (admins; columns in the README): all rows or none. 201 when imported,"
            + " 200 for a dry run; 400 problem+json with errors [{row, field, message}] when any row is bad (nothing written)")
    ResponseEntity<?> cases(@AuthenticationPrincipal StaffUser user, @RequestBody byte[] csv,
                            @RequestParam(defaultValue = "false") boolean dryRun, @RequestParam(required = false) String community) {
        CaseImport.Outcome outcome = imports.importCases(new ByteArrayInputStream(csv), community, user.accountId(), dryRun,
                CaseImport.Progress.NONE);
        if (!outcome.errors().isEmpty()) {
            ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, outcome.errors().size() + " bad row(s); nothing was imported");
            problem.setProperty("errors", outcome.errors().stream()
                    .map(error -> Map.of("row", error.row(), "field", error.column(), "message", error.reason())).toList());
            return Problems.response(problem);
        }
        List<ImportedRow> rows = outcome.rows().stream().map(row -> new ImportedRow(row.row(), row.reference(), row.action(), row.sanction(),
                row.until(), row.knownPerson(), row.caseId())).toList();
        return ResponseEntity.status(outcome.dryRun() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new Imported(outcome.dryRun(), rows.size(), outcome.sanctions(), outcome.runningBans(), rows));
    }
}
