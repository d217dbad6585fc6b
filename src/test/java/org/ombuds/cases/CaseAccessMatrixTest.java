package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who reaches a case, as a matrix: caller (admin, moderator, appeal reviewer, anonymous, the holder of another
 * case's receipt) × relation to the case (assigned, recused, subject, reporter, unrelated) × action (list, read,
 * note, decide, export). Every cell is its own assertion against the running server over the real database.
 * Subject, reporter and named keep the member out by relation: an admin confirmed the member (by a handle linked to
 * their account) as the person the case is about; the member filed the report with their own address; the report named
 * a handle that was the member's already (kept out until an admin decides).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseAccessMatrixTest extends WebTest {
    static final List<String> ROLES = List.of("admin", "moderator", "appeal-reviewer", "anonymous", "receipt-holder");
    static final List<String> RELATIONS = List.of("assigned", "recused", "subject", "reporter", "named", "unrelated");
    static final List<String> ACTIONS = List.of("list", "read", "note", "export", "decide");
    static final int LISTED = 1;
    static final int ABSENT = 0;

    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    private String admin;
    private String otherReceipt;
    /** role/relation → the caller's credential (null for anonymous) and their own case. */
    private final Map<String, Setup> setups = new LinkedHashMap<>();

    private record Setup(String credential, String caseId) {
    }

    @BeforeAll
    void arrange() {
        admin = tokenFor("admin");
        otherReceipt = CaseFixtures.report(intake, "Another person's report.", List.of(), null).receipt();
        for (String role : ROLES) {
            for (String relation : RELATIONS) {
                setups.put(role + "/" + relation, arrange(role, relation));
            }
        }
    }

    private Setup arrange(String role, String relation) {
        boolean staff = !role.equals("anonymous") && !role.equals("receipt-holder");
        String email = unique(role) + "@example.org";
        String accountId = staff ? accounts.add(email, "Matrix " + role, role).id() : null;
        String credential = staff ? tokens.createForAccount(email, null, "matrix").token()
                : role.equals("receipt-holder") ? otherReceipt : null;
        String handle = "github:" + unique("subject");
        // Named: the member's own handle was theirs before the report named it, so the report's case is kept from them.
        if (staff && relation.equals("named")) {
            expect(200, http().postJson("/api/v1/accounts/" + accountId + "/handles", Map.of("handle", handle), Http.bearer(admin)));
        }
        var report = CaseFixtures.report(intake, "What happened, for the matrix.", List.of(handle),
                staff && relation.equals("reporter") ? email : null);
        String caseId = CaseFixtures.caseOf(jdbc, report.reportId());
        if (staff) {
            switch (relation) {
                case "assigned" -> expect(201, http().postJson("/api/v1/cases/" + caseId + "/assignees", Map.of("email", email), Http.bearer(admin)));
                case "recused" -> expect(201, http().postJson("/api/v1/cases/" + caseId + "/recusals", Map.of("email", email,
                        "reason", "a friend of the reported person"), Http.bearer(admin)));
                // Subject: the member's handle, named by the report, confirmed by an admin as the person the case is about.
                case "subject" -> {
                    expect(200, http().postJson("/api/v1/accounts/" + accountId + "/handles", Map.of("handle", handle), Http.bearer(admin)));
                    confirmSubject(admin, caseId, handle);
                }
                default -> { }
            }
        }
        return new Setup(credential, caseId);
    }

    private static void expect(int status, Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    /** What the rules say: recusal (declared, by others, or as a party) hides the case from every staff role. */
    static int expected(String role, String relation, String action) {
        if (role.equals("anonymous") || role.equals("receipt-holder")) return 401;
        boolean hidden = relation.equals("recused") || relation.equals("subject") || relation.equals("reporter") || relation.equals("named")
                || (role.equals("appeal-reviewer") && !relation.equals("assigned"));
        if (action.equals("list")) return hidden ? ABSENT : LISTED;
        if (hidden) return 404;
        int ok = action.equals("note") ? 201 : 200;
        return switch (role) {
            case "admin" -> ok;
            case "moderator" -> action.equals("export") && !relation.equals("assigned") ? 403 : ok;
            default -> action.equals("read") ? ok : 403;
        };
    }

    private int actual(String action, Setup setup) {
        String[] auth = setup.credential() == null ? new String[0] : Http.bearer(setup.credential());
        String path = "/api/v1/cases/" + setup.caseId();
        return switch (action) {
            case "list" -> {
                var response = http().get("/api/v1/cases?status=all&search=" + setup.caseId(), auth);
                if (response.status() != 200) yield response.status();
                boolean listed = false;
                for (var item : response.json()) listed |= item.get("id").asString().equals(setup.caseId());
                yield listed ? LISTED : ABSENT;
            }
            case "read" -> http().get(path, auth).status();
            case "note" -> http().postJson(path + "/notes", Map.of("body", "A private note."), auth).status();
            case "export" -> http().get(path + "/export", auth).status();
            default -> http().postJson(path + "/status", Map.of("status", "decided"), auth).status();
        };
    }

    @TestFactory
    Stream<DynamicTest> everyCell() {
        List<DynamicTest> cells = new ArrayList<>();
        for (String role : ROLES) {
            for (String relation : RELATIONS) {
                Setup setup = setups.get(role + "/" + relation);
                for (String action : ACTIONS) {
                    int expected = expected(role, relation, action);
                    cells.add(DynamicTest.dynamicTest(role + " × " + relation + " × " + action + " → " + label(action, expected),
                            () -> assertThat(actual(action, setup)).isEqualTo(expected)));
                }
            }
        }
        assertThat(cells).hasSize(ROLES.size() * RELATIONS.size() * ACTIONS.size());
        return cells.stream();
    }

    private static String label(String action, int expected) {
        if (action.equals("list") && expected == LISTED) return "listed";
        if (action.equals("list") && expected == ABSENT) return "absent";
        return String.valueOf(expected);
    }
}
