package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.spring.JqwikSpringSupport;

import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every public input over real HTTP, with generated input (jqwik, bounded tries so the suite stays quick): the report
 * API and form, receipts (API and page) and appeals (API and page). Whatever is sent, the answer is never a 5xx or a
 * stack trace; bad input gets a 4xx problem+json on the API and a page on the site; a 2xx report can be followed with
 * its receipt, and a refused one leaves no row behind.
 */
@JqwikSpringSupport
class PublicInputPropertiesTest extends WebTest {
    private static final String TRACE = "(?s).*(Exception|\\bat (java|org|jakarta|tools|com)\\.[\\w.$]+\\().*";
    @Autowired
    JdbcClient jdbc;

    private int reports() {
        return jdbc.sql("SELECT COUNT(*) FROM report").query(Integer.class).single();
    }

    private static void noErrorOfOurs(Http.Response response, boolean api) {
        assertThat(response.status()).as(response.body()).isLessThan(500);
        assertThat(response.body()).doesNotMatch(TRACE);
        if (api && response.status() >= 400) {
            assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(response.status());
            assertThat(response.json().get("detail").asString()).isNotBlank();
        }
        if (!api && response.status() >= 400) assertThat(response.contentType()).startsWith("text/html");
    }

    // ---- the report API ----

