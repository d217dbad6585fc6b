package org.ombuds.enforcement.internal;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Blocks a user of a self-managed GitLab instance through the user moderation API
 * (https://docs.gitlab.com/17.6/api/user_moderation): {@code POST /api/v4/users/:id/block}, {@code POST .../unblock} to lift
 * (201 each); {@code GET /api/v4/users/:id} says {@code state} ({@code blocked} when blocked). The id is found with
 * {@code GET /api/v4/users?username=...} (https://docs.gitlab.com/17.6/api/users). These calls need an administrator's token,
 * so this is for a community's own instance, not for a group on GitLab.com.
 * <p>
 * A group-level ban (GitLab 15.8+, Premium) has no documented REST API: GitLab documents banning from the group's
 * Members page and unbanning through GraphQL's {@code namespaceBanDestroy} only
 * (https://docs.gitlab.com/ee/user/group/moderate_users.html), so it is not offered here.
 * <p>
 * The state is read before blocking or unblocking, so a call that would change nothing is not made: GitLab documents
 * 403 for unblocking a user blocked by LDAP, and says nothing of blocking twice. A user blocked through LDAP
 * ({@code ldap_blocked}) counts as blocked, and GitLab's 403 to unblocking one is said as it is. A block has no end:
 * Ombuds lifts it.
 */
@Component
public class GitLabConnector implements Connector {
    private static final Set<String> BLOCKED = Set.of("blocked", "ldap_blocked");
    private final PeerHttp http = new PeerHttp("GitLab");

    public GitLabConnector() {
    }

    @Override
    public String type() {
        return "gitlab";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("gitlab");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.address("url", "the instance's address, such as https://gitlab.example.org (the API is under /api/v4)", true),
                new Setting("token", "a personal (or service account) access token of an administrator, with the api scope", true, true));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        long id = userId(settings, target, scrub);
        if (BLOCKED.contains(state(settings, id, scrub))) return;
        PeerHttp.Answer answer = call(settings, "POST", "/api/v4/users/" + id + "/block");
        if (answer.ok()) return;
        if (answer.status() == 403 && BLOCKED.contains(state(settings, id, scrub))) return; // blocked meanwhile
        throw http.refused(answer, "blocking the user", scrub, hint(answer, "GitLab does not let the API block this user (an internal user)"));
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        long id = userId(settings, target, scrub);
        if (!BLOCKED.contains(state(settings, id, scrub))) return;
        PeerHttp.Answer answer = call(settings, "POST", "/api/v4/users/" + id + "/unblock");
        if (answer.ok()) return;
        if (answer.status() == 403 && !BLOCKED.contains(state(settings, id, scrub))) return; // unblocked meanwhile
        throw http.refused(answer, "unblocking the user", scrub,
                hint(answer, "GitLab does not let the API unblock a user blocked by LDAP synchronization: unblock them in the directory"));
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        return Optional.of(BLOCKED.contains(state(settings, userId(settings, target, scrub), scrub)));
    }

    /** Reads the token's own user: valid, and an administrator's (GitLab shows {@code is_admin} to its holder). */
    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/api/v4/user");
        if (!answer.ok()) throw http.refused(answer, "reading the token's user", scrub(settings, null), hint(answer, null));
        JsonNode admin = answer.json().path("is_admin");
        if (!(admin.isBoolean() && admin.booleanValue())) {
            throw new PeerException("GitLab's token is not an administrator's: only an administrator may block users", false);
        }
    }

    private String state(ConnectorSettings settings, long id, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/api/v4/users/" + id);
        if (!answer.ok()) throw http.refused(answer, "reading the user", scrub, hint(answer, null));
        String state = PeerHttp.text(answer.json().path("state"));
        if (state == null) throw new PeerException("GitLab's user has no state: is the token an administrator's?", false);
        return state;
    }

    private long userId(ConnectorSettings settings, Target target, List<String> scrub) throws PeerException {
        if (!target.identity().kind().equals("gitlab")) throw new PeerException("the GitLab connector acts on gitlab handles only", false);
        String username = target.identity().value();
        PeerHttp.Answer answer = call(settings, "GET", "/api/v4/users?username=" + URLEncoder.encode(username, StandardCharsets.UTF_8));
        if (!answer.ok()) throw http.refused(answer, "looking the user up", scrub, hint(answer, null));
        for (JsonNode user : answer.json()) {
            if (username.equalsIgnoreCase(PeerHttp.text(user.path("username")))) {
                var id = PeerHttp.integer(user.path("id"));
                if (id.isPresent()) return id.getAsLong();
            }
        }
        throw new PeerException("GitLab knows no user with this username", false);
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path) throws PeerException {
        HttpRequest.Builder request = http.request(PeerHttp.baseUrl(settings.require("url"), "url"), path)
                .header("Accept", "application/json")
                .header("PRIVATE-TOKEN", settings.require("token"))
                .header("User-Agent", "Ombuds")
                .method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(request);
    }

    private static String hint(PeerHttp.Answer answer, String forbidden) {
        if (answer.status() == 401) return "GitLab refused the token: check that it is valid, not expired, and has the api scope";
        if (answer.status() == 403) return forbidden != null ? forbidden + ", or the token is not an administrator's"
                : "the token must be an administrator's";
        return null;
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        return target == null ? Arrays.asList(settings.get("token"))
                : Arrays.asList(settings.get("token"), target.identity().value(), target.reason());
    }
}
