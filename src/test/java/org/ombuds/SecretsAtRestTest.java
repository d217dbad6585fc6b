package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.Cases;
import org.ombuds.intake.Intake;
import org.ombuds.intake.Receipts;
import org.ombuds.support.Corrections;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every public flow that hands out a secret (receipts from the report form and API and their follow-ups, appeal links,
 * password set-up links, API tokens, the two-factor key and recovery codes) is run as a person would run it, and then
 * every file of the data folder (the database, its write-ahead log and shared memory, attachments; only the key sets
 * are left out, being key material), every text and binary column of every table and the server's log are searched
 * for each secret: none may be found in the clear.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsAtRestTest extends WebTest {
    private static final Pattern RECEIPT = Pattern.compile("id=\"receipt\">([0-9A-Z]{5}(?:-[0-9A-Z]{5}){4})<");
    private static final Pattern SETUP_LINK = Pattern.compile("/account/setup\\?token=([A-Za-z0-9_-]{20,})");
    private static final Pattern NEW_TOKEN = Pattern.compile("<code class=\"secret\">(omb_[A-Za-z0-9_-]+)</code>");
    private static final Pattern TOTP_KEY = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    Intake intake;
    @Autowired
    Cases cases;
    @Autowired
    CaseLetters caseLetters;

    /** Each secret issued, by what issued it, with the forms it could be stored in. */
    private final Map<String, List<String>> secrets = new LinkedHashMap<>();
    /** The answers that showed a secret: each must be the answer to the request itself and never cached. */
    private final Map<String, Http.Response> shownIn = new LinkedHashMap<>();

    @Test
    void noSecretIssuedByAPublicFlowIsFoundInTheDataFolderTheDatabaseOrTheLog(CapturedOutput log) throws Exception {
        reportForm();
        reportApi();
        appealLink();
        passwordSetupLinks();
        apiTokens();
        twoFactor();
        assertThat(secrets).hasSize(12);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION").query(Integer.class).single())
                .as("the browsers' sessions are in the database, so what they hold would be searched").isPositive();

        List<String> found = new ArrayList<>();
        found.addAll(inDataFolder());
        found.addAll(inTables());
        secrets.forEach((what, needles) -> needles.stream().filter(log.getAll()::contains).forEach(n -> found.add(what + " in the log")));
        assertThat(found).as("secrets found in the clear").isEmpty();

        shownIn.forEach((what, response) -> {
            assertThat(response.status()).as(what + ": shown in the answer itself").isEqualTo(200);
            assertThat(response.header("Cache-Control")).as(what + ": never cached").contains("no-store");
        });
    }

    // ---- the flows ----

    private void reportForm() throws IOException {
        Http browser = http();
        String csrf = Http.csrf(browser.get("/report").body());
        var sent = browser.postForm("/report", Map.of("_csrf", csrf, "category", "harassment", "description", "At rest, by form."));
        String receipt = receipt("receipt (report form)", shown("receipt (report form)", browser, sent));

        var withFile = browser.send(multipart(browser, "/report", Map.of("_csrf", Http.csrf(browser.get("/report").body()),
                "category", "harassment", "description", "At rest, with a file.", "anonymous", "no", "reporterName", "Rita",
                "reporterEmail", "rita@example.org"), "note.txt", "What I saw, written down."));
        receipt("receipt (report form with a file)", shown("receipt (report form with a file)", browser, withFile));

        // Following up by the pages: the receipt goes in POST bodies, the answers are pages.
        String follow = Http.csrf(browser.get("/receipt").body());
        assertThat(browser.postForm("/receipt", Map.of("_csrf", follow, "receipt", receipt)).status()).isEqualTo(200);
        assertThat(browser.postForm("/receipt/messages", Map.of("_csrf", follow, "receipt", receipt, "body", "A reply by the page."))
                .status()).isEqualTo(200);
    }

    private void reportApi() {
        var created = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "At rest, by API.", "anonymous", true));
        assertThat(created.status()).isEqualTo(201);
        String receipt = created.json().get("receipt").asString();
        secrets.put("receipt (report API)", List.of(receipt, Receipts.canonical(receipt)));
        assertThat(http().get("/api/v1/receipts/" + receipt).status()).isEqualTo(200);
        assertThat(http().postJson("/api/v1/receipts/" + receipt + "/messages", Map.of("body", "A reply by the API.")).status()).isEqualTo(201);
    }

    private void appealLink() {
        String letter = Corrections.decide(http(), intake, jdbc, caseLetters, tokenFor("moderator"),
                "email:" + unique("person") + "@example.net").letter();
        String token = secret("appeal link", letter, Corrections.APPEAL_LINK);

        Http appellant = http();
        var page = appellant.get("/appeal/" + token);
        assertThat(page.status()).isEqualTo(200);
        var filed = appellant.postForm("/appeal", Map.of("_csrf", Http.csrf(page.body()), "token", token, "statement", "I was quoting a film."));
        assertThat(filed.status()).isEqualTo(302);
        assertThat(appellant.get(path(filed)).body()).contains("Your appeal was sent.").contains("I was quoting a film.");
        var replied = appellant.postForm("/appeal/messages", Map.of("_csrf", Http.csrf(page.body()), "token", token, "body", "More context."));
        assertThat(replied.status()).isEqualTo(302);
        assertThat(appellant.get(path(replied)).body()).contains("More context.");
        assertThat(http().get("/api/v1/appeals/by-link/" + token).status()).isEqualTo(200);
        assertThat(http().postJson("/api/v1/appeals/by-link/" + token + "/messages", Map.of("body", "By the API.")).status()).isEqualTo(201);
    }

    private void passwordSetupLinks() {
        StaffSession admin = signIn("admin", "Admin At Rest");
        String email = unique("member") + "@example.org";
        var added = admin.post("/staff/accounts", "/staff/accounts", "email", email, "name", "New Member", "role", "moderator");
        secret("password link (new account)", shown("password link (new account)", admin.http(), added), SETUP_LINK);
        String memberId = accounts.byEmail(email).orElseThrow().id();
        var again = admin.post("/staff/accounts", "/staff/accounts/" + memberId + "/password-link");
        String link = secret("password link (new link)", shown("password link (new link)", admin.http(), again), SETUP_LINK);

        var api = http().postJson("/api/v1/accounts", Map.of("email", unique("api-member") + "@example.org", "name", "Api Member",
                "role", "moderator"), Http.bearer(tokenFor("admin")));
        assertThat(api.status()).isEqualTo(201);
        secret("password link (API)", api.json().get("setupUrl").asString(), SETUP_LINK);

        Http member = http();
        var setup = member.get("/account/setup?token=" + link);
        assertThat(setup.status()).isEqualTo(200);
        var set = member.postForm("/account/setup", Map.of("_csrf", Http.csrf(setup.body()), "token", link,
                "password", StaffSession.PASSWORD, "confirmation", StaffSession.PASSWORD));
        assertThat(set.header("Location")).endsWith("/login?passwordSet");
    }

    private void apiTokens() {
        StaffSession moderator = signIn("moderator", "Token Maker");
        var created = moderator.post("/staff/account", "/staff/account/tokens", "label", "at rest", "days", "30");
        secret("API token (page)", shown("API token (page)", moderator.http(), created), NEW_TOKEN);
        String email = unique("api") + "@example.org";
        accounts.add(email, "Api User", "moderator");
        String first = tokens.createForAccount(email, null, "first").token();
        var api = http().postJson("/api/v1/tokens", Map.of("label", "second"), Http.bearer(first));
        assertThat(api.status()).isEqualTo(201);
        secrets.put("API token (API)", List.of(api.json().get("token").asString()));
    }

    private void twoFactor() throws Exception {
        StaffSession member = signIn("moderator", "Two Factor");
        var enrolment = member.get("/staff/account/two-factor");
        String key = secret("two-factor key", enrolment.body(), TOTP_KEY).replace(" ", "");
        secrets.put("two-factor key", List.of(key));
        var confirmed = member.post("/staff/account/two-factor", "/staff/account/two-factor", "code", totp(key));
        recoveryCodes("recovery codes (set-up)", shown("recovery codes (set-up)", member.http(), confirmed));
        var renewed = member.post("/staff/account", "/staff/account/recovery-codes");
        recoveryCodes("recovery codes (new)", shown("recovery codes (new)", member.http(), renewed));
    }

    // ---- what was issued ----

    /** The page that shows a secret: the answer itself, or (as a browser would) the page a redirect leads to. */
    private String shown(String what, Http browser, Http.Response response) {
        shownIn.put(what, response);
        return response.status() == 302 ? browser.get(path(response)).body() : response.body();
    }

    private static String path(Http.Response redirect) {
        return redirect.header("Location").replaceFirst("^https?://[^/]+", "");
    }

    private String secret(String what, String page, Pattern pattern) {
        Matcher matcher = pattern.matcher(page);
        assertThat(matcher.find()).as(what + " is shown").isTrue();
        secrets.put(what, List.of(matcher.group(1)));
        return matcher.group(1);
    }

    /** A receipt is looked for as shown and in the form it is fingerprinted in. */
    private String receipt(String what, String page) {
        String receipt = secret(what, page, RECEIPT);
        secrets.put(what, List.of(receipt, Receipts.canonical(receipt)));
        return receipt;
    }

    private void recoveryCodes(String what, String page) {
        List<String> needles = new ArrayList<>();
        Matcher matcher = RECOVERY.matcher(page);
        while (matcher.find()) {
            needles.add(matcher.group(1));
            needles.add(matcher.group(1).replace("-", ""));
        }
        assertThat(needles).as(what + " are shown").hasSize(20);
        secrets.put(what, needles);
    }

    private static String totp(String base32) throws Exception {
        var generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
        return generator.generateOneTimePasswordString(new SecretKeySpec(new Base32().decode(base32), "HmacSHA1"), Instant.now(), Locale.ROOT);
    }

    // ---- where they must not be ----

    private List<String> inDataFolder() throws IOException {
        List<String> found = new ArrayList<>();
        Path keys = dataDir().resolve("keys");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir())) {
            files = walk.filter(Files::isRegularFile).filter(file -> !file.startsWith(keys)).toList();
        }
        assertThat(files.stream().map(file -> dataDir().relativize(file).toString()))
                .as("the attachments are in the data folder").anyMatch(name -> name.startsWith("attachments"));
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            secrets.forEach((what, needles) -> needles.stream().filter(needle -> contains(bytes, needle.getBytes(StandardCharsets.UTF_8)))
                    .findFirst().ifPresent(needle -> found.add(what + " in " + dataDir().relativize(file))));
        }
        return found;
    }

    private List<String> inTables() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metadata.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rows.next()) tables.add(rows.getString("TABLE_NAME"));
            }
            assertThat(tables).as("all tables are read").anyMatch(name -> name.equalsIgnoreCase("SPRING_SESSION_ATTRIBUTES"))
                    .anyMatch(name -> name.equalsIgnoreCase("report"));
            for (String table : tables) {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            Object value = rows.getObject(column);
                            if (value == null) continue;
                            byte[] bytes = value instanceof byte[] raw ? raw : value.toString().getBytes(StandardCharsets.UTF_8);
                            String where = table + "." + rows.getMetaData().getColumnName(column);
                            secrets.forEach((what, needles) -> needles.stream()
                                    .filter(needle -> contains(bytes, needle.getBytes(StandardCharsets.UTF_8)))
                                    .findFirst().ifPresent(needle -> found.add(what + " in " + where)));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    /** A form with one file, as a browser posts the report form. */
    private static HttpRequest multipart(Http browser, String path, Map<String, String> fields, String fileName, String content) {
        String boundary = "----ombuds" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"\r\n\r\n").append(value).append("\r\n"));
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"").append(fileName)
                .append("\"\r\nContent-Type: text/plain\r\n\r\n").append(content).append("\r\n--").append(boundary).append("--\r\n");
        return browser.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    }
}
