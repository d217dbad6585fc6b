package org.ombuds.enforcement.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerAddresses;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bans an email address in Mailman 3 through its core REST API (the API Postorius uses), on one list or, without a
 * list, on the whole server; and unsubscribes it, because a Mailman ban only stops new subscriptions and posts.
 * Lifting removes the ban and subscribes nobody again. Whether a ban is applied is read from the bans collection:
 * {@code GET /bans/{email}} also answers 200 when only a pattern ban or a global ban matches, so it cannot tell
 * whether our own entry exists; when only such another entry covers the address, {@link #applied} says it cannot tell.
 * The address never appears in logs or in error messages (Mailman's words are scrubbed).
 * <p>
 * Over 300 lines on purpose: one peer's whole REST dialogue (bans, memberships, their pagination) in one place.
 */
@Component
public class MailmanConnector implements Connector {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final int PAGE = 100;
    private static final int MOST_PAGES = 1000;
    private static final Pattern STATUS_LINE_NOISE = Pattern.compile("\\d{3}( [A-Za-z ]+)?");
    private static final Logger log = LoggerFactory.getLogger(MailmanConnector.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;

    public MailmanConnector() {
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String type() {
        return "mailman";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("email", "mailman");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BAN, Capability.REMOVE_FROM_LIST);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.address("url", "the base of Mailman core's REST API, with its version, e.g. http://localhost:8001/3.1", true),
                new Setting("user", "the REST API user ([webservice] admin_user in mailman.cfg)", false, true),
                new Setting("password", "the REST API password ([webservice] admin_pass in mailman.cfg)", true, true),
                new Setting("list", "the list id to ban on, e.g. dev.lists.example.org; empty: a global ban on the whole server", false, false));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        Peer peer = peer(settings);
        String email = address(target);
        Answer banned = peer.send("POST", peer.bans(), form(Map.of("email", email)));
        if (banned.status() == 400 && banned.description().toLowerCase(Locale.ROOT).contains("already banned")) {
            // Our entry from an earlier attempt, or another entry that covers the address (a pattern, a global ban).
            log.debug("mailman: the address was already banned ({}, sanction {})", peer.scope(), target.sanctionId());
        } else {
            if (banned.status() == 404) peer.requireList(email);
            peer.expect(banned, email, "ban", 200, 201, 204);
        }
        int removed = 0;
        for (String memberId : peer.memberships(email)) {
            Answer deleted = peer.send("DELETE", "/members/" + segment(memberId), null);
            if (deleted.status() != 404) peer.expect(deleted, email, "unsubscribe", 200, 204);
            removed++;
        }
        log.info("mailman: banned an address ({}) and removed {} membership(s), sanction {}", peer.scope(), removed, target.sanctionId());
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        Peer peer = peer(settings);
        String email = address(target);
        Answer answer = peer.send("DELETE", peer.bans() + "/" + segment(email), null);
        if (answer.status() == 404) {
            // "Email is not banned": already lifted. A list that does not exist also answers 404: that is an error.
            peer.requireList(email);
            return;
        }
        peer.expect(answer, email, "lift the ban", 200, 204);
        log.info("mailman: lifted a ban ({}), sanction {}", peer.scope(), target.sanctionId());
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        Peer peer = peer(settings);
        String email = address(target);
        int seen = 0;
        for (int page = 1; ; page++) {
            Answer answer = peer.send("GET", peer.bans() + "?count=" + PAGE + "&page=" + page, null);
            if (answer.status() == 404) peer.requireList(email);
            peer.expect(answer, email, "list the bans", 200);
            JsonNode body = answer.json();
            List<JsonNode> entries = new ArrayList<>(body.path("entries").values());
            for (JsonNode entry : entries) {
                if (entry.path("email").asString("").equalsIgnoreCase(email)) return Optional.of(true);
            }
            seen += entries.size();
            if (entries.isEmpty() || entries.size() < PAGE || seen >= body.path("total_size").asInt(0)) break;
            // A peer that keeps answering full pages (a broken proxy, a page parameter ignored) must not hold the job forever.
            if (page >= MOST_PAGES) throw new PeerException("Mailman listed more than " + MOST_PAGES * PAGE + " bans; the list was not read to its end", true);
        }
        // No entry of ours. If another one covers the address (a pattern ban, or for a list a global ban), Mailman refuses
        // to add ours ("already banned") and a DELETE of ours removes nothing: whether our sanction is in force cannot be
        // said, and answering true or false would make reconciliation apply or lift again and again, to no effect.
        Answer covered = peer.send("GET", peer.bans() + "/" + segment(email), null);
        if (covered.status() == 404) return Optional.of(false);
        peer.expect(covered, email, "check the ban", 200);
        return Optional.empty();
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        Peer peer = peer(settings);
        peer.expect(peer.send("GET", "/system/versions", null), null, "read the version", 200);
        if (peer.list() != null) peer.requireList(null);
    }

    // ---- the peer ----

    private Peer peer(ConnectorSettings settings) throws PeerException {
        String url = settings.require("url");
        while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        if (!PeerAddresses.allowed(url)) throw new PeerException(PeerAddresses.refusal("url"), false);
        String credentials = settings.require("user") + ":" + settings.require("password");
        String list = settings.get("list");
        return new Peer(url, "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)),
                list == null ? null : list.toLowerCase(Locale.ROOT));
    }

    private String address(Target target) throws PeerException {
        if (target.identity() == null || !identityKinds().contains(target.identity().kind())) {
            throw new PeerException("the mailman connector acts on email addresses only", false);
        }
        String email = target.identity().value();
        // Mailman reads a ban beginning with ^ as a regular expression: a handle must never become a pattern ban.
        if (email.startsWith("^")) throw new PeerException("the handle is not a plain email address (Mailman would read it as a pattern)", false);
        return email;
    }

    private record Answer(int status, String body) {
        JsonNode json() throws PeerException {
            try {
                return JSON.readTree(body.isEmpty() ? "{}" : body);
            } catch (JacksonException e) {
                throw new PeerException("Mailman answered " + status + " with something that is not JSON", true);
            }
        }

        /** Mailman's words: the description of its problem document, else its title. */
        String description() {
            try {
                JsonNode node = JSON.readTree(body.isEmpty() ? "{}" : body);
                String description = node.path("description").asString("");
                return description.isBlank() ? node.path("title").asString("") : description;
            } catch (JacksonException e) {
                return "";
            }
        }
    }

    private final class Peer {
        private final String base;
        private final String authorization;
        private final String list;

        Peer(String base, String authorization, String list) {
            this.base = base;
            this.authorization = authorization;
            this.list = list;
        }

        String list() {
            return list;
        }

        String scope() {
            return list == null ? "global" : "list " + list;
        }

        String bans() {
            return list == null ? "/bans" : "/lists/" + segment(list) + "/bans";
        }

        /** The ids of the address's memberships (in the list, or everywhere); nonmember records only hold moderation and stay. */
        List<String> memberships(String email) throws PeerException {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("subscriber", email);
            if (list != null) query.put("list_id", list);
            Answer answer = send("POST", "/members/find", form(query));
            expect(answer, email, "find the memberships", 200);
            List<String> ids = new ArrayList<>();
            for (JsonNode entry : answer.json().path("entries").values()) {
                if (entry.path("role").asString("").equals("nonmember")) continue;
                String id = entry.path("member_id").asString("");
                if (id.isBlank()) {
                    String self = entry.path("self_link").asString("");
                    id = self.substring(self.lastIndexOf('/') + 1);
                }
                if (!id.isBlank()) ids.add(id);
            }
            return ids;
        }

        void requireList(String email) throws PeerException {
            if (list == null) return;
            Answer answer = send("GET", "/lists/" + segment(list), null);
            if (answer.status() == 404) throw new PeerException("Mailman has no list '" + list + "' (check the setting 'list')", false);
            expect(answer, email, "read the list", 200);
        }

        Answer send(String method, String path, String form) throws PeerException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                    .header("Authorization", authorization).header("Accept", "application/json");
            if (form != null) {
                request.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(form));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Answer(response.statusCode(), response.body() == null ? "" : response.body());
            } catch (java.net.http.HttpTimeoutException e) {
                throw new PeerException("Mailman at " + where() + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s", true);
            } catch (IOException e) {
                throw new PeerException("Mailman could not be reached at " + where() + ": " + e.getClass().getSimpleName(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerException("interrupted while calling Mailman", true);
            }
        }

        void expect(Answer answer, String email, String action, int... ok) throws PeerException {
            for (int status : ok) if (answer.status() == status) return;
            int status = answer.status();
            if (status == 401 || status == 403) {
                throw new PeerException("Mailman refused the credentials (" + status + ") when trying to " + action
                        + ": check the settings 'user' and 'password'", false);
            }
            String words = scrub(answer.description(), email);
            String said = words.isBlank() || STATUS_LINE_NOISE.matcher(words).matches() ? "" : ": " + words;
            boolean retryable = status >= 500 || status == 429 || status == 408;
            throw new PeerException("Mailman answered " + status + " when trying to " + action + " (" + scope() + ")" + said, retryable);
        }

        /** Host and port only: a URL may carry credentials. */
        private String where() {
            URI uri = URI.create(base);
            return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        }
    }

    /** Mailman's messages may quote the address ("Email is not banned: …"): it never leaves this class. */
    static String scrub(String words, String email) {
        if (words == null) return "";
        String scrubbed = email == null ? words : Pattern.compile(Pattern.quote(email), Pattern.CASE_INSENSITIVE).matcher(words)
                .replaceAll("(the address)");
        scrubbed = scrubbed.replaceAll("[\\r\\n\\t]+", " ").strip();
        return scrubbed.length() > 200 ? scrubbed.substring(0, 200) + "…" : scrubbed;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
