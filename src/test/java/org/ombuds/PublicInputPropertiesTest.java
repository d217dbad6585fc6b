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
import org.ombuds.support.RawHttp;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every public input over real HTTP, with generated input (jqwik, bounded tries so the suite stays quick): the report
 * API and form (url-encoded and as multipart bodies written by hand, broken ones among them), receipts (API and page),
 * appeals (API and page), the cookies any page is sent and the time-zone form. Whatever is sent, the answer is never a
 * 5xx or a stack trace; bad input gets a 4xx problem+json on the API and a page with the security headers on the site;
 * a 2xx report can be followed with its receipt, and a refused one leaves no row behind.
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
        if (!api && response.status() >= 400) {
            assertThat(response.contentType()).as(response.status() + " " + response.headers().map()).startsWith("text/html");
        }
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

    // ---- the report form as multipart bodies written by hand, broken ones among them ----

    /** One part of a multipart body: its name, file name (or none), an extra header line (or none) and content. */
    record Part(String name, String filename, String extraHeader, byte[] content) {
    }

    /** What is wrong with the body as a whole, if anything. */
    enum Damage { NONE, NO_BOUNDARY, OTHER_BOUNDARY, CUT_SHORT, NO_CLOSING_BOUNDARY, BARE_NEWLINES, EMPTY }

    record Upload(boolean withToken, List<Part> parts, Damage damage, int cut) {
    }

    @Property(tries = 30)
    void anyUploadToTheReportFormIsFiledOrRefusedWithAPageThatSaysWhy(@ForAll("uploads") Upload upload) {
        Http browser = http();
        String token = Http.csrf(browser.get("/report").body());
        String boundary = "----jqwik" + Integer.toHexString(upload.parts().hashCode());
        var body = new java.io.ByteArrayOutputStream();
        List<Part> parts = new java.util.ArrayList<>(upload.parts());
        if (upload.withToken()) parts.add(0, new Part("_csrf", null, null, token.getBytes(StandardCharsets.UTF_8)));
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\"");
            if (part.filename() != null) head.append("; filename=\"").append(part.filename()).append("\"\r\nContent-Type: application/octet-stream");
            if (part.extraHeader() != null) head.append("\r\n").append(part.extraHeader());
            body.writeBytes(head.append("\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        if (upload.damage() != Damage.NO_CLOSING_BOUNDARY) body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] bytes = switch (upload.damage()) {
            case CUT_SHORT -> java.util.Arrays.copyOf(body.toByteArray(), Math.min(upload.cut(), body.size()));
            case BARE_NEWLINES -> body.toString(StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
            case EMPTY -> new byte[0];
            default -> body.toByteArray();
        };
        String type = switch (upload.damage()) {
            case NO_BOUNDARY -> "multipart/form-data";
            case OTHER_BOUNDARY -> "multipart/form-data; boundary=not-" + boundary;
            default -> "multipart/form-data; boundary=" + boundary;
        };
        int before = reports();
        var response = browser.send(browser.request("/report").header("Content-Type", type)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        noErrorOfOurs(response, false);
        WebSecurityCrawlTest.assertSecurityHeaders("an upload answered " + response.status(), response);
        // A filed report answers the POST itself with the receipt (it is never behind a redirect that could be reloaded).
        if (response.status() == 200 && response.body().contains("id=\"receipt\"")) {
            assertThat(reports()).isEqualTo(before + 1);
        } else {
            assertThat(response.status()).as(response.body()).isIn(200, 400, 403, 413);
            assertThat(reports()).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<Upload> uploads() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("category", "description", "anonymous", "attachments", "occurredOn",
                "reportedHandles", "reporterEmail", "_csrf", "website"), Arbitraries.strings().alpha().ofMaxLength(12), Arbitraries.just("n".repeat(600)));
        Arbitrary<String> filename = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.strings().alpha().numeric().withChars(".-_ ").ofMaxLength(30),
                Arbitraries.of("a".repeat(700) + ".png", "../../etc/passwd", "bild-über.png", "", "x.pdf"));
        Arbitrary<String> extraHeader = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("Content-Type: text/plain; charset=nonsense",
                "Content-Transfer-Encoding: base64", "no colon in this header line", "X-Long: " + "h".repeat(600)));
        Arbitrary<byte[]> content = Arbitraries.oneOf(
                Arbitraries.of("harassment", "discrimination", "yes", "no", "Shouted at me after the talk.", "2026-11-20", "github:octocat")
                        .map(text -> text.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().all().ofMaxLength(200).map(text -> text.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4096));
        Arbitrary<Part> part = Combinators.combine(name, filename, extraHeader, content).as(Part::new);
        Arbitrary<Damage> damage = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(Damage.NONE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(Damage.values())));
        return Combinators.combine(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Arbitraries.just(true)), net.jqwik.api.Tuple.of(1, Arbitraries.just(false))),
                        part.list().ofMaxSize(60), damage, Arbitraries.integers().between(0, 4000))
                .as(Upload::new);
    }

    // ---- cookies and the browser's language: whatever anyone sends, no page depends on it being well-formed ----

    @Property(tries = 40)
    void anyCookiesAndLanguagesAreUnderstoodOrIgnoredNeverFatal(@ForAll("cookieHeaders") String cookies,
                                                                 @ForAll("languageHeaders") String languages, @ForAll("anyonesPaths") String path) {
        boolean api = path.startsWith("/api/");
        var response = RawHttp.get(port, path, "Cookie: " + cookies, "Accept-Language: " + languages,
                "Accept: " + (api ? "application/json" : "text/html"));
        noErrorOfOurs(response, api);
        // A control character (but a tab) makes the header malformed: Tomcat or Spring Security's firewall refuses the request.
        boolean malformedLine = (cookies + languages).chars().anyMatch(c -> Character.isISOControl(c) && c != '\t');
        assertThat(response.status()).as(cookies + " on " + path).isIn(malformedLine ? List.of(200, 302, 400) : List.of(200, 302));
        assertThat(response.header("Content-Security-Policy")).as(cookies + " on " + path).contains("frame-ancestors 'none'");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Provide
    Arbitrary<String> cookieHeaders() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("OMBUDS_LANG", "OMBUDS_TZ", "OMBUDS_SESSION", "XSRF-TOKEN", "JSESSIONID"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12));
        // Anything but CR and LF, which would end the header; non-ASCII goes out as ISO-8859-1 bytes.
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("%00", "de", "en", "de/Europe/Berlin", "xx", "\"de\"", "-", "", "UTC",
                        "Europe/Berlin", "Mars/Olympus", "../../etc", "\u00e4", "x".repeat(2000)),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').excludeChars('\r', '\n').ofMaxLength(80));
        Arbitrary<String> pair = Combinators.combine(name, value, Arbitraries.of("=", "==", "", "=\"")).as((n, v, eq) -> n + eq + v);
        return Combinators.combine(pair.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of("; ", ";", ", ", " ;"))
                .as((pairs, separator) -> String.join(separator, pairs));
    }

    @Provide
    Arbitrary<String> languageHeaders() {
        return Arbitraries.oneOf(Arbitraries.of("de", "en-GB,en;q=0.9", "de-CH;q=0.8, *;q=0.1", "-", "*", "de;q=x", ",,;", "", "x-klingon",
                "de;q=0.5;q=0.9", "*-*-*"), Arbitraries.strings().withCharRange('\u0000', '\u00ff').excludeChars('\r', '\n').ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> anyonesPaths() {
        return Arbitraries.of("/", "/report", "/coc", "/receipt", "/time-zone", "/login", "/transparency", "/appeals", "/staff",
                "/api/v1/coc", "/api/v1/transparency");
    }

    // ---- the time-zone form ----

    @Property(tries = 30)
    void theTimeZoneFormRedirectsToAPathOfThisSiteOrShowsTheFormAgain(@ForAll("zones") String zone, @ForAll("waysBack") String back) {
        Http browser = http();
        var page = browser.get("/time-zone?back=" + URLEncoder.encode(back.length() > 3000 ? "/" : back, StandardCharsets.UTF_8));
        noErrorOfOurs(page, false);
        assertThat(page.status()).isEqualTo(200);
        var response = browser.postForm("/time-zone", Map.of("_csrf", Http.csrf(page.body()), "zone", zone, "back", back));
        noErrorOfOurs(response, false);
        WebSecurityCrawlTest.assertSecurityHeaders("the time-zone form answered " + response.status(), response);
        if (response.status() == 302) {
            String location = response.header("Location");
            assertThat(location).as(zone + " back to " + back).isNotNull().startsWith("http://localhost:" + port + "/");
            java.net.URI target = java.net.URI.create(location);
            assertThat(target.getHost()).isEqualTo("localhost");
            assertThat(target.getRawPath()).startsWith("/").doesNotStartWith("//");
        } else {
            assertThat(response.status()).as(zone).isEqualTo(400);
            assertThat(response.body()).contains("aria-invalid=\"true\"");
        }
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.oneOf(Arbitraries.of("UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "+02:00", "CET", "",
                " Europe/Berlin ", "Europe/Nowhere", "z".repeat(100)), Arbitraries.strings().all().ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> waysBack() {
        return Arbitraries.oneOf(Arbitraries.of("/", "/coc#scope", "/report?lang=de", "/{x}", "/coc?x={y}", "//evil.example", "/\\evil.example",
                        "https://evil.example", "/%zz", "/bericht-über", "/" + "a".repeat(9000), "/a b", "javascript:alert(1)", "/./../staff"),
                Arbitraries.strings().all().ofMaxLength(100).map(text -> "/" + text), Arbitraries.strings().all().ofMaxLength(100));
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
