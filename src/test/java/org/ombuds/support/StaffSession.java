package org.ombuds.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.ombuds.accounts.Account;

/** A staff member signed in through the login form: their account, and their browser session posting forms as a browser does. */
public record StaffSession(Account account, Http http) {
    public static final String PASSWORD = "a long enough passphrase";

    /** Signs in as this account (its password is set first), through /login as a browser would. */
    static StaffSession signIn(org.ombuds.accounts.Accounts accounts, Account account, Http browser) {
        accounts.setPassword(account.id(), PASSWORD);
        var login = browser.get("/login");
        var signedIn = browser.postForm("/login", Map.of("_csrf", Http.csrf(login.body()), "email", account.email(), "password", PASSWORD));
        assertThat(signedIn.header("Location")).endsWith("/staff");
        return new StaffSession(account, browser);
    }

    public String email() {
        return account.email();
    }

    public Http.Response get(String path) {
        return http.get(path);
    }

    /** Posts a form (fields as name, value pairs; a name may repeat) with the CSRF token of the page it is on. */
    public Http.Response post(String pageWithForm, String path, String... fields) {
        List<String> withToken = new ArrayList<>(List.of(fields));
        withToken.add("_csrf");
        withToken.add(csrfOf(pageWithForm));
        return postWithout(path, withToken.toArray(String[]::new));
    }

    /** The same, with the fields as a map. */
    public Http.Response post(String pageWithForm, String path, Map<String, String> fields) {
        var withToken = new HashMap<>(fields);
        withToken.put("_csrf", csrfOf(pageWithForm));
        return http.postForm(path, withToken);
    }

    /** Posts exactly these fields, no CSRF token added. */
    public Http.Response postWithout(String path, String... fields) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            pairs.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(http.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(pairs.stream().collect(Collectors.joining("&")))).build());
    }

    private String csrfOf(String pageWithForm) {
        var page = http.get(pageWithForm);
        assertThat(page.status()).as(pageWithForm).isEqualTo(200);
        return Http.csrf(page.body());
    }
}