    @Property(tries = 80)
    void aReportThroughTheApiIsStoredWholeAndFollowableOrRefusedWithNothingLeft(@ForAll("reportBodies") String body) {
        int before = reports();
        var response = http().postJson("/api/v1/reports", body);
        noErrorOfOurs(response, true);
        if (response.status() == 201) {
            String receipt = response.json().get("receipt").asString();
            assertThat(reports()).isEqualTo(before + 1);
            var followed = http().get("/api/v1/receipts/" + receipt);
            assertThat(followed.status()).isEqualTo(200);
            assertThat(followed.json().get("status").asString()).isNotBlank();
        } else {
            assertThat(response.status()).isIn(400, 413, 415);
            assertThat(reports()).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<String> reportBodies() {
        Arbitrary<Object> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60), Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.of("", " ", "\u0000", "<script>alert(1)</script>", "x".repeat(20_001), "\uD800", "null"),
                Arbitraries.just(null), Arbitraries.integers(), Arbitraries.of(true, false), Arbitraries.just(List.of("a")),
                Arbitraries.just(Map.of("a", 1)));
        Arbitrary<Object> category = Arbitraries.oneOf(Arbitraries.of("harassment", "doxing-privacy", "HARASSMENT", "no-such"), text);
        Arbitrary<Object> description = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(80).map(s -> (Object) s), text);
        Arbitrary<Object> anonymous = Arbitraries.oneOf(Arbitraries.of(true, false), text);
        Arbitrary<Object> handles = Arbitraries.oneOf(
                Arbitraries.of("github:octocat", "other:<b>x</b>", "email:a@b.org", "matrix:@a:b.org", "nokind:x", ":", "github:-").list()
                        .ofMaxSize(22).map(l -> (Object) l), text);
        Arbitrary<Object> reporter = Arbitraries.oneOf(Arbitraries.just(null),
                Combinators.combine(text, Arbitraries.oneOf(Arbitraries.of("kim@example.org", "not-an-address", "a@b"), text))
                        .as((name, email) -> { Map<String, Object> m = new HashMap<>(); m.put("name", name); m.put("email", email); return m; }),
                text);
        Arbitrary<Object> occurredAt = Arbitraries.oneOf(Arbitraries.of("2026-11-20", "2026-11-20T18:30:00Z", "2999-01-01", "1900-01-01",
                "2026-02-30", "yesterday", "+999999999-12-31T23:59:59Z", "2026-11-20T18:30:00+25:00"), text);
        Arbitrary<String> structured = Combinators.combine(category, description, anonymous, handles, reporter, occurredAt, text, text)
                .as((c, d, a, h, r, o, space, witness) -> {
                    Map<String, Object> body = new HashMap<>();
                    body.put("category", c);
                    body.put("description", d);
                    body.put("anonymous", a);
                    body.put("reported", Map.of("handles", h == null ? List.of() : h));
                    body.put("reporter", r);
                    body.put("occurredAt", o);
                    body.put("space", space);
                    body.put("witness", witness);
                    return Http.JSON.writeValueAsString(body);
                });
        Arbitrary<String> raw = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.of("", "{", "[]", "null", "{\"anonymous\":true", "[".repeat(5_000), "{\"a\":" .repeat(2_000),
                        "{\"category\":\"harassment\",\"description\":\"x\",\"anonymous\":true,\"description\":\"dup\"}",
                        "{\"category\":\"harassment\",\"description\":\"" + "y".repeat(400_000) + "\",\"anonymous\":true}"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, structured), net.jqwik.api.Tuple.of(1, raw));
    }

    // ---- the report form ----

    @Property(tries = 40)
    void theReportFormStoresTheReportAndShowsTheReceiptOrMarksTheFieldAndKeepsNothing(
            @ForAll("formFields") Map<String, String> fields) {
        Http browser = http();
        String token = Http.csrf(browser.get("/report").body());
        Map<String, String> withToken = new HashMap<>(fields);
        withToken.put("_csrf", token);
        int before = reports();
        var response = browser.postForm("/report", withToken);
        noErrorOfOurs(response, false);
        var receipt = java.util.regex.Pattern.compile("id=\"receipt\">([0-9A-Z]{5}(-[0-9A-Z]{5}){4})<").matcher(response.body());
        if (response.status() == 200 && receipt.find()) {
            assertThat(reports()).isEqualTo(before + 1);
            assertThat(http().get("/api/v1/receipts/" + receipt.group(1)).status()).isEqualTo(200);
        } else {
            assertThat(response.status()).isIn(200, 400, 413);
            assertThat(response.body()).contains("aria-invalid=\"true\"");
            assertThat(reports()).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<Map<String, String>> formFields() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.of("", "<script>alert(1)</script>", "x".repeat(20_001), "\"><img src=x onerror=alert(1)>"));
        Arbitrary<String> category = Arbitraries.oneOf(Arbitraries.of("harassment", "discrimination"), text);
        Arbitrary<String> description = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(60), text);
        Arbitrary<String> anonymous = Arbitraries.oneOf(Arbitraries.of("yes", "no"), text);
        Arbitrary<String> date = Arbitraries.oneOf(Arbitraries.of("2026-11-20", "2026-13-01", "2999-01-01"), text);
        Arbitrary<String> email = Arbitraries.oneOf(Arbitraries.of("kim@example.org", ""), text);
        return Combinators.combine(category, description, anonymous, date, text, email, text, text).as((c, d, a, o, h, e, n, role) -> {
            Map<String, String> fields = new HashMap<>();
            fields.put("category", c);
            fields.put("description", d);
            fields.put("anonymous", a);
            fields.put("occurredOn", o);
            fields.put("reportedHandles", h);
            fields.put("reporterEmail", "no".equals(a) ? e : "");
            fields.put("reporterName", "no".equals(a) ? n : "");
            fields.put("role", role);
            return fields;
        });
    }

    // ---- receipts and appeals: codes and links that are not theirs, bodies of any shape ----

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.strings().all().ofMaxLength(120),
                Arbitraries.strings().withChars("0123456789ABCDEFGHJKMNPQRSTVWXYZ-").ofLength(29),
                Arbitraries.of("", "..", "%2e%2e", "oap_", "a/b", "a\\b", "%00", "<script>"));
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Provide
    Arbitrary<String> messageBodies() {
        Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(100).map(v -> (Object) v),
                Arbitraries.of("", " ", "<script>alert(1)</script>", "x".repeat(20_001)), Arbitraries.just(null), Arbitraries.integers(),
                Arbitraries.just(List.of("a")));
        Arbitrary<String> structured = Combinators.combine(value, value).as((body, statement) -> {
            Map<String, Object> fields = new HashMap<>();
            fields.put("body", body);
            fields.put("statement", statement);
            return Http.JSON.writeValueAsString(fields);
        });
        return Arbitraries.oneOf(structured, Arbitraries.strings().all().ofMaxLength(100), Arbitraries.of("", "{", "[]", "null"));
    }

    @Property(tries = 25)
    void unknownReceiptsAndAppealLinksAreRefusedClearly(@ForAll("secrets") String secret, @ForAll("messageBodies") String body) {
        String path = segment(secret);
        for (var response : List.of(http().get("/api/v1/receipts/" + path),
                http().postJson("/api/v1/receipts/" + path + "/messages", body),
                http().get("/api/v1/appeals/by-link/" + path),
                http().postJson("/api/v1/appeals/by-link/" + path, body),
                http().postJson("/api/v1/appeals/by-link/" + path + "/messages", body))) {
            noErrorOfOurs(response, true);
            assertThat(response.status()).isIn(400, 404, 405, 413, 415);
        }
        Http browser = http();
        String token = Http.csrf(browser.get("/receipt").body());
        for (var response : List.of(browser.postForm("/receipt", Map.of("_csrf", token, "receipt", secret)),
                browser.postForm("/receipt/messages", Map.of("_csrf", token, "receipt", secret, "body", body)),
                browser.postForm("/appeal", Map.of("_csrf", token, "token", secret, "statement", body)),
                browser.postForm("/appeal/messages", Map.of("_csrf", token, "token", secret, "body", body)),
                browser.get("/appeal/" + path))) {
            noErrorOfOurs(response, false);
            assertThat(response.status()).isIn(200, 400, 404);
            assertThat(response.body()).doesNotContain(secret.length() > 3 && !secret.isBlank() ? "<script>" : "\u0000never");
        }
    }

    @Property(tries = 30)
    void aReceiptHolderWritesWhatIsValidAndIsToldWhatIsNot(@ForAll("messageBodies") String body) {
        var created = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "Followed after the talk.",
                "anonymous", true));
        String receipt = created.json().get("receipt").asString();
        var sent = http().postJson("/api/v1/receipts/" + receipt + "/messages", body);
        noErrorOfOurs(sent, true);
        var messages = http().get("/api/v1/receipts/" + receipt).json().get("messages");
        if (sent.status() == 201) {
            assertThat(messages.size()).isEqualTo(1);
        } else {
            assertThat(sent.status()).isIn(400, 413, 415);
            assertThat(messages.size()).isZero();
        }
    }
}
