package org.ombuds.audit.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ombuds.audit.ActorNames;
import org.ombuds.audit.AuditEntry;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RefusedForm;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The audit log as a page, newest first, mirroring {@link AuditApi}. It takes the {@link Authentication} rather than
 * the accounts module's user type: accounts writes to the audit log, so audit must not depend on accounts.
 */
@Controller
class AuditPages {
    static final int PAGE_SIZE = 100;
    private final AuditReader reader;
    private final ActorNames names;

    AuditPages(AuditReader reader, ActorNames names) {
        this.reader = reader;
        this.names = names;
    }

    @GetMapping("/staff/audit")
    ModelAndView log(Authentication auth, @RequestParam(name = "case", required = false) String caseId,
                     @RequestParam(required = false) String account, @RequestParam(required = false) Long before) {
        ModelAndView view = new ModelAndView("audit/log");
        view.addObject("caseId", caseId);
        view.addObject("account", account);
        view.addObject("before", before);
        view.addObject("admin", AuditReader.isAdmin(auth));
        try {
            List<AuditEntry> entries = reader.read(auth, caseId, account, before, PAGE_SIZE);
            view.addObject("entries", entries);
            view.addObject("names", names.namesOf(entries.stream().map(AuditEntry::actor).toList()));
            view.addObject("older", entries.size() == PAGE_SIZE ? entries.get(entries.size() - 1).seq() : null);
        } catch (NotFoundException e) {
            // The only thing the reader looks up is the case filter: a case this reader may not see.
            refuse(view, RefusedForm.of("case", e.getMessage(), HttpStatus.NOT_FOUND));
        } catch (InvalidInputException e) {
            refuse(view, RefusedForm.of(e));
        }
        return view;
    }

    @GetMapping("/staff/audit/export")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<String> export(Authentication auth, @RequestParam(name = "case", required = false) String caseId,
                                  @RequestParam(required = false) String account) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("ombuds-audit.csv").build().toString())
                .body(reader.csv(auth, caseId, account));
    }

    private static void refuse(ModelAndView view, RefusedForm refused) {
        view.addObject("entries", List.of());
        view.addObject("names", java.util.Map.of());
        view.addObject("older", null);
        refused.on(view);
    }
}
