package org.ombuds.sanctions.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ombuds.accounts.StaffUser;
import org.ombuds.audit.ActorNames;
import org.ombuds.cases.Cases;
import org.ombuds.cases.CodeNames;
import org.ombuds.cases.Viewer;
import org.ombuds.coc.Category;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.community.Communities;
import org.ombuds.community.People;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RefusedException;
import org.ombuds.platform.RefusedForm;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.DecisionStatus;
import org.ombuds.sanctions.Decisions;
import org.ombuds.sanctions.Sanction;
import org.ombuds.sanctions.Sanctions;
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
 * The committee's pages for a case's decisions, mirroring {@link DecisionsApi}: its decisions with their votes, the
 * ladder's guidance and the form to propose one (the list of sanctions is {@link SanctionListPage}). Forms post, then redirect
 * back with a notice; a refused form re-renders the page with the field marked and everything typed kept. Who may
 * see what is the services' business: a recused member gets their 404, a role that does not decide its 403.
 */
@Controller
class DecisionPages {
    private static final String PROPOSE_FORM = "decision";
    /** The proposal's fields; an error about something the form does not have marks the reasoning. */
    private static final Set<String> PROPOSE_FIELDS = Set.of("action", "clauses", "reasoning", "spaces", "until", "duration", "interim",
            "supersedes", "noContact", "conditions", "tellReporter", "toSubject");
    /** The refusals a vote shows on the page (unlike the proposal, not a service away). */
    private static final RefusedForm.Kinds VOTE_REFUSALS = RefusedForm.catching(InvalidInputException.class, ConflictException.class,
            RefusedException.class, NotFoundException.class);
    private final Decisions decisions;
    private final Sanctions sanctions;
    private final Cases cases;
    private final Communities communities;
    private final CodeOfConduct code;
    private final Spaces spaces;
    private final People people;
    private final ActorNames names;
    private final MessageSource messages;

    DecisionPages(Decisions decisions, Sanctions sanctions, Cases cases, Communities communities, CodeOfConduct code, Spaces spaces,
                  People people, ActorNames names, MessageSource messages) {
        this.decisions = decisions;
        this.sanctions = sanctions;
        this.cases = cases;
        this.communities = communities;
        this.code = code;
        this.spaces = spaces;
        this.people = people;
        this.names = names;
        this.messages = messages;
    }

    /** A decision as the page shows it: names instead of ids, its approvals counted among today's committee. */
    public record DecisionView(Decision decision, int number, String actionName, List<String> clauseNames, List<String> spaceNames,
                               String proposedBy, boolean open, boolean voted, long approvals, List<VoteView> votes,
                               String suggestedActionName, boolean departs, Long durationAmount, String durationUnit, Instant endsAt,
                               Integer supersedesNumber, String supersedesActionName) {
    }

    /** A vote; {@code counts} is false once its author is no longer on the case's committee (recused). */
    public record VoteView(String name, String vote, String comment, Instant at, boolean counts) {
    }

    /** A sanction as the list shows it. */
    /** A choice of the form: an id and what people read. */
    public record Choice(String id, String name) {
    }

    @GetMapping("/staff/cases/{id}/decisions")
    ModelAndView show(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return decisionsPage(viewer(user), id, ProposalForm.empty(), RefusedForm.NONE, Map.of());
    }

    @PostMapping("/staff/cases/{id}/decisions")
    ModelAndView propose(@AuthenticationPrincipal StaffUser user, @PathVariable String id, ProposalForm form, ZoneId zone,
                         RedirectAttributes redirect) {
        Viewer viewer = viewer(user);
        // If the case itself is out of reach, the page answers 404.
        return RefusedForm.ANY.attempt(() -> {
            Decision decision = decisions.propose(viewer, id, form.toProposal(zone,
                    messages.getMessage("decisions.page.error.date", null, locale())));
            redirect.addFlashAttribute("notice", DecisionStatus.IN_EFFECT.is(decision.status())
                    ? "decisions.page.notice.inEffect" : "decisions.page.notice.proposed");
            return new ModelAndView("redirect:/staff/cases/{id}/decisions");
        }, refused -> decisionsPage(viewer, id, form, refused.within(PROPOSE_FORM, PROPOSE_FIELDS, "reasoning"), Map.of()));
    }

