package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.accounts.SecretTokens;
import org.ombuds.crypto.Fingerprints;
import org.ombuds.intake.Receipts;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Why checking a receipt, a token or an appeal link reveals nothing through its timing, shown by structure rather than
 * measured (measurements belong in bench/): no secret is stored, so none is compared; each is found by an indexed
 * equality on a hash of the whole secret (receipts: a keyed HMAC, so a guess cannot even be tested offline; tokens
 * and links: SHA-256 of 256 random bits), and a secret one character off has an unrelated hash, so how far a
 * comparison of hashes gets says nothing about the secret. Passwords go through Argon2id, whose check is constant-time.
 */
class SecretLookupTest extends WebTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fingerprints fingerprints;
    @Autowired
    PasswordEncoder passwords;

    private static String offByOne(String secret) {
        char last = secret.charAt(secret.length() - 1);
        return secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) i++;
        return i;
    }

    @Test
    void aReceiptIsFoundByTheKeyedHashOfTheWholeCodeAndIsStoredNowhere() {
        var created = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "Timing test.", "anonymous", true));
        String receipt = created.json().get("receipt").asString();
        String canonical = Receipts.canonical(receipt);
        String stored = jdbc.sql("SELECT receipt_fingerprint FROM report WHERE receipt_fingerprint = ?")
                .param(fingerprints.of("receipt:" + canonical)).query(String.class).single();
        assertThat(stored).hasSize(64).doesNotContain(canonical);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report WHERE sealed_content LIKE ? OR receipt_fingerprint LIKE ?")
                .params("%" + canonical + "%", "%" + canonical + "%").query(Integer.class).single()).isZero();
        String near = fingerprints.of("receipt:" + offByOne(canonical));
        assertThat(commonPrefix(near, stored)).as("a near miss shares no more of the hash than chance").isLessThan(8);
        // The keyed hash is not a plain hash: without the key a stolen fingerprint cannot be tested against guesses.
        assertThat(stored).isNotEqualTo(SecretTokens.hash("receipt:" + canonical));
        assertThat(http().get("/api/v1/receipts/" + offByOne(receipt)).status()).isEqualTo(404);
    }

    @Test
    void tokensAndAppealLinksAreFoundByTheHashOfTheWholeSecretAndStoredNowhere() {
        String token = tokenFor("moderator");
        String hash = SecretTokens.hash(token);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_token WHERE token_hash = ?").param(hash).query(Integer.class).single()).isEqualTo(1);
        for (String table : List.of("api_token", "sanction_appeal_link", "password_setup")) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE token_hash LIKE ?").param("%" + token.substring(4, 20) + "%")
                    .query(Integer.class).single()).as(table).isZero();
        }
        assertThat(commonPrefix(SecretTokens.hash(offByOne(token)), hash)).isLessThan(8);
        assertThat(http().get("/api/v1/me", Http.bearer(offByOne(token))).status()).isEqualTo(401);
        assertThat(http().get("/api/v1/me", Http.bearer(token)).status()).isEqualTo(200);
    }

    @Test
    void passwordsAreCheckedByArgon2idWhoseComparisonIsConstantTime() {
        assertThat(passwords).isInstanceOf(Argon2PasswordEncoder.class);
        String encoded = passwords.encode("a long enough passphrase");
        assertThat(encoded).startsWith("$argon2id$");
        assertThat(passwords.matches("a long enough passphrase", encoded)).isTrue();
        assertThat(passwords.matches("a long enough passphrasf", encoded)).isFalse();
    }
}
