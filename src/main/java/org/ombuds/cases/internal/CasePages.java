package org.ombuds.cases.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ombuds.accounts.StaffUser;
import org.ombuds.cases.CaseDetail;
import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.CaseNotes;
import org.ombuds.cases.CaseQueue;
import org.ombuds.cases.CaseStatus;
import org.ombuds.cases.CaseSummary;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ConfirmingParties;
import org.ombuds.cases.HandlingCases;
import org.ombuds.cases.MergingAndSplitting;
import org.ombuds.cases.MessagingReporters;
import org.ombuds.cases.ReadingCases;
import org.ombuds.cases.Recusals;
import org.ombuds.cases.Severity;
import org.ombuds.cases.Viewer;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.RefusedForm;
import org.ombuds.platform.Slugs;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The committee's pages for cases: the queue, a case with its action forms, and declaring a conflict of interest.
 * They mirror {@link CasesApi}. Forms post, then redirect back with a notice; a refused form re-renders the case
 * with the field marked and everything typed kept. Over 300 lines on purpose: every form of the case page posts here,
 * so that one {@code act} re-renders the page the same way for all of them.
 */
@Controller
@RequestMapping("/staff/cases")
class CasePages {
    static final int PAGE_SIZE = 50;
    private static final String CASE_PAGE = "redirect:/staff/cases/{id}";
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

