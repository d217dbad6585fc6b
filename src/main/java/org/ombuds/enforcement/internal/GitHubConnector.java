package org.ombuds.enforcement.internal;

import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.springframework.stereotype.Component;

/**
 * Blocks a GitHub user from an organization through the REST API (docs.github.com/rest/orgs/blocking):
 * {@code PUT /orgs/{org}/blocks/{username}} (204), {@code DELETE} the same (204) to unblock, {@code GET} it (204 blocked,
 * 404 not). A block made through the API has no end, so a temporary ban is lifted by Ombuds when it ends.
 * <p>
 * GitHub answers 404, not 403, to a classic token without {@code admin:org}, so a 404 is never taken for "not blocked"
 * before the organization's block list has been read with the same token. A 422 to a block is taken for success only
 * when GitHub then says the user is blocked (blocking twice); otherwise it is the refusal GitHub gives for an
 * organization's members, who cannot be blocked.
 */
@Component
public class GitHubConnector implements Connector {
    static final String DEFAULT_API = "https://api.github.com";
    private static final String PERMISSION_HINT = "the token may not manage the organization's blocks: a classic token needs the admin:org"
            + " scope, a fine-grained token or a GitHub App the organization permission 'Blocking users' (read and write)";
    private final PeerHttp http = new PeerHttp("GitHub");

    public GitHubConnector() {
    }

    @Override
    public String type() {
        return "github";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("github");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                new Setting("org", "the organization's login, as in https://github.com/<org>", false, true),
                new Setting("token", "a token of an organization owner that may block users: a classic token with admin:org, or a fine-grained"
                        + " token (or GitHub App) with the organization permission 'Blocking users' (read and write)", true, true),
                Setting.address("apiUrl", "the REST API's address; default " + DEFAULT_API
                        + " (GitHub Enterprise Server: https://HOST/api/v3)", false));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        String user = username(target);
        List<String> scrub = scrub(settings, target);
        PeerHttp.Answer answer = call(settings, "PUT", block(settings, user));
        if (answer.ok()) return;
        if (answer.status() == 422) {
            if (blocked(settings, user, scrub)) return; // blocked already
            throw http.refused(answer, "blocking the user", scrub, "GitHub cannot block this account: an organization's members cannot be blocked");
        }
        if (answer.status() == 404) {
            requireBlockAccess(settings, scrub);
            throw http.refused(answer, "blocking the user", scrub, "GitHub knows no such user");
        }
        throw http.refused(answer, "blocking the user", scrub, hint(answer));
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        String user = username(target);
        List<String> scrub = scrub(settings, target);
        PeerHttp.Answer answer = call(settings, "DELETE", block(settings, user));
        if (answer.ok()) return;
        if (answer.status() == 404) {
            requireBlockAccess(settings, scrub); // a 404 with access to the blocks: not blocked, nothing to lift
            return;
        }
        throw http.refused(answer, "unblocking the user", scrub, hint(answer));
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        return Optional.of(blocked(settings, username(target), scrub(settings, target)));
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        List<String> scrub = scrub(settings, null);
        PeerHttp.Answer org = call(settings, "GET", "/orgs/" + PeerHttp.segment(settings.require("org")));
        if (!org.ok()) {
            throw http.refused(org, "reading the organization", scrub,
                    org.status() == 404 ? "there is no organization '" + settings.require("org") + "' this token can see" : hint(org));
        }
        requireBlockAccess(settings, scrub);
    }

    private boolean blocked(ConnectorSettings settings, String user, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", block(settings, user));
        if (answer.status() == 204 || answer.status() == 200) return true;
        if (answer.status() == 404) {
            requireBlockAccess(settings, scrub);
            return false;
        }
        throw http.refused(answer, "checking whether the user is blocked", scrub, hint(answer));
    }

    /** Reads one entry of the block list: GitHub's 404 to a token without the permission becomes a refusal that says so. */
    private void requireBlockAccess(ConnectorSettings settings, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/orgs/" + PeerHttp.segment(settings.require("org")) + "/blocks?per_page=1");
        if (answer.ok()) return;
        throw http.refused(answer, "reading the organization's blocked users", scrub,
                answer.status() == 404 || answer.status() == 403 ? PERMISSION_HINT : hint(answer));
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path) throws PeerException {
        HttpRequest.Builder request = http.request(PeerHttp.baseUrl(settings.get("apiUrl", DEFAULT_API), "apiUrl"), path)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Authorization", "Bearer " + settings.require("token"))
                .header("User-Agent", "Ombuds")
                .method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(request);
    }

    private static String block(ConnectorSettings settings, String user) throws PeerException {
        return "/orgs/" + PeerHttp.segment(settings.require("org")) + "/blocks/" + PeerHttp.segment(user);
    }

    private static String username(Target target) throws PeerException {
        if (!target.identity().kind().equals("github")) {
            throw new PeerException("the GitHub connector acts on github handles only", false);
        }
        return target.identity().value();
    }

    private static String hint(PeerHttp.Answer answer) {
        return answer.status() == 401 ? "GitHub refused the token: check that it is valid and not expired" : null;
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        return target == null ? Arrays.asList(settings.get("token"))
                : Arrays.asList(settings.get("token"), target.identity().value(), target.reason());
    }
}
