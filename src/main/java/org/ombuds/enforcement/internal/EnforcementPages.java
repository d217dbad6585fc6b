package org.ombuds.enforcement.internal;

import static org.ombuds.platform.Rows.instant;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ombuds.accounts.Role;
import org.ombuds.accounts.StaffUser;
import org.ombuds.cases.Cases;
import org.ombuds.cases.CodeNames;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.enforcement.CheckIn;
import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.Enforcement;
import org.ombuds.enforcement.SpaceConnectors;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RefusedForm;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The enforcement pages, mirroring {@link EnforcementApi}: every space with its connector; a space's connector (admins
 * choose the type, fill in its settings and test the connection; others read it); a space's check-in list for a
 * date, printable and as CSV; and a sanction's state in each space, with "retry now" and "mark done by hand". Forms
 * post, then redirect back with a notice; a refused form re-renders with the field marked. Secrets are never put
 * into a page, not even as typed. Who may do what is the services' business (403 for a role that may not, 404 for a
 * sanction of a case the reader may not see).
 */
@Controller
class EnforcementPages {
    private static final String SETTING = "setting.";
    private static final Set<String> RETRYABLE = Set.of("failed", "pending", "manual");
    private static final Set<String> FINISHED = Set.of("done", "by-hand", "cancelled");
    /** A task's buttons are refused only when the task moved on meanwhile (409). */
    private static final RefusedForm.Kinds TASK_REFUSALS = RefusedForm.catching(ConflictException.class);
    private final SpaceConnectors connectors;
    private final Enforcement enforcement;
    private final CheckIn checkIn;
    private final Spaces spaces;
    private final People people;
    private final Cases cases;
    private final JdbcClient jdbc;
    private final MessageSource messages;

    private final Duration reconcileInterval;

    EnforcementPages(SpaceConnectors connectors, Enforcement enforcement, CheckIn checkIn, Spaces spaces, People people, Cases cases,
                     JdbcClient jdbc, MessageSource messages, @Value("${ombuds.enforcement.reconcile-interval:15m}") Duration reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
        this.connectors = connectors;
        this.enforcement = enforcement;
        this.checkIn = checkIn;
        this.spaces = spaces;
        this.people = people;
        this.cases = cases;
        this.jdbc = jdbc;
        this.messages = messages;
    }

    /** A space in the list: its name and its connector, if any. */
    public record SpaceRow(Space space, String name, SpaceConnectors.ConnectorView connector) {
    }

    /**
     * A setting in the form: {@code id} is its input's id, {@code value} what the input holds (never a secret),
     * {@code stored} whether a value is stored for it (for a secret: left empty, it is kept).
     */
    public record FieldView(Connector.Setting setting, String id, String value, boolean stored) {
    }

    /** A sanction's state in one space, with what the reader may do about it. */
    public record StateView(Enforcement.SpaceState state, String spaceName, boolean retry, boolean byHand, boolean waiting) {
    }

    /** The sanction the enforcement page is about. */
    public record SanctionSummary(String id, String caseId, String caseName, String actionName, List<String> handles, Instant startsAt,
                                  Instant until, String status) {
    }

    // ---- the spaces and their connectors ----

    @GetMapping("/staff/spaces")
    ModelAndView spaceList() {
        List<SpaceRow> rows = new ArrayList<>();
        for (Space space : spaces.all()) rows.add(new SpaceRow(space, nameOf(space), connectors.view(space.slug()).orElse(null)));
        ModelAndView view = new ModelAndView("enforcement/spaces");
        view.addObject("rows", rows);
        return view;
    }

    @GetMapping("/staff/spaces/{slug}/connector")
    ModelAndView connector(@AuthenticationPrincipal StaffUser user, @PathVariable String slug, @RequestParam(required = false) String type) {
        return connectorPage(user, slug, type, null, null, RefusedForm.NONE);
    }

    @PostMapping("/staff/spaces/{slug}/connector")
    ModelAndView configure(@AuthenticationPrincipal StaffUser user, @PathVariable String slug, @RequestParam Map<String, String> form,
                           RedirectAttributes redirect) {
        Map<String, String> settings = new LinkedHashMap<>();
        form.forEach((name, value) -> {
            if (name.startsWith(SETTING)) settings.put(name.substring(SETTING.length()), value);
        });
        String type = form.get("type");
        boolean enabled = "true".equals(form.get("enabled"));
        return RefusedForm.INPUT.attempt(() -> {
            connectors.configure(user.accountId(), slug, type, settings, enabled);
            redirect.addFlashAttribute("notice", "enforcement.page.notice.saved");
            return new ModelAndView("redirect:/staff/spaces/{slug}/connector");
        }, refused -> connectorPage(user, slug, type, settings, enabled, refused));
    }

