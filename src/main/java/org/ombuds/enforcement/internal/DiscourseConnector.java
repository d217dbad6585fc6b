package org.ombuds.enforcement.internal;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Suspends a Discourse user through the admin API: the user's id from {@code GET /u/{username}.json}, then
 * {@code PUT /admin/users/{id}/suspend.json} with {@code suspend_until} and {@code reason} (Discourse ends the
 * suspension by itself at that time), {@code PUT /admin/users/{id}/unsuspend.json} to lift, and
 * {@code GET /admin/users/{id}.json}'s {@code suspended_till} to read it (suspended while it is in the future).
 * A permanent ban is a suspension 1000 years long, as Discourse's own "forever" (its time shortcut
 * {@code thousandYears}; Discourse counts more than 100 years as forever, {@code User#suspended_forever?}).
 * <p>
 * Discourse refuses to suspend a suspended user (409), so applying first reads the user: a suspension that already
 * lasts as long as this one is left alone, a shorter one is replaced. Lifting unsuspends only a suspended user, so
 * that lifting twice writes nothing to Discourse's staff log.
 */
@Component
public class DiscourseConnector implements Connector {
    static final int FOREVER_YEARS = 1000;
    static final int COUNTS_AS_FOREVER_YEARS = 100;
    private static final int LONGEST_REASON = 300;
    private static final String STAFF_HINT = "Discourse answers 404 to its admin routes when the API user is not staff:"
            + " check apiUsername, and that url is the forum's address";
    private final PeerHttp http = new PeerHttp("Discourse");
    private final Clock clock;

    public DiscourseConnector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "discourse";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("discourse");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN, Capability.SUSPEND_UNTIL);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.address("url", "the forum's address, such as https://forum.example.org", true),
                new Setting("apiKey", "an API key (Admin, API, New API Key) for all users or for apiUsername, global or with the users"
                        + " scopes to show and suspend", true, true),
                new Setting("apiUsername", "the staff account the key acts as, such as system", false, true));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        Instant now = clock.instant();
        if (target.until() != null && !target.until().isAfter(now)) return; // already over: nothing to put in force
        boolean forever = target.until() == null;
        Instant until = forever ? now.atOffset(ZoneOffset.UTC).plusYears(FOREVER_YEARS).toInstant() : target.until();
        long id = userId(settings, target, scrub).orElseThrow(() -> new PeerException("Discourse has no user with this username", false));
        Instant till = suspendedTill(settings, id, scrub);
        if (covers(till, until, forever, now)) return;
        if (till != null && till.isAfter(now)) unsuspend(settings, id, scrub); // a shorter suspension gives way to this one
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("suspend_until", until.toString());
        String reason = target.reason() == null || target.reason().isBlank() ? "Code of Conduct sanction " + target.sanctionId() : target.reason();
        body.put("reason", reason.length() > LONGEST_REASON ? reason.substring(0, LONGEST_REASON) : reason);
        PeerHttp.Answer answer = call(settings, "PUT", "/admin/users/" + id + "/suspend.json", body);
        if (answer.ok()) return;
        if (answer.status() == 409 && covers(suspendedTill(settings, id, scrub), until, forever, now)) return; // suspended meanwhile
        throw http.refused(answer, "suspending the user", scrub, hint(answer));
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        OptionalLong id = userId(settings, target, scrub);
        if (id.isEmpty()) return; // no such user: nothing to lift
        Instant till = suspendedTill(settings, id.getAsLong(), scrub);
        if (till == null || !till.isAfter(clock.instant())) return;
        unsuspend(settings, id.getAsLong(), scrub);
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        OptionalLong id = userId(settings, target, scrub);
        if (id.isEmpty()) return Optional.of(false);
        Instant till = suspendedTill(settings, id.getAsLong(), scrub);
        return Optional.of(till != null && till.isAfter(clock.instant()));
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/admin/users/list/active.json?page=1", null);
        if (!answer.ok()) throw http.refused(answer, "listing the active users", scrub(settings, null), hint(answer));
        if (!answer.json().isArray()) throw new PeerException("Discourse's answer to the user list is not a list: is url the forum's address?", false);
    }

    /** Whether a suspension until {@code till} already keeps the person out as long as this one would. */
    private static boolean covers(Instant till, Instant until, boolean forever, Instant now) {
        if (till == null) return false;
        if (forever) return till.isAfter(now.atOffset(ZoneOffset.UTC).plusYears(COUNTS_AS_FOREVER_YEARS).toInstant());
        return !till.isBefore(until.minus(Duration.ofMinutes(1)));
    }

    private void unsuspend(ConnectorSettings settings, long id, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "PUT", "/admin/users/" + id + "/unsuspend.json", Map.of());
        if (!answer.ok()) throw http.refused(answer, "unsuspending the user", scrub, hint(answer));
    }

    /** The user's id, or empty when Discourse has no such user. */
    private OptionalLong userId(ConnectorSettings settings, Target target, List<String> scrub) throws PeerException {
        if (!target.identity().kind().equals("discourse")) {
            throw new PeerException("the Discourse connector acts on discourse handles only", false);
        }
        PeerHttp.Answer answer = call(settings, "GET", "/u/" + PeerHttp.segment(target.identity().value()) + ".json", null);
        if (answer.status() == 404) return OptionalLong.empty();
        if (!answer.ok()) throw http.refused(answer, "looking the user up", scrub, hint(answer));
        OptionalLong id = PeerHttp.integer(answer.json().path("user").path("id"));
        if (id.isEmpty()) throw new PeerException("Discourse's answer about the user has no user id: is url the forum's address?", false);
        return id;
    }

    /** {@code suspended_till} of the user as the admin API shows it; null when not suspended. */
    private Instant suspendedTill(ConnectorSettings settings, long id, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/admin/users/" + id + ".json", null);
        if (!answer.ok()) throw http.refused(answer, "reading the user's suspension", scrub, hint(answer));
        String till = PeerHttp.text(answer.json().path("suspended_till"));
        if (till == null) return null;
        try {
            return OffsetDateTime.parse(till).toInstant();
        } catch (DateTimeParseException e) {
            throw new PeerException("Discourse gave a suspended_till that is not a date", false);
        }
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path, Object body) throws PeerException {
        HttpRequest.Builder request = http.request(PeerHttp.baseUrl(settings.require("url"), "url"), path)
                .header("Accept", "application/json")
                .header("Api-Key", settings.require("apiKey"))
                .header("Api-Username", settings.require("apiUsername"))
                .header("User-Agent", "Ombuds");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(PeerHttp.json(body)));
        }
        return http.send(request);
    }

    private static String hint(PeerHttp.Answer answer) {
        return switch (answer.status()) {
            case 401, 403 -> "Discourse refused the API key or username: check apiKey, apiUsername and the key's scopes";
            case 404 -> STAFF_HINT;
            default -> null;
        };
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        return target == null ? Arrays.asList(settings.get("apiKey"))
                : Arrays.asList(settings.get("apiKey"), target.identity().value(), target.reason());
    }
}
