package org.ombuds.appeals.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.accounts.StaffUser;
import org.ombuds.appeals.AppealDetail;
import org.ombuds.appeals.AppealSummary;
import org.ombuds.appeals.Appeals;
import org.ombuds.cases.Cases;
import org.ombuds.cases.CodeNames;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.EnforcementAction;
import org.ombuds.community.Communities;
import org.ombuds.community.Community;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.RefusedForm;
import org.ombuds.sanctions.AppealLinks;
import org.ombuds.sanctions.Decisions;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The committee's pages for appeals, mirroring {@link AppealsApi}: the list of the appeals the viewer may see, and one
 * appeal with its statement, the letter as sent, the conversation and history; admins assign the reviewer and reopen
 * an upheld appeal, the reviewer asks the appellant and decides. Forms post, then redirect back with a notice; a
 * refused form re-renders the page with the field marked and everything typed kept. Who may do what is the service's
 * business: anyone who may not see the appeal gets its 404, a role that may not act its 403.
 */
@Controller
class AppealStaffPages {
    private static final String DETAIL = "appeals/detail";
    private static final String NOTICE = "notice";
    /** The appellant's personal link in the letter: theirs alone, so the staff page does not show it. */
    private static final Pattern APPEAL_TOKEN = Pattern.compile(AppealLinks.PREFIX + "[A-Za-z0-9_-]+");
    private static final Set<String> OUTCOME_FIELDS = Set.of("outcome", "reasoning", "action", "until", "duration", "tellReporter");
    private final Appeals appeals;
    private final Decisions decisions;
    private final Cases cases;
    private final Communities communities;
    private final CodeOfConduct code;
    private final Accounts accounts;
    private final MessageSource messages;

    AppealStaffPages(Appeals appeals, Decisions decisions, Cases cases, Communities communities, CodeOfConduct code, Accounts accounts,
                     MessageSource messages) {
        this.appeals = appeals;
        this.decisions = decisions;
        this.cases = cases;
        this.communities = communities;
        this.code = code;
        this.accounts = accounts;
        this.messages = messages;
    }

    /** What the outcome form sent, kept as typed so that a refused form comes back filled in. */
    public record OutcomeForm(String outcome, String reasoning, String action, String duration, String until, String tellReporter) {
        static OutcomeForm empty() {
            return new OutcomeForm(null, null, null, null, null, null);
        }
    }

    /** What the other forms of the page sent (the reviewer's email, the question), kept as typed. */
    public record Typed(String email, String question) {
        static Typed none() {
            return new Typed(null, null);
        }
    }

    /** An appeal as the list shows it: the case's name as people say it and the action's name. */
    public record Row(AppealSummary summary, String caseName, String actionName) {
    }

    /** An entry of the appeal's history, in words. */
    public record EventView(Instant at, String actor, String text) {
    }

    /** Someone who may review the appeal: how they are named, and the address to assign them with. */
    public record Candidate(String label, String email) {
    }

    /** A choice of the form: an id and what people read. */
    public record Choice(String id, String name) {
    }

    @GetMapping("/staff/appeals")
    ModelAndView list(@AuthenticationPrincipal StaffUser user) {
        List<AppealSummary> list = appeals.list(user.accountId());
        Map<String, String> actionNames = actionNames();
        Map<String, String> caseNames = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (AppealSummary summary : list) {
            rows.add(new Row(summary, caseNames.computeIfAbsent(summary.caseId(), id -> CodeNames.display(summary.codeName())),
                    actionNames.getOrDefault(summary.action(), summary.action())));
        }
        ModelAndView view = new ModelAndView("appeals/list");
        view.addObject("rows", rows);
        view.addObject("isAdmin", user.role() == Role.ADMIN);
        view.addObject("waiting", list.stream().filter(s -> s.status().equals(Appeals.AWAITING_REVIEWER)).count());
        return view;
    }

    @GetMapping("/staff/appeals/{id}")
    ModelAndView show(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return detailPage(user, id, OutcomeForm.empty(), Typed.none(), RefusedForm.NONE);
    }

    @PostMapping("/staff/appeals/{id}/reviewer")
    ModelAndView assign(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String email,
                        RedirectAttributes redirect) {
        Typed typed = new Typed(email, null);
        return RefusedForm.INPUT_OR_CONFLICT.attempt(() -> {
            appeals.assign(user.accountId(), id, email);
            redirect.addFlashAttribute(NOTICE, "appeals.staff.notice.assigned");
            return redirect(id);
        }, refused -> detailPage(user, id, OutcomeForm.empty(), typed, refused.at("reviewer-email")));
    }

    @PostMapping("/staff/appeals/{id}/messages")
    ModelAndView ask(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @RequestParam(required = false) String body,
                     RedirectAttributes redirect) {
        Typed typed = new Typed(null, body);
        return RefusedForm.INPUT_OR_CONFLICT.attempt(() -> {
            appeals.ask(user.accountId(), id, body);
            redirect.addFlashAttribute(NOTICE, "appeals.staff.notice.asked");
            return redirect(id);
        }, refused -> detailPage(user, id, OutcomeForm.empty(), typed, refused.at("question-body")));
    }

    @PostMapping("/staff/appeals/{id}/outcome")
    ModelAndView decide(@AuthenticationPrincipal StaffUser user, @PathVariable String id, OutcomeForm form, ZoneId zone,
                        RedirectAttributes redirect) {
        // An error about something the form does not have marks the reasoning.
        return RefusedForm.INPUT_OR_CONFLICT.attempt(() -> {
            appeals.decide(user.accountId(), id, outcome(form, zone));
            redirect.addFlashAttribute(NOTICE, "appeals.staff.notice.decided." + form.outcome());
            return redirect(id);
        }, refused -> detailPage(user, id, form, Typed.none(), refused.within("outcome", OUTCOME_FIELDS, "reasoning")));
    }

