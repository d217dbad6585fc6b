package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.spring.JqwikSpringSupport;

import org.ombuds.cases.Cases;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A public input never changes who someone is, who may see what, or who decides. Against a populated committee (a
 * banned person with an open case, another person with a closed one, moderators, one with a sign-in handle, one recused,
 * an appeal reviewer assigned), jqwik sends arbitrary reports over real HTTP: any mix of the handles the committee knows,
 * staff addresses and sign-in handles and new handles, as the person reported or as the reporter's own address. After
 * each, every confirmed handle still belongs to whom it belonged, every ban check answers as before, every member reaches
 * exactly the existing cases they reached, and no existing case's committee has changed.
 */
@JqwikSpringSupport
class ReportsNeverChangeWhoSomeoneIsPropertiesTest extends WebTest {
    private static World world;

    @Autowired
    People people;
    @Autowired
    Cases cases;
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    /** What the property looks at: the committee and the people the reports will try to bend. */
    private record World(String space, String spaceToken, String adminId, Map<String, String> staffTokens, List<String> staffEmails,
                         List<String> known, List<String> signInHandles, List<String> cases) {
    }

    /** Everything that must stay as it was. */
    private record Snapshot(Map<String, String> owners, Map<String, List<String>> handles, Map<String, String> bans,
                            Map<String, Integer> reach, Map<String, List<String>> committees) {
    }

    private synchronized World world() {
        if (world != null) return world;
        String admin = tokenFor("admin");
        String adminId = http().get("/api/v1/me", Http.bearer(admin)).json().get("id").asString();
        String space = unique("bend");
        http().postJson("/api/v1/spaces", Map.of("slug", space, "kind", "chat"), Http.bearer(admin));
        String spaceToken = http().postJson("/api/v1/spaces/" + space + "/tokens", Map.of(), Http.bearer(admin)).json().get("token").asString();

        Map<String, String> staff = new LinkedHashMap<>();
        for (String role : List.of("moderator", "moderator", "moderator", "appeal-reviewer")) {
            String email = unique(role) + "@example.org";
            accounts.add(email, "Bend " + role, role);
            staff.put(email, tokens.createForAccount(email, null, "property").token());
        }
        List<String> emails = List.copyOf(staff.keySet());
        String signIn = "github:" + unique("mod");
        String linkedId = accounts.requireByEmail(emails.get(1)).id();
        assertThat(http().postJson("/api/v1/accounts/" + linkedId + "/handles", Map.of("handle", signIn), Http.bearer(admin)).status()).isEqualTo(200);

        // P: banned (an interim permanent ban, in effect at once) on an open case; Q: a closed case, no sanction.
        String p1 = "github:" + unique("banned");
        String p2 = "email:" + unique("banned") + "@example.org";
        String q = "matrix:@" + unique("closed") + ":example.org";
        String open = caseAbout(admin, List.of(p1, p2));
        assertThat(http().postJson("/api/v1/cases/" + open + "/decisions", Map.of("action", "permanent-ban", "clauses", List.of("harassment"),
                "reasoning", "Threats in chat; banned at once while the committee decides.", "interim", true, "spaces", List.of(space)),
                Http.bearer(admin)).json().get("status").asString()).isEqualTo("in-effect");
        String closed = caseAbout(admin, List.of(q));
        http().postJson("/api/v1/cases/" + closed + "/status", Map.of("status", "closed"), Http.bearer(admin));
        http().postJson("/api/v1/cases/" + open + "/recusals", Map.of("email", emails.get(2), "reason", "a friend of the reported person"),
                Http.bearer(admin));
        http().postJson("/api/v1/cases/" + open + "/assignees", Map.of("email", emails.get(3)), Http.bearer(admin));

        Map<String, String> tokens = new LinkedHashMap<>(staff);
        tokens.put("admin", admin);
        world = new World(space, spaceToken, adminId, tokens, emails, List.of(p1, p2, q), List.of(signIn), List.of(open, closed));
        return world;
    }

    private String caseAbout(String admin, List<String> handles) {
        String caseId = CaseFixtures.caseOf(jdbc, CaseFixtures.report(intake, "What happened.", handles, null).reportId());
        assertThat(http().postJson("/api/v1/cases/" + caseId + "/parties", Map.of("role", "subject", "handles", handles,
                "reason", "the report names them; the accounts are theirs"), Http.bearer(admin)).status()).isEqualTo(201);
        return caseId;
    }

