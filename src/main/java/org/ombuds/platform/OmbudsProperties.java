package org.ombuds.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The operator's settings, bound from {@code ombuds.*} (see application.yml for the environment variables
 * that feed them: OMBUDS_DATA_DIR, OMBUDS_DB_URL, OMBUDS_BASE_URL, ...).
 */
@ConfigurationProperties("ombuds")
public record OmbudsProperties(
        Path dataDir,
        String baseUrl,
        Db db,
        Community community,
        Committee committee,
        Http http,
        Map<String, Limit> limits,
        Mail mail) {

    public OmbudsProperties {
        if (dataDir == null) dataDir = Path.of("data");
        if (baseUrl == null || baseUrl.isBlank()) baseUrl = "http://localhost:8080";
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (db == null) db = new Db(null, null, null, 8);
        if (community == null) community = new Community(null, null);
        if (committee == null) committee = new Committee(null);
        if (http == null) http = new Http(null);
        Map<String, Limit> merged = new HashMap<>(DEFAULT_LIMITS);
        if (limits != null) merged.putAll(limits);
        limits = Map.copyOf(merged);
        if (mail == null) mail = new Mail(null);
    }

    /**
     * Whether people reach Ombuds over https, as the base URL says (a proxy may end TLS in front of it, so the request
     * itself cannot tell): its cookies are then Secure and its responses ask browsers to keep to https (HSTS).
     */
    public boolean servedOverHttps() {
        return baseUrl.regionMatches(true, 0, "https://", 0, "https://".length());
    }

    /** The sender address of every email Ombuds sends. */
    public record Mail(String from) {
        public Mail {
            if (from == null || from.isBlank()) from = "ombuds@localhost";
            from = writable("OMBUDS_MAIL_FROM", from);
        }
    }

    /**
     * An address from the settings outside ASCII, as {@link EmailAddresses} keeps it (or a refusal at start, naming the
     * setting); an ASCII one as it is, so that {@code ombuds@localhost} stays possible.
     */
    private static String writable(String setting, String address) {
        if (address == null || address.chars().allMatch(c -> c < 0x80)) return address;
        return EmailAddresses.require(setting, null, address);
    }

    /** Reports per client, and wrong receipt codes and appeal links per client, before 429. */
    public static final Map<String, Limit> DEFAULT_LIMITS = Map.of(
            "reports", new Limit(20, Duration.ofHours(1)),
            "receipt-misses", new Limit(10, Duration.ofMinutes(15)),
            "receipt-messages", new Limit(30, Duration.ofHours(1)),
            "appeal-misses", new Limit(10, Duration.ofMinutes(15)));

    public record Limit(int events, Duration window) {
    }

    /** Unset url means the embedded SQLite database in the data folder. */
    public record Db(String url, String user, String password, Integer poolSize) {
        public boolean embedded() {
            return url == null || url.isBlank();
        }

        public int pool() {
            return poolSize == null ? 8 : poolSize;
        }
    }

    /** The instance's first community, created on first start. */
    public record Community(String name, String slug) {
        public Community {
            if (name == null || name.isBlank()) name = "Our project";
            if (slug == null || slug.isBlank()) slug = "main";
        }
    }

    /** The conduct committee's email address, shown in the published Code when set. */
    public record Committee(String email) {
        public Committee {
            email = writable("OMBUDS_COMMITTEE_EMAIL", email);
        }

        public boolean hasEmail() {
            return email != null && !email.isBlank();
        }
    }

    /** The largest API request body accepted (413 above it). */
    public record Http(DataSize maxBody) {
        public Http {
            if (maxBody == null) maxBody = DataSize.ofKilobytes(256);
        }
    }
}
