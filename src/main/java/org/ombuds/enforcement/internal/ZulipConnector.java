package org.ombuds.enforcement.internal;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
 * Deactivates a Zulip user through the REST API (https://zulip.com/api/deactivate-user,
 * https://zulip.com/api/reactivate-user, https://zulip.com/api/get-user-by-email, https://zulip.com/api/get-user):
 * the user's id from {@code GET /api/v1/users/{email}}, {@code DELETE /api/v1/users/{user_id}} to deactivate,
 * {@code POST /api/v1/users/{user_id}/reactivate} to lift, {@code GET /api/v1/users/{user_id}}'s {@code is_active} to
 * read it. HTTP Basic with the bot's (or admin's) email and API key; only organization administrators may do this.
 * A deactivation has no end, so a temporary ban is lifted by Ombuds when it ends.
 * <p>
 * Zulip answers 400 "No such user" both for an unknown user and for deactivating one already deactivated, so the
 * user's state is read before writing: applying what is applied, or lifting what is not, writes nothing.
 */
@Component
public class ZulipConnector implements Connector {
    private static final String ADMIN_HINT = "the bot or user the key belongs to must be an organization administrator";
    private final PeerHttp http = new PeerHttp("Zulip");

    public ZulipConnector() {
    }

    @Override
    public String type() {
        return "zulip";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("zulip");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.address("url", "the organization's address, such as https://chat.example.org or https://example.zulipchat.com", true),
                new Setting("email", "the email of the bot or user the API key belongs to (an organization administrator)", false, true),
                new Setting("apiKey", "its API key (Personal settings, Account & privacy, API key; or the bot's key)", true, true));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        JsonNode user = user(settings, target, scrub).orElseThrow(() -> new PeerException("Zulip has no user with this email", false));
        if (!user.path("is_active").asBoolean(true)) return;
        long id = id(user);
        PeerHttp.Answer answer = call(settings, "DELETE", "/api/v1/users/" + id);
        if (answer.ok()) return;
        if (answer.status() == 400 && !active(settings, id, scrub)) return; // deactivated meanwhile
        throw http.refused(answer, "deactivating the user", scrub, hint(answer));
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        Optional<JsonNode> user = user(settings, target, scrub);
        if (user.isEmpty() || user.get().path("is_active").asBoolean(true)) return; // nothing to lift
        long id = id(user.get());
        PeerHttp.Answer answer = call(settings, "POST", "/api/v1/users/" + id + "/reactivate");
        if (answer.ok()) return;
        if (answer.status() == 400 && active(settings, id, scrub)) return; // reactivated meanwhile
        throw http.refused(answer, "reactivating the user", scrub, hint(answer));
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        Optional<JsonNode> user = user(settings, target, scrub);
        if (user.isEmpty()) return Optional.of(false);
        return Optional.of(!active(settings, id(user.get()), scrub));
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/api/v1/users/me");
        if (!answer.ok()) throw http.refused(answer, "reading its own account", scrub(settings, null), hint(answer));
        JsonNode me = answer.json();
        if (!"success".equals(PeerHttp.text(me.path("result")))) {
            throw new PeerException("Zulip's answer about its own account is not a Zulip answer: is url the organization's address?", false);
        }
        // Roles: 100 owner, 200 administrator (https://zulip.com/api/roles-and-permissions); older servers send is_admin only.
        OptionalLong role = PeerHttp.integer(me.path("role"));
        boolean admin = role.isPresent() ? role.getAsLong() <= 200 : me.path("is_admin").asBoolean(false);
        if (!admin) throw new PeerException("Zulip accepted the key, but " + ADMIN_HINT, false);
    }

    /** The user as {@code GET /api/v1/users/{email}} shows it; empty when Zulip has no such user. */
    private Optional<JsonNode> user(ConnectorSettings settings, Target target, List<String> scrub) throws PeerException {
        if (!target.identity().kind().equals("zulip")) throw new PeerException("the Zulip connector acts on zulip handles only", false);
        PeerHttp.Answer answer = call(settings, "GET", "/api/v1/users/" + PeerHttp.segment(target.identity().value()));
        if (noSuchUser(answer)) return Optional.empty();
        if (!answer.ok()) throw http.refused(answer, "looking the user up", scrub, hint(answer));
        JsonNode user = answer.json().path("user");
        if (PeerHttp.integer(user.path("user_id")).isEmpty()) {
            throw new PeerException("Zulip's answer about the user has no user_id: is url the organization's address?", false);
        }
        return Optional.of(user);
    }

    private boolean active(ConnectorSettings settings, long id, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/api/v1/users/" + id);
        if (!answer.ok()) throw http.refused(answer, "reading whether the user is active", scrub, hint(answer));
        JsonNode active = answer.json().path("user").path("is_active");
        if (!active.isBoolean()) throw new PeerException("Zulip's answer about the user has no is_active", false);
        return active.asBoolean();
    }

    private static long id(JsonNode user) {
        return PeerHttp.integer(user.path("user_id")).orElseThrow();
    }

    /** Zulip's "No such user" is a 400 (a JsonableError), not a 404. */
    private static boolean noSuchUser(PeerHttp.Answer answer) {
        if (answer.status() == 404) return true;
        String msg = PeerHttp.text(answer.json().path("msg"));
        return answer.status() == 400 && msg != null && msg.toLowerCase(Locale.ROOT).contains("no such user");
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path) throws PeerException {
        String credentials = settings.require("email") + ":" + settings.require("apiKey");
        HttpRequest.Builder request = http.request(PeerHttp.baseUrl(settings.require("url"), "url"), path)
                .header("Accept", "application/json")
                .header("Accept-Language", "en") // Zulip translates its messages; noSuchUser reads the English one
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("User-Agent", "Ombuds")
                .method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(request);
    }

    private static String hint(PeerHttp.Answer answer) {
        return switch (answer.status()) {
            case 401 -> "Zulip refused the credentials: check email and apiKey";
            case 403 -> ADMIN_HINT; // a 400 says it in Zulip's words ("Must be an organization administrator")
            default -> null;
        };
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        return target == null ? Arrays.asList(settings.get("apiKey"))
                : Arrays.asList(settings.get("apiKey"), target.identity().value(), target.reason());
    }
}