    CasePages(Cases cases, Letters letters, org.ombuds.cases.CaseRetention retention, Recusals recusals, ConfirmingParties parties,
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

    @GetMapping
    ModelAndView queue(@AuthenticationPrincipal StaffUser user, @RequestParam(required = false) String status,
                       @RequestParam(required = false) String search, @RequestParam(defaultValue = "0") int page) {
        String shown = status == null || status.isBlank() ? "open" : status;
        ModelAndView view = new ModelAndView("cases/queue");
        view.addObject("status", shown);
        view.addObject("search", search);
        view.addObject("page", page);
        view.addObject("statuses", Arrays.stream(CaseStatus.values()).map(CaseStatus::id).toList());
        try {
            List<CaseSummary> rows = queue.list(viewer(user), new CaseQueue.Filter(shown, search, page, PAGE_SIZE));
            view.addObject("rows", rows);
            // A full page may have more after it; an empty next page says so plainly.
            view.addObject("hasNext", rows.size() == PAGE_SIZE);
        } catch (InvalidInputException e) {
            view.addObject("rows", List.of());
            view.addObject("hasNext", false);
            RefusedForm.of(e).on(view);
        }
        return view;
    }

    @GetMapping("/{id}")
    ModelAndView show(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return casePage(viewer(user), id, RefusedForm.NONE, Map.of());
    }

    @GetMapping("/{id}/conflict")
    String conflict(@AuthenticationPrincipal StaffUser user, @PathVariable String id, Model model) {
        model.addAttribute("summary", summary(viewer(user), id));
        return "cases/conflict";
    }

    @PostMapping("/{id}/conflict")
    String declareConflict(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String reason,
                           RedirectAttributes redirect) {
        Viewer viewer = viewer(user);
        CaseSummary summary = summary(viewer, id);
        recusals.recuse(viewer, id, user.email(), reason);
        notice(redirect, new Done("cases.notice.conflict", summary.name(), null));
        return "redirect:/staff/cases";
    }

    @GetMapping("/{id}/export")
    ResponseEntity<CaseDetail> export(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        CaseDetail detail = reading.export(viewer(user), id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("case-" + detail.summary().codeName() + ".json").build().toString())
                .body(detail);
    }

    @GetMapping("/{id}/reports/{reportId}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String reportId,
                                      @PathVariable String attachmentId) {
        return Downloads.attachment(reading.attachment(viewer(user), id, reportId, attachmentId));
    }

    @PostMapping("/{id}/notes")
    ModelAndView note(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String body,
                      RedirectAttributes redirect) {
        return act(user, id, new Form("note", "body").typed("body", body), redirect, viewer -> {
            notes.addNote(viewer, id, body);
            return new Done("case.notice.note", null, null);
        });
    }

    @PostMapping("/{id}/legal-hold")
    ModelAndView legalHold(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String reason,
                           @RequestParam(required = false) String release, RedirectAttributes redirect) {
        boolean releasing = release != null;
        return act(user, id, new Form("hold", "reason").typed("reason", reason), redirect, viewer -> {
            if (releasing) retention.release(viewer, id, reason);
            else retention.hold(viewer, id, reason);
            return new Done(releasing ? "case.notice.holdReleased" : "case.notice.hold", null, null);
        });
    }

    @PostMapping("/{id}/status")
    ModelAndView status(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String status,
                        RedirectAttributes redirect) {
        return act(user, id, new Form("case", "status").typed("status", status), redirect, viewer -> {
            handling.changeStatus(viewer, id, status);
            return new Done("case.notice.status", null, null);
        });
    }

    @PostMapping("/{id}/severity")
    ModelAndView severity(@AuthenticationPrincipal StaffUser user, @PathVariable String id,
                          @RequestParam(required = false) String severity, RedirectAttributes redirect) {
        return act(user, id, new Form("case", "severity").typed("severity", severity), redirect, viewer -> {
            handling.setSeverity(viewer, id, severity);
            return new Done("case.notice.severity", null, null);
        });
    }

    @PostMapping("/{id}/assignees")
    ModelAndView assign(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String email,
                        @RequestParam(defaultValue = "false") boolean lead, RedirectAttributes redirect) {
        Form form = new Form("assign", "email").typed("email", email).typed("lead", lead ? "true" : null);
        return act(user, id, form, redirect, viewer -> {
            handling.assign(viewer, id, email, lead);
            return new Done("case.notice.assigned", email, null);
        });
    }

    @PostMapping("/{id}/recusals")
    ModelAndView recuse(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String email,
                        @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return act(user, id, new Form("recuse", "email").typed("email", email).typed("reason", reason), redirect, viewer -> {
            boolean self = email != null && email.strip().equalsIgnoreCase(user.email());
            String name = self ? summary(viewer, id).name() : null;
            recusals.recuse(viewer, id, email, reason);
            // Recusing oneself puts the case out of reach at once: back to the queue.
            return self ? new Done("cases.notice.conflict", name, "/staff/cases") : new Done("case.notice.recused", email, null);
        });
    }

    @PostMapping("/{id}/recusals/{accountId}/lift")
    ModelAndView liftRecusal(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String accountId,
                             @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return act(user, id, new Form("lift-" + accountId, "reason").typed("reason", reason), redirect, viewer -> {
            recusals.lift(viewer, id, accountId, reason);
            return new Done("case.notice.recusalLifted", null, null);
        });
    }

    /**
     * Confirms who the case is about (or who reported or witnessed it). From a report's claims, {@code handle} holds the
     * ticked handles and {@code report} the report; the general form gives them as text, one per line or comma.
     */
    @PostMapping("/{id}/parties")
    ModelAndView confirmParty(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String role,
                              @RequestParam(name = "handle", required = false) List<String> ticked,
                              @RequestParam(required = false) String handles, @RequestParam(required = false) String report,
                              @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        String form = report == null || report.isBlank() ? "party" : "claims-" + report.strip() + "-" + (role == null ? "subject" : role.strip());
        Form typed = new Form(form, "handles").typed("handles", handles).typed("reason", reason).typed("role", role);
        return act(user, id, typed, redirect, viewer -> {
            List<String> list = new java.util.ArrayList<>(ticked == null ? List.of() : ticked);
            if (handles != null) Arrays.stream(handles.split("[\\r\\n,]+")).map(String::strip).filter(h -> !h.isEmpty()).forEach(list::add);
            parties.confirm(viewer, id, new ConfirmingParties.Confirmation(role, list, report, reason));
            return new Done("case.notice.partyConfirmed", null, null);
        });
    }

    @PostMapping("/{id}/parties/{partyId}/remove")
    ModelAndView removeParty(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String partyId,
                             @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return act(user, id, new Form("remove-" + partyId, "reason").typed("reason", reason), redirect, viewer -> {
            parties.remove(viewer, id, partyId, reason);
            return new Done("case.notice.partyRemoved", null, null);
        });
    }

    @PostMapping("/{id}/reports/{reportId}/messages")
    ModelAndView message(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String reportId,
                         @RequestParam(required = false) String body, RedirectAttributes redirect) {
        return act(user, id, new Form("message-" + reportId, "body").typed("body", body), redirect, viewer -> {
            messaging.messageReporter(viewer, id, reportId, body);
            return new Done("case.notice.message", null, null);
        });
    }

    @PostMapping("/{id}/letters")
    ModelAndView letter(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String recipient,
                        @RequestParam(required = false) String address, @RequestParam(required = false) String subject,
                        @RequestParam(required = false) String body, RedirectAttributes redirect) {
        Form form = new Form("letter", "address").typed("recipient", recipient).typed("address", address).typed("subject", subject)
                .typed("body", body);
        return act(user, id, form, redirect, viewer -> {
            letters.send(viewer, id, new CaseLetters.Letter(recipient, address, subject, body));
            return new Done("case.notice.letter", null, null);
        });
    }

    @PostMapping("/{id}/merge")
    ModelAndView merge(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String from,
                       RedirectAttributes redirect) {
        return act(user, id, new Form("merge", "from").typed("from", from), redirect, viewer -> {
            CaseSummary other = byNameOrId(viewer, from);
            merging.merge(viewer, id, other.id());
            return new Done("case.notice.merged", other.name(), null);
        });
    }

    @PostMapping("/{id}/split")
    ModelAndView split(@AuthenticationPrincipal StaffUser user, @PathVariable String id,
                       @RequestParam(name = "reports", required = false) List<String> reports, RedirectAttributes redirect) {
        Form form = new Form("split", "reports").typed("reports", reports == null ? null : String.join(",", reports));
        return act(user, id, form, redirect, viewer -> {
            String newId = merging.split(viewer, id, reports);
            redirect.addFlashAttribute("noticeLink", "/staff/cases/" + newId);
            return new Done("case.notice.split", summary(viewer, newId).name(), null);
        });
    }

    /** What a successful form tells the user, and where it goes next (null: back to the case). */
    private record Done(String notice, String argument, String next) {
    }

    @FunctionalInterface
    private interface Action {
        Done run(Viewer viewer);
    }

    /** A form on the case page: its fields' ids are {@code name-field}; an error about another field marks the main one. */
    private record Form(String name, String mainField, Map<String, String> values) {
        Form(String name, String mainField) {
            this(name, mainField, new HashMap<>());
        }

        Form typed(String field, String value) {
            values.put(field, value);
            return this;
        }

        Map<String, String> typedById() {
            Map<String, String> byId = new HashMap<>();
            values.forEach((field, value) -> byId.put(name + "-" + field, value));
            return byId;
        }
    }

    private ModelAndView act(StaffUser user, String id, Form form, RedirectAttributes redirect, Action action) {
        Viewer viewer = viewer(user);
        // An unknown email, case name or report is refused on the form; if the case itself is out of reach, casePage answers 404.
        return RefusedForm.ANY.attempt(() -> {
            Done done = action.run(viewer);
            notice(redirect, done);
            return new ModelAndView(done.next() == null ? CASE_PAGE : "redirect:" + done.next());
        }, refused -> casePage(viewer, id, refused.within(form.name(), form.values().keySet(), form.mainField()), form.typedById()));
    }

    private ModelAndView casePage(Viewer viewer, String id, RefusedForm refused, Map<String, String> typed) {
        CaseDetail detail = reading.detail(viewer, id);
        ModelAndView view = new ModelAndView("cases/case");
        view.addObject("detail", detail);
        view.addObject("statuses", Arrays.stream(CaseStatus.values())
                .filter(s -> s != CaseStatus.DECIDED || detail.permissions().decide()).map(CaseStatus::id).toList());
        view.addObject("severities", Arrays.stream(Severity.values()).map(Severity::id).toList());
        view.addObject("typed", typed);
        return refused.on(view);
    }

    private static void notice(RedirectAttributes redirect, Done done) {
        redirect.addFlashAttribute("notice", done.notice());
        redirect.addFlashAttribute("noticeArgument", done.argument());
    }

    private CaseSummary summary(Viewer viewer, String id) {
        return queue.summary(viewer, id);
    }

    private CaseSummary byNameOrId(Viewer viewer, String text) {
        if (text == null || text.isBlank()) throw new InvalidInputException("from", "name the other case by its code name or id");
        return queue.list(viewer, new CaseQueue.Filter("all", text, 0, 1)).stream().findFirst()
                .orElseThrow(() -> new InvalidInputException("from", "no case you can see is called '" + Slugs.printable(text.strip()) + "'"));
    }

    private Viewer viewer(StaffUser user) {
        return cases.viewer(user.accountId());
    }
}