    @PostMapping("/staff/appeals/{id}/reopen")
    ModelAndView reopen(@AuthenticationPrincipal StaffUser user, @PathVariable String id, RedirectAttributes redirect) {
        return RefusedForm.catching(ConflictException.class).attempt(() -> {
            appeals.reopen(user.accountId(), id);
            redirect.addFlashAttribute(NOTICE, "appeals.staff.notice.reopened");
            return redirect(id);
        }, refused -> detailPage(user, id, OutcomeForm.empty(), Typed.none(), refused.at("reopen")));
    }

    private ModelAndView detailPage(StaffUser user, String appealId, OutcomeForm form, Typed typed, RefusedForm refused) {
        // First, so that whoever may not see the appeal gets the service's 404.
        AppealDetail detail = appeals.detail(user.accountId(), appealId);
        AppealSummary summary = detail.summary();
        boolean admin = user.role() == Role.ADMIN;
        boolean reviewer = user.accountId().equals(summary.reviewerId());
        Map<String, String> actionNames = new LinkedHashMap<>();
        List<Choice> actionChoices = new ArrayList<>();
        Optional<Community> community = communities.byId(cases.communityOf(summary.caseId()));
        if (community.isPresent()) {
            code.currentOf(community.get()).actions().stream().sorted((a, b) -> Integer.compare(a.rank(), b.rank())).forEach(action -> {
                actionNames.put(action.id(), action.name());
                actionChoices.add(new Choice(action.id(), action.name()));
            });
        }
        String actionName = actionNames.getOrDefault(summary.action(), actionNames().getOrDefault(summary.action(), summary.action()));
        Instant inEffectAt = decisions.appealed(summary.decisionId()).map(Decisions.Appealed::inEffectAt).orElse(null);

        ModelAndView view = new ModelAndView(DETAIL);
        view.addObject("appeal", detail);
        view.addObject("s", summary);
        view.addObject("caseName", CodeNames.display(summary.codeName()));
        view.addObject("actionName", actionName);
        view.addObject("inEffectAt", inEffectAt);
        String letter = detail.letter();
        boolean linkHidden = letter != null && APPEAL_TOKEN.matcher(letter).find();
        view.addObject("letter", linkHidden ? APPEAL_TOKEN.matcher(letter).replaceAll(AppealLinks.PREFIX + "…") : letter);
        view.addObject("linkHidden", linkHidden);
        view.addObject("isAdmin", admin);
        view.addObject("isReviewer", reviewer);
        view.addObject("history", detail.history().stream().map(event -> new EventView(event.at(), event.actor(), eventText(event, actionNames)))
                .toList());
        view.addObject("candidates", detail.eligibleReviewers().stream().map(AppealStaffPages::candidate).toList());
        view.addObject("actions", actionChoices);
        view.addObject("form", form);
        view.addObject("chosenAction", form.action() != null ? form.action() : summary.action());
        view.addObject("typed", typed);
        return refused.on(view);
    }

    /** The service's outcome from the form: new terms only for "modified"; the end date is the start of that day in the viewer's zone. */
    private Appeals.Outcome outcome(OutcomeForm form, ZoneId zone) {
        String outcome = blank(form.outcome()) ? null : form.outcome().strip();
        if (!"modified".equals(outcome)) return new Appeals.Outcome(outcome, form.reasoning(), null, null, null, form.tellReporter());
        Instant until = null;
        if (!blank(form.until())) {
            try {
                until = LocalDate.parse(form.until().strip()).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("until", text("appeals.staff.error.date"));
            }
        }
        return new Appeals.Outcome(outcome, form.reasoning(), blank(form.action()) ? null : form.action().strip(), until,
                blank(form.duration()) ? null : form.duration().strip(), form.tellReporter());
    }

    private String eventText(AppealDetail.Event event, Map<String, String> actionNames) {
        String detail = event.detail();
        String argument;
        switch (event.kind()) {
            case "filed":
                argument = detail == null ? "" : actionNames.getOrDefault(detail, detail);
                break;
            case "assigned":
                argument = detail == null ? "" : accounts.byId(detail).map(Account::name).orElse(detail);
                break;
            case "message":
            case "decided":
            case "outcome-to-reporter":
            case "reopened":
                argument = detail == null ? "" : messages.getMessage("appeals.staff.event.detail." + detail, null, detail, locale());
                break;
            default:
                argument = detail == null ? "" : detail;
        }
        String fallback = event.kind() + (argument.isEmpty() ? "" : ": " + argument);
        // An assignment nobody made was Ombuds' own pick among those who may review.
        String key = "appeals.staff.event." + event.kind() + (event.kind().equals("assigned") && event.actor() == null ? ".auto" : "");
        return messages.getMessage(key, new Object[] {argument}, fallback, locale());
    }

    /** "Sam Reviewer <sam@example.org>" as the service lists them. */
    static Candidate candidate(String listed) {
        int open = listed.lastIndexOf(" <");
        if (open > 0 && listed.endsWith(">")) return new Candidate(listed.substring(0, open), listed.substring(open + 2, listed.length() - 1));
        return new Candidate(listed, listed);
    }

    /** Every action any community's Code in force defines, by id. */
    private Map<String, String> actionNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(Decisions.NO_ACTION, text("decisions.page.action.no-action"));
        for (Community community : communities.all()) {
            for (EnforcementAction action : code.currentOf(community).actions()) names.putIfAbsent(action.id(), action.name());
        }
        return names;
    }

    private static ModelAndView redirect(String appealId) {
        return new ModelAndView("redirect:/staff/appeals/" + appealId);
    }

    private String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, key, locale());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
