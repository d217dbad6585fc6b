package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.support.Http;
import org.ombuds.support.OmbudsProcess;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;

/**
 * The build/run and command-line rows of CONTRACT.md against the packaged jar, as an operator runs it:
 * separate processes, configured only through the environment.
 */
@ExtendWith(RequiresDatabase.class)
class PackagedJarIT {
    private Path data;
    private final Map<String, String> environment = new HashMap<>();
    private OmbudsProcess server;

    record Result(int exit, String out, String err) {
        String lastLine() {
            List<String> lines = out.lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    @BeforeEach
    void freshDataFolder() throws IOException {
        data = Files.createTempDirectory("ombuds-jar").resolve("data");
        environment.putAll(TestDatabases.environment(TestDatabases.properties(TestDatabases.selected(), data)));
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) server.close();
    }

    private Result ombuds(String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(OmbudsProcess.command(args));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("ombuds-out", ".txt");
        Path err = Files.createTempFile("ombuds-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    @Tag("no-sql") // opens no database: the PostgreSQL pass leaves it out
    void helpListsTheCommandsWithoutTouchingTheData() throws Exception {
        Result help = ombuds("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("serve", "user", "token", "space", "coc", "audit");
        assertThat(data).doesNotExist();
    }

    @Test
    @Tag("no-sql") // refused before any database is opened: the PostgreSQL pass leaves it out
    void usageErrorsExit2WithOneLineAndNoStackTrace() throws Exception {
        Result missing = ombuds("user", "add", "--email", "a@example.org", "--name", "A");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("--role");
        Result badRole = ombuds("user", "add", "--email", "a@example.org", "--name", "A", "--role", "root");
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err().strip()).doesNotContain("\n").contains("admin, moderator, appeal-reviewer");
        assertThat(badRole.out()).isEmpty();
    }

    @Test
    void anOperatorStartsTheServerCreatesAnAdminAndUsesTheApi() throws Exception {
        server = new OmbudsProcess(environment).start();
        Http http = server.http();
        assertThat(server.log()).contains("no admin account yet").contains("user add");
        if (TestDatabases.selected().equals(TestDatabases.SQLITE)) {
            assertThat(data.resolve("ombuds.db")).exists();
        }
        assertThat(data.resolve("keys/master-aead.json")).exists();

        // While the server runs, the command line works on the same data.
        Result admin = ombuds("user", "add", "--email", "admin@example.org", "--name", "Ada Admin", "--role", "admin");
        assertThat(admin.exit()).as(admin.err()).isZero();
        assertThat(admin.out().strip()).matches("[0-9a-f-]{36}");
        Result token = ombuds("token", "create", "--email", "admin@example.org");
        assertThat(token.exit()).isZero();
        String secret = token.lastLine();

        var me = http.get("/api/v1/me", Http.bearer(secret));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asString()).isEqualTo(admin.out().strip());
        assertThat(http.get("/api/v1/me").status()).isEqualTo(401);

        Result space = ombuds("space", "add", "--slug", "irc-main", "--kind", "chat");
        assertThat(space.exit()).isZero();
        var spaces = http.get("/api/v1/spaces", Http.bearer(secret)).json();
        assertThat(spaces.get(0).get("id").asString()).isEqualTo(space.out().strip());
        Result spaceToken = ombuds("token", "create", "--space", "irc-main");
        assertThat(spaceToken.lastLine()).startsWith("omb_");

        assertThat(http.get("/coc").body()).contains("Unacceptable Behavior");
        assertThat(http.get("/api/v1/coc").json().get("categories").size()).isEqualTo(8);

        assertThat(ombuds("token", "revoke", "--token", secret).exit()).isZero();
        assertThat(http.get("/api/v1/me", Http.bearer(secret)).status()).isEqualTo(401);

        // Creating the account and the tokens, and revoking one, were audited; tampering is in AuditChainTest.
        Result audit = ombuds("audit", "verify");
        assertThat(audit.exit()).as(audit.err()).isZero();
        assertThat(audit.out().strip()).matches("audit chain intact: ([4-9]|[1-9][0-9]+) entries");
    }

    @Test
    void anOperatorBacksUpTheRunningServerAndRestoresItIntoAnEmptyFolder() throws Exception {
        server = new OmbudsProcess(environment).start();
        var filed = server.http().postJson("/api/v1/reports", Map.of("category", "harassment",
                "description", "Filed before the backup.", "anonymous", true));
        assertThat(filed.status()).isEqualTo(201);
        String receipt = filed.json().get("receipt").asString();

        environment.put("OMBUDS_BACKUP_PASSPHRASE", "kept in the operator's password manager");
        Path file = data.resolveSibling("ombuds.backup");
        Result backup = ombuds("backup", file.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(backup.out().strip()).startsWith("backup written to " + file).doesNotContain("\n");
        server.close();

        environment.put("OMBUDS_DATA_DIR", data.resolveSibling("restored").toString());
        Result restore = ombuds("restore", file.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out().strip()).startsWith("restored the backup of ");
        assertThat(ombuds("restore", file.toString()).err().strip()).as("a second restore into the now used folder")
                .doesNotContain("\n").contains("is not empty");
        Result verify = ombuds("audit", "verify");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();

        server = new OmbudsProcess(environment).start();
        var followed = server.http().get("/api/v1/receipts/" + receipt);
        assertThat(followed.status()).isEqualTo(200);
        assertThat(followed.json().get("status").asString()).isNotBlank();
    }
}
