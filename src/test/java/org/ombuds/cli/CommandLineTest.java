package org.ombuds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ombuds.accounts.ApiTokens;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.platform.Ids;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The command-line rows of CONTRACT.md, run in process against the test application's database. */
class CommandLineTest extends WebTest {
    @Autowired
    ApplicationContext application;
    @Autowired
    Spaces spaces;
    @Autowired
    CodeOfConduct code;
    @Autowired
    Intake intake;

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        String lastLine() {
            return lines().get(lines().size() - 1);
        }
    }

    private Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = OmbudsCommandLine.execute(application, args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("serve", "user", "token", "space", "coc", "community", "keys", "backup", "restore");
    }

    @Test
    void keysRotateMakesANewMasterKeyPrimary() {
        Run rotated = run("keys", "rotate");
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out()).matches("master key \\d+ is now primary\\s*");
        assertThat(rotated.err()).contains("restarted");
    }

    @Test
    void userAddPrintsTheAccountIdAndASetupLinkOnStderr() {
        String email = unique("mod") + "@example.org";
        Run added = run("user", "add", "--email", email, "--name", "Mo Derator", "--role", "moderator");
        assertThat(added.exit()).isZero();
        assertThat(Ids.isWellFormed(added.out().strip())).as(added.out()).isTrue();
        assertThat(added.err()).contains("https://ombuds.example.org/account/setup?token=");
        assertThat(accounts.byEmail(email).orElseThrow().id()).isEqualTo(added.out().strip());
    }

    @Test
    void usageErrorsExit2WithOneLineOnStderr() {
        for (String[] args : List.of(
                new String[] {"user", "add", "--email", "x@example.org", "--name", "X"},
                new String[] {"user", "add", "--email", "x@example.org", "--name", "X", "--role", "emperor"},
                new String[] {"user", "add", "--email", "not-an-email", "--name", "X", "--role", "admin"},
                new String[] {"token", "create"},
                new String[] {"token", "create", "--email", "a@example.org", "--space", "s"},
                new String[] {"token", "create", "--email", "nobody-here@example.org"},
                new String[] {"token", "create", "--email", "a@example.org", "--expires", "soonish"},
                new String[] {"space", "add", "--slug", "UPPER", "--kind", "chat"},
                new String[] {"space", "add", "--slug", "ok-slug", "--kind", "carrier-pigeon"},
                new String[] {"coc", "publish", "/no/such/file.md"},
                new String[] {"no-such-command"})) {
            Run run = run(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().strip().lines().count()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void aDuplicateAccountIsRefusedWithoutChangingTheFirst() {
        String email = unique("dup") + "@example.org";
        assertThat(run("user", "add", "--email", email, "--name", "First", "--role", "admin").exit()).isZero();
        Run again = run("user", "add", "--email", email, "--name", "Second", "--role", "moderator");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
        assertThat(accounts.byEmail(email).orElseThrow().name()).isEqualTo("First");
    }

    @Test
    void tokenCreatePrintsTheTokenAsTheLastLineAndRevokeStopsIt() {
        String email = unique("tok") + "@example.org";
        run("user", "add", "--email", email, "--name", "Tok", "--role", "moderator");
        Run created = run("token", "create", "--email", email, "--expires", "30d", "--label", "laptop");
        assertThat(created.exit()).isZero();
        String token = created.lastLine();
        assertThat(token).startsWith("omb_").hasSizeGreaterThan(40);
        assertThat(tokens.authenticate(token)).get().isInstanceOf(ApiTokens.StaffBearer.class);

        assertThat(run("token", "revoke", "--token", token).exit()).isZero();
        assertThat(tokens.authenticate(token)).isEmpty();
        Run twice = run("token", "revoke", "--token", token);
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("no active token");
    }

    @Test
    void spaceAddPrintsTheIdAndASpaceTokenOnlyChecksBans() {
        String slug = unique("irc");
        Run added = run("space", "add", "--slug", slug, "--kind", "chat");
        assertThat(added.exit()).isZero();
        assertThat(spaces.require(slug).id()).isEqualTo(added.out().strip());
        assertThat(spaces.require(slug).communityId()).isNotBlank();

        Run token = run("token", "create", "--space", slug);
        assertThat(token.exit()).isZero();
        var bearer = tokens.authenticate(token.lastLine()).orElseThrow();
        assertThat(bearer).isInstanceOf(ApiTokens.SpaceBearer.class);
        assertThat(((ApiTokens.SpaceBearer) bearer).space().spaceSlug()).isEqualTo(slug);
    }

    @Test
    void cocPublishAddsAnImmutableNextVersion(@TempDir Path dir) throws Exception {
        String community = unique("proj");
        assertThat(run("community", "add", "--slug", community, "--name", "A project", "--parent", "main").exit()).isZero();
        assertThat(code.current(community).sha256()).as("a child follows its parent's Code").isEqualTo(code.current("main").sha256());
        Path file = dir.resolve("code.md");
        Files.writeString(file, """
                # Our Code
                ## Unacceptable Behavior
                * **Harassment:** Don't.
                * **Spam:** No spam.
                ## Reporting and Enforcement
                Report at [INSERT CONTACT METHOD].
                * **Correction:** A private word.
                * **Permanent Ban:** Out.
                """);
        Run published = run("coc", "publish", file.toString(), "--community", community, "--note", "Shorter Code");
        assertThat(published.exit()).as(published.err()).isZero();
        assertThat(published.out()).startsWith("version 1 sha256 ");
        var current = code.current(community);
        assertThat(current.categories()).extracting(c -> c.id()).containsExactly("harassment", "spam");
        assertThat(current.note()).isEqualTo("Shorter Code");
        assertThat(published.out()).contains(current.sha256());
        assertThat(code.current("main").categories()).as("the parent keeps its own Code").hasSize(8);

        Files.writeString(file, "Just be nice.");
        Run refused = run("coc", "publish", file.toString(), "--community", community);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("Unacceptable Behavior");
        assertThat(code.versions(community)).hasSize(1);
    }

    @Test
    void personExportWritesThePersonsDataAcrossTheirHandlesWithoutTheReporter(@TempDir Path dir) throws Exception {
        String handle = "github:" + unique("exported");
        var filed = intake.submit(new NewReport("harassment", "Export-Marker-5521: insults in the tracker.", null, null, null, null,
                List.of(handle), null, false, false, "Reporter Hidden-Name-8840", unique("reporter") + "@example.net", null, false, "api"),
                List.of(), null);
        assertThat(filed.reportId()).isNotBlank();
        Path out = dir.resolve("person.json");
        // Named in a report only, the handle is nobody's yet: the operator is told to confirm the person first.
        Run unconfirmed = run("person", "export", "--handle", handle, "--out", out.toString());
        assertThat(unconfirmed.exit()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("1 report(s) name this handle, but no member confirmed whose it is");
        assertThat(out).doesNotExist();
        confirmSubject(tokenFor("admin"), org.ombuds.support.CaseFixtures.caseOf(application.getBean(
                org.springframework.jdbc.core.simple.JdbcClient.class), filed.reportId()), handle);

        Run exported = run("person", "export", "--handle", handle, "--out", out.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.lastLine()).isEqualTo(out.toString());
        String json = Files.readString(out);
        assertThat(json).contains(handle).contains("Export-Marker-5521").doesNotContain("Hidden-Name-8840");

        Run unknown = run("person", "export", "--handle", "github:" + unique("nobody"), "--out", dir.resolve("none.json").toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines()).hasSize(1);
        assertThat(dir.resolve("none.json")).doesNotExist();
    }
}
