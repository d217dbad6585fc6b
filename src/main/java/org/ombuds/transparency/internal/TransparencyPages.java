package org.ombuds.transparency.internal;

import java.util.List;
import java.util.Map;

import org.ombuds.accounts.StaffUser;
import org.ombuds.audit.ActorNames;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.RefusedForm;
import org.ombuds.transparency.Period;
import org.ombuds.transparency.Transparency;
import org.ombuds.transparency.TransparencyReport;
import org.ombuds.transparency.TrendChart;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Public pages of the published reports ({@code /transparency}, bilingual, with trend charts) and the admins' pages
 * to draft, review and publish them ({@code /staff/transparency}; the service refuses anyone else with 403). A refused
 * step comes back on the same page with the reason.
 */
@Controller
class TransparencyPages {
    private static final String STAFF = "/staff/transparency";
    private final Transparency transparency;
    private final ActorNames names;

    TransparencyPages(Transparency transparency, ActorNames names) {
        this.transparency = transparency;
        this.names = names;
    }

    @GetMapping("/transparency")
    ModelAndView published() {
        List<Transparency.Published> reports = transparency.published();
        ModelAndView page = new ModelAndView("transparency/published");
        List<Transparency.Published> newestFirst = new java.util.ArrayList<>(reports);
        java.util.Collections.reverse(newestFirst);
        page.addObject("reports", newestFirst);
        page.addObject("charts", reports.isEmpty() ? List.of() : TrendChart.published(reports));
        return page;
    }

    @GetMapping("/transparency/{period}")
    ModelAndView report(@PathVariable String period) {
        Transparency.Published report = transparency.published(Period.parse(period));
        ModelAndView page = new ModelAndView("transparency/report");
        page.addObject("report", report);
        page.addObject("p", report.publication());
        return page;
    }

    @GetMapping(STAFF)
    ModelAndView list(@AuthenticationPrincipal StaffUser user) {
        return list(user, null, RefusedForm.NONE);
    }

    @PostMapping(STAFF)
    ModelAndView draft(@AuthenticationPrincipal StaffUser user, @RequestParam(required = false) String period, RedirectAttributes redirect) {
        return RefusedForm.INPUT_OR_CONFLICT.attempt(() -> {
            TransparencyReport draft = transparency.draft(user.accountId(), period);
            redirect.addFlashAttribute("notice", "transparency.staff.notice.drafted");
            return new ModelAndView("redirect:" + STAFF + "/" + draft.id());
        }, refused -> list(user, period, refused.at("period")));
    }

    @GetMapping(STAFF + "/{id}")
    ModelAndView detail(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return detail(user, id, null, RefusedForm.NONE);
    }

    @PostMapping(STAFF + "/{id}/review")
    ModelAndView review(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String note,
                        RedirectAttributes redirect) {
        return RefusedForm.INPUT_OR_CONFLICT.attempt(() -> {
            transparency.review(user.accountId(), id, note);
            redirect.addFlashAttribute("notice", "transparency.staff.notice.reviewed");
            return new ModelAndView("redirect:" + STAFF + "/" + id);
        }, refused -> detail(user, id, note, refused));
    }

    @PostMapping(STAFF + "/{id}/publish")
    ModelAndView publish(@AuthenticationPrincipal StaffUser user, @PathVariable String id, RedirectAttributes redirect) {
        return RefusedForm.catching(ConflictException.class).attempt(() -> {
            transparency.publish(user.accountId(), id);
            redirect.addFlashAttribute("notice", "transparency.staff.notice.published");
            return new ModelAndView("redirect:" + STAFF + "/" + id);
        }, refused -> detail(user, id, null, refused));
    }

    private ModelAndView list(StaffUser user, String period, RefusedForm refused) {
        ModelAndView page = new ModelAndView("transparency/staff-list");
        page.addObject("reports", transparency.list(user.accountId()));
        page.addObject("period", period);
        return refused.on(page);
    }

    /** The report's page; a refused review or publication says why at the top, marking no field. */
    private ModelAndView detail(StaffUser user, String id, String note, RefusedForm refused) {
        TransparencyReport report = transparency.get(user.accountId(), id);
        Map<String, String> who = names.namesOf(java.util.stream.Stream.of(report.createdBy(), report.reviewedBy(), report.publishedBy())
                .filter(account -> account != null).toList());
        ModelAndView page = new ModelAndView("transparency/staff-report");
        page.addObject("report", report);
        page.addObject("f", report.figures());
        page.addObject("p", report.publication());
        page.addObject("names", who);
        page.addObject("ownDraft", report.createdBy().equals(user.accountId()));
        page.addObject("note", note);
        return refused.at(null).on(page);
    }
}
