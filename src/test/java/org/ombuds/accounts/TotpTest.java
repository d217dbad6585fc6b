package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The codes are RFC 6238's: its test vectors (appendix B), and the six-digit codes apps show are their last six digits. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class TotpTest {
    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void codesMatchTheTestVectorsOfRfc6238(long seconds, String sha1, String sha256, String sha512) {
        long step = Totp.stepAt(Instant.ofEpochSecond(seconds));
        assertThat(Totp.codeAt(SHA1_SEED, step, "HmacSHA1", 8)).isEqualTo(sha1);
        assertThat(Totp.codeAt(SHA256_SEED, step, "HmacSHA256", 8)).isEqualTo(sha256);
        assertThat(Totp.codeAt(SHA512_SEED, step, "HmacSHA512", 8)).isEqualTo(sha512);
        String base32 = new Base32().encodeToString(SHA1_SEED).replace("=", "");
        assertThat(Totp.codeAt(base32, step)).as("six digits, SHA-1, as apps show").isEqualTo(sha1.substring(2));
        assertThat(Totp.matches(base32, step, sha1.substring(2))).isTrue();
        assertThat(Totp.matches(base32, step + 1, sha1.substring(2))).isFalse();
    }

    @Test
    void aNewSecretHas160BitsAndTheUriNamesTheIssuerAndAccount() {
        String secret = Totp.newSecret();
        assertThat(new Base32().decode(secret)).hasSize(20);
        assertThat(secret).matches("[A-Z2-7]{32}").isNotEqualTo(Totp.newSecret());
        assertThat(Totp.uri("Ombuds", "ada@example.org", secret))
                .isEqualTo("otpauth://totp/Ombuds:ada%40example.org?secret=" + secret + "&issuer=Ombuds&algorithm=SHA1&digits=6&period=30");
    }
}
