package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * What a report names is the reporter's claim: it never links a handle to a person, bans anyone, addresses a letter or
 * keeps a member from an existing case. Only a committee member who may see the case confirms a link, with a reason
 * on record, and it can be undone; who someone is may be changed only by a member kept from none of their cases, and a
 * committee member's own identity only by an admin. Over real HTTP, on the suite's database.
 */
class ClaimsAndConfirmationsTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    People people;

    private String space(String admin) {
        String slug = unique("claims");
        http().postJson("/api/v1/spaces", Map.of("slug", slug, "kind", "chat"), Http.bearer(admin));
        return slug;
    }

    private boolean banned(String admin, String space, String handle) {
        return http().get("/api/v1/enforcement/check?space=" + space + "&identity=" + handle, Http.bearer(admin)).json().get("banned").asBoolean();
    }

    private void interimBan(String token, String caseId, String space) {
        var ban = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "permanent-ban", "clauses", List.of("harassment"),
                "reasoning", "Threats; banned at once while the committee decides.", "interim", true, "spaces", List.of(space)), Http.bearer(token));
        assertThat(ban.status()).as(ban.body()).isEqualTo(201);
    }

    private String caseNaming(List<String> handles) {
        return CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, "What happened.", handles, null).reportId());
    }

    @Test
    void aReportNamingABannedPersonBesideOtherHandlesLinksNothingBansNobodyElseAndHidesNoCase() {
        String admin = tokenFor("admin");
        String space = space(admin);
        String banned = "github:" + unique("banned");
        String existing = caseNaming(List.of(banned));
        confirmSubject(admin, existing, banned);
        interimBan(admin, existing, space);
        String modEmail = unique("mod2") + "@example.org";
        accounts.add(modEmail, "Mod Two", "moderator");
        String mod = tokens.createForAccount(modEmail, null, "t").token();
        String person = people.ownerOf(IdentityHandle.parse(banned)).orElseThrow();
        assertThat(http().get("/api/v1/cases/" + existing, Http.bearer(mod)).status()).isEqualTo(200);

        String innocent = "github:" + unique("innocent");
        var attack = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", "x", "anonymous", true,
                "reported", Map.of("handles", List.of(banned, innocent, "email:" + modEmail))));
        assertThat(attack.status()).isEqualTo(201);

        assertThat(people.handlesOf(person)).extracting(Object::toString).containsExactly(banned);
        assertThat(people.ownerOf(IdentityHandle.parse(innocent))).isEmpty();
        assertThat(people.ownerOf(IdentityHandle.parse("email:" + modEmail))).isEmpty();
        assertThat(banned(admin, space, banned)).isTrue();
        assertThat(banned(admin, space, innocent)).isFalse();
        assertThat(http().get("/api/v1/cases/" + existing, Http.bearer(mod)).status()).isEqualTo(200);
        // The report names a member, so it opened a case of its own (kept from them), instead of joining theirs.
        assertThat(read(admin, existing).get("reports")).hasSize(1);
        String opened = jdbc.sql("SELECT case_id FROM case_report ORDER BY added_at DESC LIMIT 1").query(String.class).single();
        assertThat(opened).isNotEqualTo(existing);
        assertThat(http().get("/api/v1/cases/" + opened, Http.bearer(mod)).status()).isEqualTo(404);
        JsonNode claims = read(admin, opened).get("reports").get(0).get("claims");
        assertThat(claims).anySatisfy(claim -> {
            assertThat(claim.get("handle").asString()).isEqualTo("email:" + modEmail);
            assertThat(claim.get("committeeMembers").get(0).asString()).isEqualTo("Mod Two");
        });
        assertThat(claims).anySatisfy(claim -> {
            assertThat(claim.get("handle").asString()).isEqualTo(banned);
            assertThat(claim.get("known").asBoolean()).isTrue();
            assertThat(claim.get("personHandles").get(0).asString()).isEqualTo(banned);
        });
        assertThat(read(admin, opened).get("recusals").get(0).get("kind").asString()).isEqualTo("named");
    }

    @Test
    void aReportNamingOnlyKnownHandlesJoinsTheOpenCaseAboutThatPerson() {
        String admin = tokenFor("admin");
        String handle = "github:" + unique("joined");
        String first = caseNaming(List.of(handle));
        confirmSubject(admin, first, handle);
        assertThat(caseNaming(List.of(handle, "matrix:@" + unique("alt") + ":example.org"))).isEqualTo(first);
        assertThat(people.handlesOf(people.ownerOf(IdentityHandle.parse(handle)).orElseThrow())).hasSize(1);
    }

    @Test
    void aSanctionLetterGoesOnlyToAnAddressAMemberConfirmed() {
        String admin = tokenFor("admin");
        String subject = "github:" + unique("samx");
        String attacker = unique("evil") + "@evil.example";
        String caseId = caseNaming(List.of(subject, "email:" + attacker));
        confirmSubject(admin, caseId, subject);
        interimBan(admin, caseId, space(admin));

        JsonNode letter = awaitLetter(admin, caseId);
        assertThat(letter.get("address").asString()).isEmpty();
        assertThat(read(admin, caseId).get("timeline")).anySatisfy(event -> {
            assertThat(event.get("kind").asString()).isEqualTo("letter-not-sent");
            assertThat(event.get("detail").asString()).isEqualTo("no-address");
        });
        assertThat(people.ownerOf(IdentityHandle.parse("email:" + attacker))).isEmpty();
    }

    private JsonNode awaitLetter(String admin, String caseId) {
        // The letter is written by a listener after the decision commits.
        return org.awaitility.Awaitility.await("a letter recorded on the case").atMost(Duration.ofSeconds(30))
                .until(() -> read(admin, caseId).get("letters"), letters -> !letters.isEmpty()).get(0);
    }

    @Test
    void aConfirmedLinkCarriesItsReasonAndUnlinkingItUndoesTheBanOnThatHandle() {
        String admin = tokenFor("admin");
        String moderator = tokenFor("moderator");
        String space = space(admin);
        String github = "github:" + unique("linked");
        String email = "email:" + unique("linked") + "@example.org";
        String caseId = caseNaming(List.of(github, email));
        var confirmed = http().postJson("/api/v1/cases/" + caseId + "/parties", Map.of("role", "subject", "handles", List.of(github, email),
                "reason", "CONFIRM-REASON: the reporter linked both accounts in a screenshot"), Http.bearer(moderator));
        assertThat(confirmed.status()).isEqualTo(201);
        interimBan(moderator, caseId, space);
        assertThat(banned(admin, space, email)).isTrue();

        JsonNode person = http().get("/api/v1/people?handle=" + github, Http.bearer(moderator)).json();
        assertThat(person.get("handles")).hasSize(2);
        assertThat(person.get("cases").get(0).asString()).isEqualTo(caseId);
        assertThat(person.get("history")).allSatisfy(change -> {
            assertThat(change.get("change").asString()).isEqualTo("linked");
            assertThat(change.get("reason").asString()).startsWith("CONFIRM-REASON");
            assertThat(change.get("caseId").asString()).isEqualTo(caseId);
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM identity_change WHERE sealed_reason LIKE '%CONFIRM-REASON%'").query(Integer.class).single()).isZero();
        assertThat(read(admin, caseId).get("parties").get(0).get("reason").asString()).startsWith("CONFIRM-REASON");

        var noReason = http().postJson("/api/v1/people/" + person.get("id").asString() + "/unlink", Map.of("handle", email), Http.bearer(moderator));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        var unlinked = http().postJson("/api/v1/people/" + person.get("id").asString() + "/unlink",
                Map.of("handle", email, "reason", "that address belongs to someone else"), Http.bearer(moderator));
        assertThat(unlinked.status()).as(unlinked.body()).isEqualTo(200);
        assertThat(unlinked.json().get("handles")).hasSize(1);
        assertThat(banned(admin, space, email)).isFalse();
        assertThat(banned(admin, space, github)).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'unlink' AND record_type = 'person' AND record_id = ?")
                .param(person.get("id").asString()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aMemberKeptFromACaseAboutSomeoneCannotChangeWhoTheyAreNorReadThemElsewhere() {
        String admin = tokenFor("admin");
        String email = unique("kept") + "@example.org";
        accounts.add(email, "Kept Out", "moderator");
        String kept = tokens.createForAccount(email, null, "t").token();
        String handle = "github:" + unique("subject");
        String first = caseNaming(List.of(handle));
        confirmSubject(admin, first, handle);
        http().postJson("/api/v1/cases/" + first + "/recusals", Map.of("email", email, "reason", "a friend of the reported person"), Http.bearer(admin));
        http().postJson("/api/v1/cases/" + first + "/status", Map.of("status", "closed"), Http.bearer(admin));
        String person = people.ownerOf(IdentityHandle.parse(handle)).orElseThrow();

        assertThat(http().get("/api/v1/people/" + person, Http.bearer(kept)).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/people?handle=" + handle, Http.bearer(kept)).status()).isEqualTo(404);
        String friend = "github:" + unique("friend");
        String second = caseNaming(List.of(handle, friend));
        assertThat(http().get("/api/v1/cases/" + second, Http.bearer(kept)).status()).isEqualTo(200);
        var widen = http().postJson("/api/v1/cases/" + second + "/parties", Map.of("role", "subject", "handles", List.of(handle, friend),
                "reason", "the same person"), Http.bearer(kept));
        assertThat(widen.status()).isEqualTo(403);
        assertThat(widen.json().get("detail").asString()).contains("kept from a case about this person");
        assertThat(people.ownerOf(IdentityHandle.parse(friend))).isEmpty();
        // Confirming the person as they are known changes nobody's identity: that much a member of this case may do.
        assertThat(http().postJson("/api/v1/cases/" + second + "/parties", Map.of("role", "subject", "handles", List.of(handle),
                "reason", "named by the report"), Http.bearer(kept)).status()).isEqualTo(201);
        assertThat(http().postJson("/api/v1/people/" + person + "/handles", Map.of("handle", friend, "reason", "the same person"),
                Http.bearer(kept)).status()).isEqualTo(403);
        assertThat(http().postJson("/api/v1/people/" + person + "/handles", Map.of("handle", friend, "reason", "the same person"),
                Http.bearer(admin)).status()).isEqualTo(200);
    }

    @Test
    void confirmingThatAHandleIsACommitteeMembersTakesAnAdminAndKeepsThemOut() {
        String admin = tokenFor("admin");
        String moderator = tokenFor("moderator");
        String email = unique("member") + "@example.org";
        String memberId = accounts.add(email, "Named Member", "moderator").id();
        String member = tokens.createForAccount(email, null, "t").token();
        String login = "github:" + unique("member");
        String caseId = caseNaming(List.of(login));
        assertThat(http().postJson("/api/v1/accounts/" + memberId + "/handles", Map.of("handle", login), Http.bearer(admin)).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/cases/" + caseId, Http.bearer(member)).status()).isEqualTo(200);

        var byModerator = http().postJson("/api/v1/cases/" + caseId + "/parties", Map.of("role", "subject", "handles", List.of(login),
                "reason", "the report names them"), Http.bearer(moderator));
        assertThat(byModerator.status()).isEqualTo(403);
        assertThat(byModerator.json().get("detail").asString()).contains("Named Member").contains("takes an admin");
        assertThat(http().get("/api/v1/cases/" + caseId, Http.bearer(member)).status()).isEqualTo(200);
        confirmSubject(admin, caseId, login);
        assertThat(http().get("/api/v1/cases/" + caseId, Http.bearer(member)).status()).isEqualTo(404);

        String partyId = read(admin, caseId).get("parties").get(0).get("id").asString();
        assertThat(http().send(http().request("/api/v1/cases/" + caseId + "/parties/" + partyId + "?reason=wrong+person", Http.bearer(moderator))
                .DELETE().build()).status()).isEqualTo(403);
        assertThat(http().send(http().request("/api/v1/cases/" + caseId + "/parties/" + partyId + "?reason=wrong+person", Http.bearer(admin))
                .DELETE().build()).status()).isEqualTo(204);
        assertThat(http().get("/api/v1/cases/" + caseId, Http.bearer(member)).status()).isEqualTo(200);
        assertThat(read(admin, caseId).get("timeline")).anySatisfy(event -> {
            assertThat(event.get("kind").asString()).isEqualTo("party-removed");
            assertThat(event.get("reason").asString()).isEqualTo("wrong person");
        });
    }

    @Test
    void anAppealReviewerReadsAPersonOnlyThroughACaseTheyAreOnChangesNobodyAndEveryReadIsAudited() {
        String admin = tokenFor("admin");
        String email = unique("reviewer") + "@example.org";
        String reviewerId = accounts.add(email, "Re Viewer", "appeal-reviewer").id();
        String reviewer = tokens.createForAccount(email, null, "t").token();
        String handle = "github:" + unique("reviewed");
        String caseId = caseNaming(List.of(handle));
        confirmSubject(admin, caseId, handle);
        String person = people.ownerOf(IdentityHandle.parse(handle)).orElseThrow();
        assertThat(http().get("/api/v1/people/" + person, Http.bearer(reviewer)).status()).isEqualTo(404);

        assertThat(http().postJson("/api/v1/cases/" + caseId + "/assignees", Map.of("email", email), Http.bearer(admin)).status()).isEqualTo(201);
        var read = http().get("/api/v1/people/" + person, Http.bearer(reviewer));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("handles").get(0).asString()).isEqualTo(handle);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE actor = ? AND action = 'read' AND record_type = 'person' AND record_id = ?")
                .params(reviewerId, person).query(Integer.class).single()).isEqualTo(1);
        assertThat(http().postJson("/api/v1/people/" + person + "/handles", Map.of("handle", "github:" + unique("x"), "reason", "same"),
                Http.bearer(reviewer)).status()).isEqualTo(403);
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/parties", Map.of("role", "witness", "handles", List.of("github:" + unique("w")),
                "reason", "saw it"), Http.bearer(reviewer)).status()).isEqualTo(403);
    }

    private JsonNode read(String token, String caseId) {
        var response = http().get("/api/v1/cases/" + caseId, Http.bearer(token));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
