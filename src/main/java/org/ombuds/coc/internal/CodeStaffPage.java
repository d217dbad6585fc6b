package org.ombuds.coc.internal;

import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.coc.ActionDeclaration;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.RefusedForm;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Where admins publish a new version of the Code (the same rules as {@code coc publish} and the API: the text must
 * keep the Code's sections; a version is never edited, a change is a new version, optionally taking effect later).
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class CodeStaffPage {
    private final CodeOfConduct code;

    CodeStaffPage(CodeOfConduct code) {
        this.code = code;
    }

    /** {@code community}: a community's slug; empty for the instance's first community. */
    record PublicationForm(String community, String markdown, String note, String effective, String ladder) {
    }

    @GetMapping("/staff/coc")
    ModelAndView show(@RequestParam(required = false) String community) {
        CodeVersion current = code.current(community);
        return page(new PublicationForm(community, current.markdown(), null, null, declared(current)), RefusedForm.NONE);
    }

    @PostMapping("/staff/coc")
    ModelAndView publish(PublicationForm form, Principal principal, ZoneId zone, RedirectAttributes redirect) {
        return RefusedForm.INPUT.attempt(() -> {
            CodeVersion version = code.publish(blankToNull(form.community()), form.markdown(), effective(form.effective(), zone), principal.getName(), form.note(),
                    ActionDeclaration.parse(form.ladder()));
            redirect.addFlashAttribute("notice", version.effectiveAt().isAfter(version.publishedAt())
                    ? "coc.staff.notice.scheduled" : "coc.staff.notice.published");
            redirect.addFlashAttribute("noticeVersion", version.version());
            if (blankToNull(form.community()) != null) redirect.addAttribute("community", form.community().strip());
            return new ModelAndView("redirect:/staff/coc");
        }, refused -> page(form, refused));
    }

    /** An empty date is now; a date is the start of that day in the admin's time zone. */
    private static Instant effective(String date, ZoneId zone) {
        if (date == null || date.isBlank()) return null;
        try {
            return LocalDate.parse(date.strip()).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("effectiveAt", "the date must look like 2027-01-31");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The kinds the version in force declared, so that publishing its text again keeps them. */
    private static String declared(CodeVersion version) {
        return String.join("\n", version.actions().stream()
                .filter(action -> action.kind() != null && org.ombuds.coc.ActionKind.ofDefaultAction(action.id()).isEmpty())
                .map(action -> action.id() + ": " + action.kind().id() + (action.quorum() == null ? "" : ", " + action.quorum()))
                .toList());
    }

    private ModelAndView page(PublicationForm form, RefusedForm refused) {
        ModelAndView page = new ModelAndView("coc/staff");
        String community = blankToNull(form.community());
        page.addObject("current", code.current(community));
        page.addObject("versions", code.versions(community));
        page.addObject("form", form);
        return refused.on(page);
    }
}
