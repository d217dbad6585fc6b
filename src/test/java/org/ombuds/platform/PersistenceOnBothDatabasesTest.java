package org.ombuds.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.ApiTokens;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.community.Communities;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Spaces;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The storage rules, on SQLite and on PostgreSQL in the same run: migrations, the first community and its
 * Code, immutable Code versions, handles matched by fingerprint and never stored in the clear, hashed secrets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersistenceOnBothDatabasesTest {
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    private ConfigurableApplicationContext start(String database) throws Exception {
        if (database.equals(TestDatabases.POSTGRESQL) && !TestDatabases.inCi()) {
            assumeTrue(TestDatabases.postgresReachable(), "PostgreSQL is not reachable (outside CI)");
        }
        Path data = Files.createTempDirectory("ombuds-persistence");
        var context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .run(TestDatabases.arguments(TestDatabases.properties(database, data)));
        started.add(context);
        return context;
    }

    @AfterAll
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
    void storageRulesHoldOn(String database) throws Exception {
        var context = start(database);
        var jdbc = context.getBean(JdbcClient.class);
        var code = context.getBean(CodeOfConduct.class);
        var communities = context.getBean(Communities.class);

        // The first community exists with the shipped Code as version 1.
        assertThat(communities.first().slug()).isEqualTo("main");
        assertThat(code.current(null).version()).isEqualTo(1);
        assertThat(code.current(null).categories()).hasSize(8);

        // A version that takes effect later is listed but not yet in force.
        String text = code.current(null).markdown().replace("Trolling, spamming", "Trolling, spamming, brigading");
        var scheduled = code.publish(null, text, Instant.now().plus(7, ChronoUnit.DAYS), "test", "adds brigading");
        assertThat(scheduled.version()).isEqualTo(2);
        assertThat(code.current(null).version()).isEqualTo(1);
        assertThat(code.versions(null)).extracting(v -> v.version()).containsExactly(2, 1);
        assertThat(scheduled.sha256()).isNotEqualTo(code.version(null, 1).sha256());

        // Published versions cannot be changed or removed, even with direct SQL.
        assertThatThrownBy(() -> jdbc.sql("UPDATE coc_version SET markdown = 'changed' WHERE version = 1").update())
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM coc_version WHERE version = 1").update())
                .hasMessageContaining("immutable");
    }

    @ParameterizedTest
    @ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
    void handlesAreMatchedByFingerprintAndNeverStoredInTheClear(String database) throws Exception {
        var context = start(database);
        var people = context.getBean(People.class);
        var jdbc = context.getBean(JdbcClient.class);

        var person = people.link(List.of(IdentityHandle.parse("github:marker-octocat"),
                IdentityHandle.parse("email:marker.person@example.org")), org.ombuds.support.CaseFixtures.BY_TEST);
        assertThat(people.byHandle(IdentityHandle.parse("email:Marker.Person@Example.org"))).get()
                .extracting(p -> p.id()).isEqualTo(person.id());
        assertThat(person.handles()).extracting(Object::toString)
                .containsExactlyInAnyOrder("github:marker-octocat", "email:marker.person@example.org");

        // A third handle seen elsewhere, then recognised as the same human and merged.
        var other = people.link(List.of(IdentityHandle.parse("matrix:@marker:example.org")), org.ombuds.support.CaseFixtures.BY_TEST);
        var merged = people.merge(person.id(), other.id(), org.ombuds.support.CaseFixtures.BY_TEST);
        assertThat(merged.handles()).hasSize(3);
        assertThat(people.byHandle(IdentityHandle.parse("matrix:@marker:example.org")).orElseThrow().id()).isEqualTo(person.id());

        List<String> stored = jdbc.sql("SELECT kind || '|' || fingerprint || '|' || sealed_value FROM identity_handle").query(String.class).list();
        assertThat(stored).isNotEmpty().allSatisfy(row -> assertThat(row).doesNotContain("marker"));
    }

    @ParameterizedTest
    @ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
    void passwordsAndTokensAreStoredOnlyAsHashes(String database) throws Exception {
        var context = start(database);
        var accounts = context.getBean(Accounts.class);
        var tokens = context.getBean(ApiTokens.class);
        var jdbc = context.getBean(JdbcClient.class);

        var account = accounts.add("Hash.Test@Example.org", "Hash Test", "admin");
        assertThat(account.email()).isEqualTo("hash.test@example.org");
        accounts.setPassword(account.id(), "correct horse battery staple");
        String hash = jdbc.sql("SELECT password_hash FROM account WHERE id = ?").param(account.id()).query(String.class).single();
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("horse");

        var issued = tokens.createForAccount(account.email(), Instant.now().plus(1, ChronoUnit.HOURS), "ci");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_token WHERE token_hash = ?").param(issued.token()).query(Integer.class).single()).isZero();
        assertThat(tokens.authenticate(issued.token())).isPresent();
        jdbc.sql("UPDATE api_token SET expires_at = ? WHERE id = ?").params(Instant.now().minusSeconds(1).toEpochMilli(), issued.id()).update();
        assertThat(tokens.authenticate(issued.token())).as("expired").isEmpty();

        var lasting = tokens.createForAccount(account.email(), null, null);
        accounts.disable(account.id());
        assertThat(tokens.authenticate(lasting.token())).as("a disabled account's tokens stop working").isEmpty();
        assertThatThrownBy(() -> tokens.createForAccount("hash.test@example.org", null, null)).hasMessageContaining("disabled");
    }

    @ParameterizedTest
    @ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
    void concurrentWritersDoNotFailOrLoseWrites(String database) throws Exception {
        var context = start(database);
        var spaces = context.getBean(Spaces.class);
        var pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            writes.add(pool.submit((Callable<Object>) () -> spaces.add("space-" + n, "chat", null, null)));
        }
        for (Future<?> write : writes) write.get();
        pool.shutdown();
        assertThat(spaces.all()).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {TestDatabases.SQLITE})
    void sqliteRunsInWalModeWithForeignKeys(String database) throws Exception {
        var jdbc = start(database).getBean(JdbcClient.class);
        assertThat(jdbc.sql("PRAGMA journal_mode").query(String.class).single()).isEqualToIgnoringCase("wal");
        assertThat(jdbc.sql("PRAGMA foreign_keys").query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("PRAGMA busy_timeout").query(Integer.class).single()).isGreaterThanOrEqualTo(5000);
        assertThat(jdbc.sql("PRAGMA synchronous").query(Integer.class).single()).as("FULL: a commit is on disk").isEqualTo(2);
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO space (id, community_id, slug, kind, name, created_at) VALUES ('x', 'nope', 'x', 'chat', 'x', 0)").update())
                .hasMessageContaining("FOREIGN KEY");
    }
}