    private Snapshot snapshot(World w) {
        List<String> probes = new ArrayList<>(w.known());
        probes.addAll(w.signInHandles());
        w.staffEmails().forEach(email -> probes.add("email:" + email));
        probes.addAll(NEW_HANDLES);
        Map<String, String> owners = new TreeMap<>();
        Map<String, List<String>> handles = new TreeMap<>();
        for (String probe : probes) {
            String owner = people.ownerOf(IdentityHandle.parse(probe)).orElse("-");
            owners.put(probe, owner);
            if (!owner.equals("-")) handles.put(owner, people.handlesOf(owner).stream().map(Object::toString).sorted().toList());
        }
        Map<String, String> bans = new TreeMap<>();
        for (String probe : probes) {
            var answer = http().get("/api/v1/enforcement/check?space=" + w.space() + "&identity=" + probe, Http.bearer(w.spaceToken())).json();
            bans.put(probe, answer.get("banned").asBoolean() + " " + answer.path("sanction").asString(""));
        }
        Map<String, Integer> reach = new TreeMap<>();
        Map<String, List<String>> committees = new TreeMap<>();
        for (String caseId : w.cases()) {
            w.staffTokens().forEach((who, token) -> reach.put(who + " " + caseId, http().get("/api/v1/cases/" + caseId, Http.bearer(token)).status()));
            committees.put(caseId, cases.decisionContext(cases.viewer(w.adminId()), caseId).committee().members().stream().sorted().toList());
        }
        return new Snapshot(owners, handles, bans, reach, committees);
    }

    private static final List<String> NEW_HANDLES = List.of("github:innocent-victim", "email:0@evil.example", "discord:bystander",
            "email:someone.else@example.net");

    @Property(tries = 40)
    void noReportChangesWhoSomeoneIsWhoIsBannedWhoSeesACaseOrWhoDecides(@ForAll("picks") List<Integer> subjectPicks,
                                                                       @ForAll("picks") List<Integer> reporterPick, @ForAll boolean witness) {
        World w = world();
        List<String> pool = new ArrayList<>(w.known());
        pool.addAll(w.signInHandles());
        w.staffEmails().forEach(email -> pool.add("email:" + email));
        pool.addAll(NEW_HANDLES);
        List<String> named = subjectPicks.stream().map(i -> pool.get(i % pool.size())).distinct().toList();
        Map<String, Object> body = new HashMap<>();
        body.put("category", "harassment");
        body.put("description", "They did it again.");
        body.put("witness", witness);
        body.put("reported", Map.of("handles", named));
        String reporter = reporterPick.isEmpty() ? null : pool.get(reporterPick.get(0) % pool.size());
        if (reporter != null && reporter.startsWith("email:")) {
            body.put("anonymous", false);
            body.put("reporter", Map.of("name", "Someone", "email", reporter.substring("email:".length())));
        } else {
            body.put("anonymous", true);
        }

        Snapshot before = snapshot(w);
        List<String> openBefore = openCases();
        var response = http().postJson("/api/v1/reports", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        Snapshot after = snapshot(w);
        assertThat(after.owners()).isEqualTo(before.owners());
        assertThat(after.handles()).isEqualTo(before.handles());
        assertThat(after.bans()).isEqualTo(before.bans());
        assertThat(after.reach()).isEqualTo(before.reach());
        assertThat(after.committees()).isEqualTo(before.committees());
        // The banned person stays banned, and none of the new handles joins them.
        assertThat(after.bans().get(w.known().get(0))).startsWith("true");
        NEW_HANDLES.forEach(handle -> assertThat(after.bans().get(handle)).startsWith("false"));
        // The cases these reports opened are closed again, so that the suite's shared queue stays short.
        openCases().stream().filter(id -> !openBefore.contains(id)).forEach(id -> assertThat(http().postJson("/api/v1/cases/" + id + "/status",
                Map.of("status", "closed"), Http.bearer(w.staffTokens().get("admin"))).status()).isEqualTo(200));
    }

    private List<String> openCases() {
        return jdbc.sql("SELECT id FROM case_file WHERE next_due IS NOT NULL").query(String.class).list();
    }

    @Provide
    Arbitrary<List<Integer>> picks() {
        return Arbitraries.integers().between(0, 1_000).list().ofMaxSize(6);
    }
}
