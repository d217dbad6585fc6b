package org.ombuds.enforcement.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.accounts.StaffUser;
import org.ombuds.enforcement.CheckIn;
import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.Enforcement;
import org.ombuds.enforcement.SpaceConnectors;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.Slugs;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enforcement for the committee and the admins: each space's connector (staff read it, secrets shown as "(set)";
 * admins configure and test it), the connectors this instance has, a sanction's state in every space with retry and
 * "done by hand", and a space's check-in list as CSV. Who may do what is the services' business.
 */
@RestController
@Tag(name = "Enforcement", description = "Connectors of the spaces, enforcement state of sanctions, check-in lists")
@SecurityRequirement(name = "bearer")
class EnforcementApi {
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private final SpaceConnectors connectors;
    private final Enforcement enforcement;
    private final CheckIn checkIn;

    EnforcementApi(SpaceConnectors connectors, Enforcement enforcement, CheckIn checkIn) {
        this.connectors = connectors;
        this.enforcement = enforcement;
        this.checkIn = checkIn;
    }

    record ConnectorConfiguration(String type, Map<String, String> settings, Boolean enabled) {
    }

    record TestResult(boolean ok, String error) {
    }

    record ConnectorType(String type, List<String> identityKinds, List<String> capabilities, List<Connector.Setting> settings) {
    }

    @GetMapping("/api/v1/spaces/{slug}/connector")
    @Operation(summary = "The space's connector: type, enabled, settings (secrets shown as \"(set)\"), the last connection test (404: none)")
    SpaceConnectors.ConnectorView connector(@PathVariable String slug) {
        return connectors.view(slug).orElseThrow(() -> new NotFoundException("the space '" + Slugs.printable(slug) + "' has no connector"));
    }

    @PutMapping("/api/v1/spaces/{slug}/connector")
    @Operation(summary = "Configure the space's connector (admins): type, settings (a secret left empty keeps the stored one), enabled"
            + " (default true)")
    SpaceConnectors.ConnectorView configure(@AuthenticationPrincipal StaffUser user, @PathVariable String slug,
                                            @RequestBody ConnectorConfiguration body) {
        connectors.configure(user.accountId(), slug, body.type(), body.settings() == null ? Map.of() : body.settings(),
                body.enabled() == null || body.enabled());
        return connector(slug);
    }

    @PostMapping("/api/v1/spaces/{slug}/connector/test")
    @Operation(summary = "Test the connection with the stored settings (admins): {ok, error (the peer's answer)}")
    TestResult test(@AuthenticationPrincipal StaffUser user, @PathVariable String slug) {
        return connectors.test(user.accountId(), slug).map(error -> new TestResult(false, error)).orElse(new TestResult(true, null));
    }

    @GetMapping("/api/v1/enforcement/connectors")
    @Operation(summary = "The connectors this instance has: type, identity kinds, capabilities and settings")
    List<ConnectorType> types() {
        return connectors.types().values().stream()
                .map(connector -> new ConnectorType(connector.type(), connector.identityKinds().stream().sorted().toList(),
                        connector.capabilities().stream().map(Enum::name).sorted().toList(), connector.settings()))
                .toList();
    }

    @GetMapping("/api/v1/sanctions/{id}/enforcement")
    @Operation(summary = "The sanction's state in each space: pending, failed (with the peer's answer and the next attempt), done,"
            + " manual, by-hand or cancelled")
    List<Enforcement.SpaceState> state(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        return enforcement.stateOf(user.accountId(), id);
    }

    @PostMapping("/api/v1/enforcement/tasks/{id}/retry")
    @Operation(summary = "Try a failed, pending or manual task again now (committee)")
    ResponseEntity<Void> retry(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        enforcement.retry(user.accountId(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/enforcement/tasks/{id}/by-hand")
    @Operation(summary = "Record that someone did the task by hand (committee)")
    ResponseEntity<Void> byHand(@AuthenticationPrincipal StaffUser user, @PathVariable String id) {
        enforcement.markDoneByHand(user.accountId(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/spaces/{slug}/check-in")
    @Operation(summary = "The people banned from the space on a date (YYYY-MM-DD, default today) as CSV: handles, until, sanction")
    ResponseEntity<String> checkIn(@AuthenticationPrincipal StaffUser user, @PathVariable String slug,
                                   @RequestParam(required = false) String date) {
        CheckIn.Sheet sheet = checkIn.bannedOn(user.accountId(), slug, checkIn.date(date));
        return csv(sheet);
    }

    static ResponseEntity<String> csv(CheckIn.Sheet sheet) {
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("check-in-" + sheet.spaceSlug() + "-" + sheet.date() + ".csv").build().toString())
                .body(CheckIn.csv(sheet));
    }
}
