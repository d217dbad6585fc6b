package org.ombuds.workspace.internal;

import java.util.List;

import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.accounts.StaffUser;
import org.ombuds.appeals.AppealSummary;
import org.ombuds.appeals.Appeals;
import org.ombuds.cases.CaseQueue;
import org.ombuds.cases.CaseSummary;
import org.ombuds.cases.Cases;
import org.ombuds.cases.CodeNames;
import org.ombuds.cases.Viewer;
import org.ombuds.enforcement.Enforcement;
import org.ombuds.sanctions.Decisions;
import org.ombuds.transparency.Transparency;
import org.ombuds.transparency.TrendChart;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The staff landing page: what waits for the signed-in member, and only what they may see. Every list comes from
 * the module that owns it and goes through its access rules (a recused member's cases appear nowhere here).
 */
@Controller
class DashboardPage {
    /** How many of each kind the page lists; the linked page has the rest. */
    static final int SHOWN = 10;
    /** How far the open queue is read for overdue cases (it lists them first). */
    static final int OPEN_SCANNED = 200;

    private final Accounts accounts;
    private final Cases cases;
    private final CaseQueue queue;
    private final Decisions decisions;
    private final Appeals appeals;
    private final Enforcement enforcement;
    private final Transparency transparency;

    DashboardPage(Accounts accounts, Cases cases, Decisions decisions, Appeals appeals, Enforcement enforcement, Transparency transparency,
                  CaseQueue queue) {
        this.queue = queue;
        this.transparency = transparency;
        this.accounts = accounts;
        this.cases = cases;
        this.decisions = decisions;
        this.appeals = appeals;
        this.enforcement = enforcement;
    }

    /** A decision waiting for this member's vote, with its case's name. */
    public record VoteRow(Decisions.AwaitingVote decision, String caseName) {
    }

    /** An appeal, with its case's name. */
    public record AppealRow(AppealSummary appeal, String caseName) {
    }

    /** An enforcement step that needs a person, with its case's name. */
    public record TaskRow(Enforcement.Attention task, String caseName) {
    }

    @GetMapping("/staff")
    ModelAndView dashboard(@AuthenticationPrincipal StaffUser user) {
        Viewer viewer = cases.viewer(user.accountId());
        boolean admin = user.role() == Role.ADMIN;
        boolean committee = admin || user.role() == Role.MODERATOR;

        List<CaseSummary> fresh = queue.list(viewer, new CaseQueue.Filter("new", null, 0, SHOWN + 1));
        List<CaseSummary> overdue = queue.list(viewer, new CaseQueue.Filter("open", null, 0, OPEN_SCANNED)).stream()
                .filter(CaseSummary::overdue).toList();
        List<VoteRow> votes = decisions.awaitingVoteOf(viewer).stream()
                .map(decision -> new VoteRow(decision, CodeNames.display(decision.codeName()))).toList();
        List<AppealSummary> visibleAppeals = appeals.list(user.accountId());
        List<AppealRow> waiting = !admin ? List.of() : visibleAppeals.stream()
                .filter(appeal -> appeal.status().equals(Appeals.AWAITING_REVIEWER))
                .map(appeal -> new AppealRow(appeal, CodeNames.display(appeal.codeName()))).toList();
        List<AppealRow> reviewing = visibleAppeals.stream()
                .filter(appeal -> user.accountId().equals(appeal.reviewerId()) && !appeal.status().equals(Appeals.DECIDED))
                .map(appeal -> new AppealRow(appeal, CodeNames.display(appeal.codeName()))).toList();
        List<TaskRow> tasks = enforcement.attentionFor(user.accountId()).stream()
                .map(task -> new TaskRow(task, CodeNames.display(task.codeName()))).toList();

        ModelAndView page = new ModelAndView("workspace/dashboard");
        page.addObject("account", accounts.require(user.accountId()));
        page.addObject("isAdmin", admin);
        page.addObject("committee", committee);
        page.addObject("newCases", first(fresh));
        page.addObject("moreNew", fresh.size() > SHOWN);
        page.addObject("overdueCases", first(overdue));
        page.addObject("overdueCount", overdue.size());
        page.addObject("overdueCapped", overdue.size() >= OPEN_SCANNED);
        page.addObject("votes", first(votes));
        page.addObject("voteCount", votes.size());
        page.addObject("waitingAppeals", first(waiting));
        page.addObject("waitingCount", waiting.size());
        page.addObject("myAppeals", first(reviewing));
        page.addObject("myAppealCount", reviewing.size());
        page.addObject("tasks", first(tasks));
        page.addObject("taskCount", tasks.size());
        // Admins see how the counts move (true figures of the last four quarters, never published from here).
        page.addObject("trend", admin ? TrendChart.live(transparency.recentQuarters(user.accountId(), 4)) : null);
        return page;
    }

    private static <T> List<T> first(List<T> all) {
        return all.size() > SHOWN ? all.subList(0, SHOWN) : all;
    }
}