    @PostMapping("/staff/spaces/{slug}/connector/test")
    ModelAndView test(@AuthenticationPrincipal StaffUser user, @PathVariable String slug, RedirectAttributes redirect) {
        Optional<String> error = connectors.test(user.accountId(), slug);
        if (error.isPresent()) {
            redirect.addFlashAttribute("testError", error.get());
        } else {
            redirect.addFlashAttribute("notice", "enforcement.page.notice.testOk");
        }
        return new ModelAndView("redirect:/staff/spaces/{slug}/connector");
    }

    /**
     * The connector page. The form shows the settings of {@code type} (chosen with the type form; otherwise the
     * configured type, or the first this instance has); after a refused save, what was typed (secrets excepted).
     */
    private ModelAndView connectorPage(StaffUser user, String slug, String type, Map<String, String> typed, Boolean typedEnabled,
                                       RefusedForm refused) {
        Space space = spaces.require(slug == null ? "" : slug);
        SpaceConnectors.ConnectorView configured = connectors.view(space.slug()).orElse(null);
        Map<String, Connector> types = connectors.types();
        String chosen = type != null && types.containsKey(type) ? type
                : configured != null && types.containsKey(configured.type()) ? configured.type()
                : types.keySet().stream().findFirst().orElse(null);
        Connector connector = chosen == null ? null : types.get(chosen);
        boolean sameType = configured != null && configured.type().equals(chosen);
        List<FieldView> fields = new ArrayList<>();
        if (connector != null) {
            for (Connector.Setting setting : connector.settings()) {
                boolean stored = sameType && configured.settings().containsKey(setting.name());
                String value = setting.secret() ? "" : typed != null ? typed.getOrDefault(setting.name(), "")
                        : sameType ? configured.settings().getOrDefault(setting.name(), "") : "";
                fields.add(new FieldView(setting, fieldId(setting.name()), value, stored));
            }
        }
        String errorField = null;
        if (refused.message() != null) {
            String errorSetting = refused.field();
            boolean known = connector != null && connector.settings().stream().anyMatch(setting -> setting.name().equals(errorSetting));
            errorField = "type".equals(errorSetting) || fields.isEmpty() ? "connector-type" : known ? fieldId(errorSetting) : fields.get(0).id();
        }
        ModelAndView view = new ModelAndView("enforcement/connector");
        view.addObject("space", space);
        view.addObject("spaceName", nameOf(space));
        view.addObject("configured", configured);
        view.addObject("admin", user.role() == Role.ADMIN);
        view.addObject("types", List.copyOf(types.keySet()));
        view.addObject("chosen", type != null && !types.containsKey(type) ? type : chosen);
        view.addObject("connector", connector);
        view.addObject("fields", fields);
        view.addObject("enabled", typedEnabled != null ? typedEnabled : configured == null || configured.enabled());
        return refused.at(errorField).on(view);
    }

    private static String fieldId(String setting) {
        return "setting-" + setting;
    }

    // ---- the check-in list ----

    @GetMapping("/staff/spaces/{slug}/check-in")
    ModelAndView checkInPage(@AuthenticationPrincipal StaffUser user, @PathVariable String slug, @RequestParam(required = false) String date) {
        Space space = spaces.require(slug == null ? "" : slug);
        ModelAndView view = new ModelAndView("enforcement/check-in");
        view.addObject("space", space);
        view.addObject("spaceName", nameOf(space));
        try {
            LocalDate day = checkIn.date(date);
            CheckIn.Sheet sheet = checkIn.bannedOn(user.accountId(), space.slug(), day);
            view.addObject("date", day.toString());
            view.addObject("day", day);
            view.addObject("rows", sheet.rows());
        } catch (InvalidInputException e) {
            view.addObject("date", date);
            view.addObject("rows", List.of());
            RefusedForm.of(e).at("date").on(view);
        }
        return view;
    }

    @GetMapping("/staff/spaces/{slug}/check-in.csv")
    ResponseEntity<String> checkInCsv(@AuthenticationPrincipal StaffUser user, @PathVariable String slug,
                                      @RequestParam(required = false) String date) {
        return EnforcementApi.csv(checkIn.bannedOn(user.accountId(), slug, checkIn.date(date)));
    }

    // ---- a sanction's enforcement ----

