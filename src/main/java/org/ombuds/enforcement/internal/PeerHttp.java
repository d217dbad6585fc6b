package org.ombuds.enforcement.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ombuds.enforcement.PeerAddresses;
import org.ombuds.enforcement.PeerException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The HTTP plumbing the platform connectors (GitHub, Discourse, Discord, Matrix, Mastodon, GitLab, Forgejo, Zulip, Mattermost,
 * Slack) share: one client with timeouts that follows no redirects, and the reading of a refusal into a {@link PeerException}
 * that says the status, the peer's
 * own words and when to try again, and is retryable for a timeout, an unreachable peer, a 5xx or a rate limit. The
 * peer's words are cleaned of control characters, shortened, and scrubbed of the values given (the person's handle,
 * the reason, the credentials), because the message is shown on the sanction and written to the log.
 */
final class PeerHttp {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LONGEST_MESSAGE = 200;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\s]+");

    private final String peer;
    private final HttpClient client;

    PeerHttp(String peer) {
        this.peer = peer;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A peer's answer. */
    record Answer(int status, HttpHeaders headers, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The body as JSON; a missing node when it is not JSON. */
        JsonNode json() {
            if (body == null || body.isBlank()) return MissingNode.getInstance();
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                return MissingNode.getInstance();
            }
        }
    }

    /** A request to {@code base + path}; {@code path} must already be encoded ({@link #segment}). */
    HttpRequest.Builder request(String base, String path) throws PeerException {
        try {
            return HttpRequest.newBuilder(new URI(base + path)).timeout(REQUEST_TIMEOUT);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new PeerException("the address of " + peer + " is not a valid URL", false);
        }
    }

    Answer send(HttpRequest.Builder request) throws PeerException {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers(), response.body() == null ? "" : response.body());
        } catch (HttpTimeoutException e) {
            throw new PeerException(peer + " did not answer in time (" + e.getClass().getSimpleName() + ")", true);
        } catch (IOException e) {
            throw new PeerException(peer + " could not be reached (" + e.getClass().getSimpleName() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("the call to " + peer + " was interrupted", true);
        } catch (IllegalArgumentException e) {
            throw new PeerException("the request to " + peer + " is not valid (" + e.getClass().getSimpleName() + ")", false);
        }
    }

    /**
     * What a refusal means: "GitHub answered 401 when blocking the user: Bad credentials (check the token)". Retryable
     * for 5xx, 408, 429 and the rate limits some peers answer with 403 (GitHub); the wait the peer asks for is said.
     */
    PeerException refused(Answer answer, String doing, List<String> scrub, String hint) {
        int status = answer.status();
        boolean rateLimited = status == 429 || (status == 403 && rateLimitHeaders(answer));
        boolean retryable = rateLimited || status >= 500 || status == 408;
        StringBuilder text = new StringBuilder(peer).append(" answered ").append(status).append(" when ").append(doing);
        peerMessage(answer, scrub).ifPresent(said -> text.append(": ").append(said));
        if (retryable) {
            retryAfterSeconds(answer).ifPresent(seconds -> text.append(" (it asks to wait ").append(seconds).append(" s before retrying)"));
        }
        if (hint != null && !rateLimited && !retryable) text.append(" (").append(hint).append(')');
        return new PeerException(text.toString(), retryable);
    }

    PeerException refused(Answer answer, String doing, List<String> scrub) {
        return refused(answer, doing, scrub, null);
    }

    /** Whether a 403 is GitHub's way of saying "rate limited": no requests left, or a Retry-After. */
    private static boolean rateLimitHeaders(Answer answer) {
        return "0".equals(answer.header("x-ratelimit-remaining")) || answer.header("retry-after") != null;
    }

    /**
     * How long the peer asks to wait: the Retry-After header (seconds or an HTTP date), else the body's
     * {@code retry_after} (Discord, seconds), {@code retry_after_ms} (Matrix), {@code extras.wait_seconds} (Discourse),
     * else GitHub's {@code x-ratelimit-reset} when no requests are left.
     */
    static OptionalLong retryAfterSeconds(Answer answer) {
        String header = answer.header("retry-after");
        if (header != null) {
            String value = header.strip();
            if (value.matches("\\d{1,9}")) return OptionalLong.of(Long.parseLong(value));
            if (value.matches("\\d{1,9}\\.\\d+")) return OptionalLong.of((long) Math.ceil(Double.parseDouble(value)));
            try {
                Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return OptionalLong.of(Math.max(0, Duration.between(Instant.now(), when).toSeconds()));
            } catch (DateTimeParseException ignored) {
                // not a date either: look in the body
            }
        }
        JsonNode json = answer.json();
        if (json.path("retry_after").isNumber()) return OptionalLong.of(Math.max(0, (long) Math.ceil(json.path("retry_after").asDouble())));
        if (json.path("retry_after_ms").isNumber()) {
            return OptionalLong.of(Math.max(0, (long) Math.ceil(json.path("retry_after_ms").asDouble() / 1000)));
        }
        OptionalLong wait = integer(json.path("extras").path("wait_seconds"));
        if (wait.isPresent()) return OptionalLong.of(Math.max(0, wait.getAsLong()));
        String reset = answer.header("x-ratelimit-reset");
        if ("0".equals(answer.header("x-ratelimit-remaining")) && reset != null && reset.strip().matches("\\d{1,12}")) {
            return OptionalLong.of(Math.max(0, Long.parseLong(reset.strip()) - Instant.now().getEpochSecond()));
        }
        return OptionalLong.empty();
    }

    /**
     * The peer's own words: {@code errcode: error} (Matrix), {@code message} (GitHub, Discord, with Discord's numeric
     * {@code code}), {@code errors[0]} (Discourse), {@code msg} (Zulip), {@code Errors.description} (Slack's SCIM),
     * {@code detail} (SCIM 2.0), else a short plain-text body; cleaned and scrubbed.
     */
    static Optional<String> peerMessage(Answer answer, List<String> scrub) {
        JsonNode json = answer.json();
        String said = null;
        String errcode = text(json.path("errcode"));
        String error = text(json.path("error"));
        String message = text(json.path("message"));
        if (errcode != null) {
            said = error == null ? errcode : errcode + ": " + error;
        } else if (message != null) {
            long code = integer(json.path("code")).orElse(0);
            said = code != 0 ? message + " (code " + code + ")" : message;
        } else if (json.path("errors").isArray() && text(json.path("errors").path(0)) != null) {
            said = text(json.path("errors").path(0));
        } else if (error != null) {
            said = error;
        } else if (text(json.path("msg")) != null) {
            said = text(json.path("msg")); // Zulip
        } else if (text(json.path("Errors").path("description")) != null) {
            said = text(json.path("Errors").path("description")); // Slack's SCIM
        } else if (text(json.path("detail")) != null) {
            said = text(json.path("detail")); // SCIM 2.0 (RFC 7644, 3.12)
        } else if (json.isMissingNode() && answer.body() != null && !answer.body().isBlank() && !answer.body().stripLeading().startsWith("<")) {
            said = answer.body();
        }
        if (said == null) return Optional.empty();
        return Optional.of(clean(said, scrub)).filter(cleaned -> !cleaned.isEmpty());
    }

    /** One line, no control characters, at most 200 characters, none of the values in {@code scrub} (as whole words). */
    static String clean(String text, List<String> scrub) {
        String cleaned = CONTROL.matcher(text).replaceAll(" ").strip();
        for (String value : scrub) {
            if (value == null || value.length() < 2) continue;
            // A plain short word ("sam") only as a whole word, so "sample" stays; anything longer or with punctuation
            // (an address, a token) wherever it is, also glued to the peer's next word.
            boolean anywhere = value.length() >= 8 || !value.matches("[\\p{L}\\p{N}]+");
            String quoted = Pattern.quote(value);
            cleaned = Pattern.compile(anywhere ? quoted : "(?<![\\p{L}\\p{N}])" + quoted + "(?![\\p{L}\\p{N}])",
                            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(cleaned)
                    .replaceAll(Matcher.quoteReplacement("(…)"));
        }
        return cleaned.length() > LONGEST_MESSAGE ? cleaned.substring(0, LONGEST_MESSAGE) + "…" : cleaned;
    }

    /** A whole number that fits a long; empty for anything else (1e300, 1.5, "7"), which a peer may send too. */
    static OptionalLong integer(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() ? OptionalLong.of(node.asLong()) : OptionalLong.empty();
    }

    /** A string or number node's text; null for anything else. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) return null;
        String value = node.asString();
        return value == null || value.isBlank() ? null : value;
    }

    /** One path segment, percent-encoded (a space as %20, never +). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The JSON text of a value (maps may hold nulls, written as null). */
    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** A base address from a setting (see {@link PeerAddresses}), without its trailing slashes. */
    static String baseUrl(String value, String setting) throws PeerException {
        String base = value.strip();
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        if (!PeerAddresses.allowed(base)) throw new PeerException(PeerAddresses.refusal(setting), false);
        try {
            URI uri = new URI(base);
            if (uri.getRawQuery() == null && uri.getRawFragment() == null) return base;
        } catch (URISyntaxException e) {
            // said below
        }
        throw new PeerException("the setting '" + setting + "' must be an address without ?query or #fragment, such as https://example.org", false);
    }
}
