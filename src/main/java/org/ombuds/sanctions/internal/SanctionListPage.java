package org.ombuds.sanctions.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ombuds.accounts.StaffUser;
import org.ombuds.cases.Cases;
import org.ombuds.cases.CodeNames;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.EnforcementAction;
import org.ombuds.community.Communities;
import org.ombuds.community.Community;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.RefusedForm;
import org.ombuds.sanctions.Sanction;
import org.ombuds.sanctions.Sanctions;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The committee's list of sanctions, in effect or all, of everyone or of one person (by a handle or person id). */
@Controller
class SanctionListPage {
    private final Sanctions sanctions;
    private final Cases cases;
    private final Communities communities;
    private final CodeOfConduct code;
    private final Spaces spaces;
    private final People people;

    SanctionListPage(Sanctions sanctions, Cases cases, Communities communities, CodeOfConduct code, Spaces spaces, People people) {
        this.sanctions = sanctions;
        this.cases = cases;
        this.communities = communities;
        this.code = code;
        this.spaces = spaces;
        this.people = people;
    }

    public record SanctionView(Sanction sanction, String actionName, List<String> handles, List<String> spaceNames, String caseName) {
    }

    @GetMapping("/staff/sanctions")
    ModelAndView sanctionList(@AuthenticationPrincipal StaffUser user, @RequestParam(required = false) String subject,
                              @RequestParam(defaultValue = "false") boolean all) {
        ModelAndView view = new ModelAndView("sanctions/list");
        view.addObject("subject", subject);
        view.addObject("all", all);
        try {
            List<Sanction> list = sanctions.list(cases.viewer(user.accountId()), subject, !all);
            Map<String, String> spaceNames = new HashMap<>();
            for (Space space : spaces.all()) spaceNames.put(space.id(), DecisionPages.spaceName(space));
            Map<String, String> actionNames = new HashMap<>();
            for (Community community : communities.all()) {
                for (EnforcementAction action : code.currentOf(community).actions()) actionNames.putIfAbsent(action.id(), action.name());
            }
            Map<String, List<String>> handles = new HashMap<>();
            Map<String, String> caseNames = new HashMap<>();
            List<SanctionView> rows = new ArrayList<>();
            for (Sanction sanction : list) {
                List<String> of = handles.computeIfAbsent(sanction.personId(), person -> people.byId(person)
                        .map(p -> p.handles().stream().map(IdentityHandle::toString).toList()).orElse(List.of()));
                String caseName = caseNames.computeIfAbsent(sanction.caseId(), caseId -> CodeNames.display(cases.codeName(caseId)));
                rows.add(new SanctionView(sanction, actionNames.getOrDefault(sanction.action(), sanction.action()), of,
                        sanction.spaces().stream().map(space -> spaceNames.getOrDefault(space, space)).toList(), caseName));
            }
            view.addObject("rows", rows);
        } catch (InvalidInputException e) {
            view.addObject("rows", List.of());
            RefusedForm.of(e).at("subject").on(view);
        }
        return view;
    }

}
