package org.ombuds.enforcement.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Suspends (or limits, "silence") an account of a community's own Mastodon instance through the admin API
 * (https://docs.joinmastodon.org/methods/admin/accounts/): {@code POST /api/v1/admin/accounts/{id}/action} with
 * {@code type=suspend} or {@code type=silence}; {@code POST .../unsuspend} or {@code .../unsilence} to lift;
 * {@code GET /api/v1/admin/accounts/{id}} says {@code suspended} / {@code silenced}. The account id is found with
 * {@code GET /api/v2/admin/accounts?origin=local&username=...}, whose username filter is a case-insensitive prefix
 * match (Mastodon's {@code Account.matches_username}), so only the exact username is taken.
 * <p>
 * Mastodon answers 403 to unsuspending an account that is not suspended, so the state is read first and a call that
 * would change nothing is not made. These actions have no end at Mastodon: Ombuds lifts them. A suspended account's
 * data is deleted after 30 days (https://docs.joinmastodon.org/admin/moderation/#suspend-user); it can still be
 * unsuspended, but empty, so for temporary bans a space may prefer {@code silence}. Only accounts of this instance
 * are acted on: another server's account is blocked there, or here by hand with an account or domain block.
 */
@Component
public class MastodonConnector implements Connector {
    static final String SUSPEND = "suspend";
    static final String SILENCE = "silence";
    private static final String SCOPE_HINT = "the token needs the scopes admin:read:accounts and admin:write:accounts, and its"
            + " account a role that may manage users";
    private final PeerHttp http = new PeerHttp("Mastodon");

    public MastodonConnector() {
    }

    @Override
    public String type() {
        return "mastodon";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("mastodon");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN, Capability.MUTE);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.address("url", "the instance's address, such as https://social.example.org", true),
                new Setting("token", "an access token of a moderator's account, with the scopes admin:read:accounts and"
                        + " admin:write:accounts (Preferences > Development > New application)", true, true),
                new Setting("action", "suspend (default: the account is closed; Mastodon deletes its data after 30 days) or silence"
                        + " (limited: seen only by its followers)", false, false),
                new Setting("domain", "the domain of the instance's handles (user@domain), when it is not the address's host"
                        + " (Mastodon's LOCAL_DOMAIN differing from WEB_DOMAIN)", false, false));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        String action = action(settings);
        List<String> scrub = scrub(settings, target);
        String id = accountId(settings, target, scrub);
        if (flagged(settings, id, action, scrub)) return;
        String form = "type=" + action + "&send_email_notification=false"
                + (target.reason() == null ? "" : "&text=" + URLEncoder.encode(target.reason(), StandardCharsets.UTF_8));
        PeerHttp.Answer answer = call(settings, "POST", "/api/v1/admin/accounts/" + PeerHttp.segment(id) + "/action", form);
        if (!answer.ok()) throw http.refused(answer, doing(action), scrub, hint(answer));
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        String action = action(settings);
        List<String> scrub = scrub(settings, target);
        String id = accountId(settings, target, scrub);
        if (!flagged(settings, id, action, scrub)) return;
        String undo = action.equals(SUSPEND) ? "unsuspend" : "unsilence";
        PeerHttp.Answer answer = call(settings, "POST", "/api/v1/admin/accounts/" + PeerHttp.segment(id) + "/" + undo, null);
        if (answer.ok()) return;
        // Lifted by someone else since it was read: Mastodon refuses with 403, and there is nothing left to lift.
        if (answer.status() == 403 && !flagged(settings, id, action, scrub)) return;
        throw http.refused(answer, undo.equals("unsuspend") ? "unsuspending the account" : "unsilencing the account", scrub, hint(answer));
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        List<String> scrub = scrub(settings, target);
        return Optional.of(flagged(settings, accountId(settings, target, scrub), action(settings), scrub));
    }

    /** Lists one local account: the token is valid, has admin:read:accounts and a role that may see accounts. */
    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        action(settings);
        domain(settings);
        PeerHttp.Answer answer = call(settings, "GET", "/api/v2/admin/accounts?origin=local&limit=1", null);
        if (!answer.ok()) throw http.refused(answer, "listing the instance's accounts", scrub(settings, null), hint(answer));
        if (!answer.json().isArray()) throw new PeerException("Mastodon answered the account list with something else than a list", false);
    }

    private boolean flagged(ConnectorSettings settings, String id, String action, List<String> scrub) throws PeerException {
        PeerHttp.Answer answer = call(settings, "GET", "/api/v1/admin/accounts/" + PeerHttp.segment(id), null);
        if (!answer.ok()) throw http.refused(answer, "reading the account", scrub, hint(answer));
        JsonNode flag = answer.json().path(action.equals(SUSPEND) ? "suspended" : "silenced");
        if (!flag.isBoolean()) throw new PeerException("Mastodon's account has no '" + (action.equals(SUSPEND) ? "suspended" : "silenced")
                + "' field: is the address that of a Mastodon instance?", false);
        return flag.asBoolean();
    }

    /** The local account's id; another server's account, or none, is a refusal that repeating cannot fix. */
    private String accountId(ConnectorSettings settings, Target target, List<String> scrub) throws PeerException {
        if (!target.identity().kind().equals("mastodon")) {
            throw new PeerException("the Mastodon connector acts on mastodon handles only", false);
        }
        String handle = target.identity().value();
        if (handle.startsWith("@")) handle = handle.substring(1);
        int at = handle.indexOf('@');
        String username = handle.substring(0, at);
        String domain = domain(settings);
        if (!handle.substring(at + 1).equals(domain)) {
            throw new PeerException("the account is not one of this instance's (" + domain + "): its own server suspends it, or a moderator"
                    + " here blocks the account or its domain by hand (Moderation > Accounts, or Federation)", false);
        }
        PeerHttp.Answer answer = call(settings, "GET", "/api/v2/admin/accounts?origin=local&limit=200&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8), null);
        if (!answer.ok()) throw http.refused(answer, "looking the account up", scrub, hint(answer));
        for (JsonNode account : answer.json()) {
            // A prefix match comes back: only the very username counts (and a local account has no domain).
            if (username.equalsIgnoreCase(PeerHttp.text(account.path("username"))) && PeerHttp.text(account.path("domain")) == null) {
                String id = PeerHttp.text(account.path("id"));
                if (id != null) return id;
            }
        }
        throw new PeerException("Mastodon knows no local account with this username on " + domain, false);
    }

    private PeerHttp.Answer call(ConnectorSettings settings, String method, String path, String form) throws PeerException {
        HttpRequest.Builder request = http.request(PeerHttp.baseUrl(settings.require("url"), "url"), path)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + settings.require("token"))
                .header("User-Agent", "Ombuds");
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request);
    }

    private static String action(ConnectorSettings settings) throws PeerException {
        String action = settings.get("action", SUSPEND).toLowerCase(Locale.ROOT);
        if (!action.equals(SUSPEND) && !action.equals(SILENCE)) {
            throw new PeerException("the setting 'action' must be suspend or silence", false);
        }
        return action;
    }

    /** The handles' domain: the setting, else the address's host. */
    private static String domain(ConnectorSettings settings) throws PeerException {
        String domain = settings.get("domain");
        if (domain != null) return domain.toLowerCase(Locale.ROOT);
        String base = PeerHttp.baseUrl(settings.require("url"), "url");
        try {
            return new URI(base).getHost().toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            throw new PeerException("the setting 'url' is not a valid address", false);
        }
    }

    private static String doing(String action) {
        return action.equals(SUSPEND) ? "suspending the account" : "silencing the account";
    }

    private static String hint(PeerHttp.Answer answer) {
        if (answer.status() == 401) return "Mastodon refused the token: check that it is valid and not revoked";
        if (answer.status() == 403) return SCOPE_HINT;
        return null;
    }

    private static List<String> scrub(ConnectorSettings settings, Target target) {
        if (target == null) return Arrays.asList(settings.get("token"));
        String handle = target.identity().value();
        String username = handle.replaceFirst("^@", "").replaceFirst("@.*$", "");
        return Arrays.asList(settings.get("token"), handle, username, target.reason());
    }
}