    @PostMapping("/staff/cases/{id}/decisions/{decisionId}/votes")
    ModelAndView vote(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String decisionId,
                      @RequestParam(required = false) String vote, @RequestParam(required = false) String comment,
                      RedirectAttributes redirect) {
        Viewer viewer = viewer(user);
        String field = "vote-" + decisionId + "-comment";
        Map<String, String> typed = new HashMap<>();
        typed.put(decisionId, comment);
        return VOTE_REFUSALS.attempt(() -> {
            Decision decision = decisions.vote(viewer, decisionId, vote, comment);
            redirect.addFlashAttribute("notice", "approve".equals(vote)
                    ? (DecisionStatus.IN_EFFECT.is(decision.status()) ? "decisions.page.notice.approvedInEffect" : "decisions.page.notice.approved")
                    : (DecisionStatus.REJECTED.is(decision.status()) ? "decisions.page.notice.objectedRejected" : "decisions.page.notice.objected"));
            return new ModelAndView("redirect:/staff/cases/" + decision.caseId() + "/decisions");
        }, refused -> decisionsPage(viewer, id, ProposalForm.empty(), refused.at(field), typed));
    }

    private ModelAndView decisionsPage(Viewer viewer, String caseId, ProposalForm form, RefusedForm refused,
                                       Map<String, String> voteComments) {
        // First, so that a recused member or a role that does not decide gets the service's 404 or 403.
        List<Decision> list = decisions.ofCase(viewer, caseId);
        Cases.DecisionContext context = cases.decisionContext(viewer, caseId);
        Decisions.Guidance guidance = decisions.guidance(viewer, caseId);
        CodeVersion inForce = code.currentOf(communities.byId(context.communityId()).orElseThrow());
        List<Space> communitySpaces = spaces.of(context.communityId());

        Map<String, String> actionNames = new LinkedHashMap<>();
        actionNames.put(Decisions.NO_ACTION, messages.getMessage("decisions.page.action.no-action", null, locale()));
        inForce.actions().stream().sorted((a, b) -> Integer.compare(a.rank(), b.rank()))
                .forEach(action -> actionNames.put(action.id(), action.name()));
        Map<String, String> clauseNames = new LinkedHashMap<>();
        for (Category category : inForce.categories()) clauseNames.put(category.id(), category.name());
        Map<String, String> spaceNames = new HashMap<>();
        for (Space space : spaces.all()) spaceNames.put(space.id(), spaceName(space));

        Set<String> actors = new HashSet<>();
        for (Decision decision : list) {
            actors.add(decision.proposedBy());
            decision.votes().forEach(vote -> actors.add(vote.accountId()));
        }
        Map<String, String> actorNames = names.namesOf(actors);
        Set<String> committee = Set.copyOf(context.committee().voters());
        Map<String, Integer> numbers = new HashMap<>();
        for (int i = 0; i < list.size(); i++) numbers.put(list.get(i).id(), list.size() - i);

        List<DecisionView> views = new ArrayList<>();
        List<Choice> supersedable = new ArrayList<>();
        for (Decision decision : list) {
            int number = numbers.get(decision.id());
            String actionName = actionNames.getOrDefault(decision.action(), decision.action());
            boolean open = DecisionStatus.AWAITING_APPROVAL.is(decision.status())
                    || (DecisionStatus.IN_EFFECT.is(decision.status()) && decision.interim() && decision.ratifyBy() != null);
            boolean voted = decision.votes().stream().anyMatch(vote -> vote.accountId().equals(viewer.accountId()));
            long approvals = decision.votes().stream().filter(vote -> vote.vote().equals("approve") && committee.contains(vote.accountId())).count();
            List<VoteView> votes = decision.votes().stream()
                    .map(vote -> new VoteView(actorNames.getOrDefault(vote.accountId(), vote.accountId()), vote.vote(), vote.comment(), vote.at(),
                            committee.contains(vote.accountId())))
                    .toList();
            Duration duration = decision.duration() == null ? null : Duration.parse(decision.duration());
            Long amount = null;
            String unit = null;
            if (duration != null) {
                if (duration.toMinutes() % (24 * 60) == 0) {
                    amount = duration.toDays();
                    unit = "days";
                } else if (duration.toMinutes() % 60 == 0) {
                    amount = duration.toHours();
                    unit = "hours";
                } else {
                    amount = duration.toMinutes();
                    unit = "minutes";
                }
            }
            Instant endsAt = decision.endsAt() != null ? decision.endsAt()
                    : duration != null && decision.inEffectAt() != null ? decision.inEffectAt().plus(duration) : null;
            Decision superseded = decision.supersedes() == null ? null
                    : list.stream().filter(other -> other.id().equals(decision.supersedes())).findFirst().orElse(null);
            views.add(new DecisionView(decision, number, actionName,
                    decision.clauses().stream().map(clause -> clauseNames.getOrDefault(clause, clause)).toList(),
                    decision.spaces().stream().map(space -> spaceNames.getOrDefault(space, space)).toList(),
                    actorNames.getOrDefault(decision.proposedBy(), decision.proposedBy()), open, voted, approvals, votes,
                    decision.suggestedAction() == null ? null : actionNames.getOrDefault(decision.suggestedAction(), decision.suggestedAction()),
                    decision.suggestedAction() != null && !decision.suggestedAction().equals(decision.action()), amount, unit, endsAt,
                    superseded == null ? null : numbers.get(superseded.id()), superseded == null ? null
                            : actionNames.getOrDefault(superseded.action(), superseded.action())));
            if (DecisionStatus.AWAITING_APPROVAL.is(decision.status()) || DecisionStatus.IN_EFFECT.is(decision.status())) {
                supersedable.add(new Choice(decision.id(), messages.getMessage("decisions.page.supersedes.choice",
                        new Object[] {number, actionName}, locale())));
            }
        }

        List<SanctionListPage.SanctionView> prior = new ArrayList<>();
        for (Sanction sanction : guidance.priorSanctions()) {
            prior.add(new SanctionListPage.SanctionView(sanction, actionNames.getOrDefault(sanction.action(), sanction.action()), List.of(),
                    sanction.spaces().stream().map(space -> spaceNames.getOrDefault(space, space)).toList(),
                    CodeNames.display(cases.codeName(sanction.caseId()))));
        }

        ModelAndView view = new ModelAndView("sanctions/decisions");
        view.addObject("caseId", caseId);
        view.addObject("caseName", CodeNames.display(context.codeName()));
        view.addObject("decisionViews", views);
        view.addObject("prior", prior);
        view.addObject("suggested", guidance.suggestedAction());
        view.addObject("suggestedName", actionNames.getOrDefault(guidance.suggestedAction(), guidance.suggestedAction()));
        view.addObject("actions", actionNames.entrySet().stream().map(e -> new Choice(e.getKey(), e.getValue())).toList());
        view.addObject("clauses", inForce.categories().stream().map(c -> new Choice(c.id(), c.name())).toList());
        view.addObject("spaces", communitySpaces.stream().map(s -> new Choice(s.slug(), spaceName(s))).toList());
        view.addObject("supersedable", supersedable);
        view.addObject("codeVersion", inForce.version());
        view.addObject("hasSubject", !context.subjectPersonIds().isEmpty());
        view.addObject("committee", context.committee());
        view.addObject("onCommittee", context.committee().voters().contains(viewer.accountId()));
        view.addObject("form", form);
        view.addObject("voteComments", voteComments);
        return refused.on(view);
    }

    static String spaceName(Space space) {
        return space.name() == null || space.name().isBlank() ? space.slug() : space.name();
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    private Viewer viewer(StaffUser user) {
        return cases.viewer(user.accountId());
    }
}
