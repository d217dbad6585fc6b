package org.ombuds.audit.internal;

import java.util.List;
import java.util.function.Predicate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.audit.AuditEntry;
import org.ombuds.audit.AuditLog;
import org.ombuds.audit.CaseVisibility;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log for staff: admins see all of it, others the entries of cases they may see; recusal applies to all. */
@RestController
@Tag(name = "Audit log", description = "Who read and changed what")
@SecurityRequirement(name = "bearer")
class AuditApi {
    private final AuditReader reader;

    AuditApi(AuditReader reader) {
        this.reader = reader;
    }

    @GetMapping("/api/v1/audit")
    @Operation(summary = "Entries newest first, filtered by case or account (actor); page with before=<seq>")
    List<AuditEntry> entries(Authentication auth, @RequestParam(name = "case", required = false) String caseId,
                             @RequestParam(required = false) String account, @RequestParam(required = false) Long before,
                             @RequestParam(defaultValue = "100") int limit) {
        return reader.read(auth, caseId, account, before, limit);
    }

    @GetMapping("/api/v1/audit/export")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "The log (or the part for one case or account) as CSV, oldest first (admins)")
    ResponseEntity<String> export(Authentication auth, @RequestParam(name = "case", required = false) String caseId,
                                  @RequestParam(required = false) String account) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("ombuds-audit.csv").build().toString())
                .body(reader.csv(auth, caseId, account));
    }
}