    @GetMapping("/staff/sanctions/{id}/enforcement")
    ModelAndView sanction(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return sanctionPage(user, id, RefusedForm.NONE);
    }

    @PostMapping("/staff/sanctions/{id}/enforcement/tasks/{taskId}/retry")
    ModelAndView retry(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String taskId,
                       RedirectAttributes redirect) {
        return onTask(user, id, taskId, redirect, "enforcement.page.notice.retried", () -> enforcement.retry(user.accountId(), taskId));
    }

    @PostMapping("/staff/sanctions/{id}/enforcement/tasks/{taskId}/by-hand")
    ModelAndView byHand(@AuthenticationPrincipal StaffUser user, @PathVariable String id, @PathVariable String taskId,
                        RedirectAttributes redirect) {
        return onTask(user, id, taskId, redirect, "enforcement.page.notice.byHand", () -> enforcement.markDoneByHand(user.accountId(), taskId));
    }

    /** A button on one of the sanction's tasks: done, back with a notice; refused, the sanction's page saying why. */
    private ModelAndView onTask(StaffUser user, String id, String taskId, RedirectAttributes redirect, String notice, Runnable action) {
        requireTaskOf(user, id, taskId);
        return TASK_REFUSALS.attempt(() -> {
            action.run();
            redirect.addFlashAttribute("notice", notice);
            return new ModelAndView("redirect:/staff/sanctions/{id}/enforcement");
        }, refused -> sanctionPage(user, id, refused));
    }

    /** The buttons act on a space's latest task of this sanction; anything else is not on the page. */
    private void requireTaskOf(StaffUser user, String sanctionId, String taskId) {
        if (enforcement.stateOf(user.accountId(), sanctionId).stream().noneMatch(state -> state.taskId().equals(taskId))) {
            throw new NotFoundException("this sanction has no such task");
        }
    }

    /** The sanction's page; a refused button shows its error at the top, there being no field to mark. */
    private ModelAndView sanctionPage(StaffUser user, String sanctionId, RefusedForm refused) {
        // First, so that a sanction of a case the reader may not see is a 404.
        List<Enforcement.SpaceState> states = enforcement.stateOf(user.accountId(), sanctionId);
        SanctionSummary sanction = summary(sanctionId);
        Map<String, String> spaceNames = new LinkedHashMap<>();
        for (Space space : spaces.all()) spaceNames.put(space.id(), nameOf(space));
        boolean committee = user.role() != Role.APPEAL_REVIEWER;
        List<StateView> views = states.stream()
                .map(state -> new StateView(state, spaceNames.getOrDefault(state.spaceId(), state.spaceSlug()),
                        committee && RETRYABLE.contains(state.status()), committee && !FINISHED.contains(state.status()),
                        (state.status().equals("pending") || state.status().equals("failed")) && state.nextAttemptAt() != null))
                .toList();
        ModelAndView view = new ModelAndView("enforcement/sanction");
        view.addObject("sanction", sanction);
        view.addObject("states", views);
        view.addObject("committee", committee);
        view.addObject("reconcileMinutes", Math.max(1, reconcileInterval.toMinutes()));
        return refused.at(null).on(view);
    }

    private record Facts(String id, String caseId, String personId, String action, Instant startsAt, Instant until, String status) {
    }

    private SanctionSummary summary(String sanctionId) {
        Facts facts = jdbc.sql("""
                        SELECT sanction_id, case_id, person_id, action, starts_at, ends_at, status FROM enforcement_sanction
                        WHERE sanction_id = ?""").param(sanctionId)
                .query((row, n) -> {
                    Instant until = instant(row, "ends_at");
                    return new Facts(row.getString("sanction_id"), row.getString("case_id"), row.getString("person_id"), row.getString("action"),
                            Instant.ofEpochMilli(row.getLong("starts_at")), until, row.getString("status"));
                }).optional()
                .orElseThrow(() -> new NotFoundException("there is no such sanction"));
        return new SanctionSummary(facts.id(), facts.caseId(), CodeNames.display(cases.codeName(facts.caseId())),
                messages.getMessage("enforcement.page.action." + facts.action(), null, facts.action(), LocaleContextHolder.getLocale()),
                handles(facts.personId()), facts.startsAt(), facts.until(), facts.status());
    }

    private List<String> handles(String personId) {
        return people.handlesOf(personId).stream().map(IdentityHandle::toString).toList();
    }

    private static String nameOf(Space space) {
        return space.name() == null || space.name().isBlank() ? space.slug() : space.name();
    }
}
