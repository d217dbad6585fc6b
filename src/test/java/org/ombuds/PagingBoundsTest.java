package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every list that pages (the case queue, its page, the audit log and its page) takes the same bounds: a page past the
 * last one is empty however far past it is (page × size never wraps around to the first page), and a value that names
 * no page (negative, zero where one is needed, over the maximum, not a 32-bit number) is a 400 naming the parameter.
 */
class PagingBoundsTest extends WebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aPageFarPastTheLastIsEmptyAndNeverWrapsAroundToTheFirst() {
        CaseFixtures.caseAbout(intake, jdbc, "github:" + unique("paged"));
        String admin = tokenFor("admin");
        assertThat(http().get("/api/v1/cases?status=all&page=0&size=1", Http.bearer(admin)).json().size()).isEqualTo(1);
        // 1073741824 × 4 is 2^32 and 2147483647 × 50 is -50 in 32-bit arithmetic: both used to read as the first page.
        for (String paging : List.of("page=1073741824&size=4", "page=2147483647&size=50", "page=2147483647&size=200", "page=100000&size=200")) {
            var far = http().get("/api/v1/cases?status=all&" + paging, Http.bearer(admin));
            assertThat(far.status()).as(paging + ": " + far.body()).isEqualTo(200);
            assertThat(far.json().size()).as(paging).isZero();
        }

        StaffSession staff = signIn("admin", "Paging Admin");
        var page = staff.get("/staff/cases?status=all&page=2147483647");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("No cases match.").doesNotContain("<table");
    }

    @Test
    void pagingValuesThatNameNoPageAreAClear400NamingTheParameter() {
        String admin = tokenFor("admin");
        for (String query : List.of("page=-1", "page=-2147483648", "page=2147483648", "page=1e3", "size=0", "size=201", "size=-1",
                "size=2147483648")) {
            var refused = http().get("/api/v1/cases?" + query, Http.bearer(admin));
            assertProblem(refused, query, query.substring(0, query.indexOf('=')));
        }
        for (String query : List.of("limit=0", "limit=1001", "limit=-2147483648", "limit=2147483648", "before=0", "before=-1",
                "before=-9223372036854775808", "before=9223372036854775808")) {
            var refused = http().get("/api/v1/audit?" + query, Http.bearer(admin));
            assertProblem(refused, query, query.substring(0, query.indexOf('=')));
        }

        StaffSession staff = signIn("admin", "Bounds Admin");
        for (String path : List.of("/staff/cases?page=-1", "/staff/cases?page=2147483648", "/staff/audit?before=0", "/staff/audit?before=-5")) {
            var refused = staff.get(path);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.contentType()).as(path).startsWith("text/html");
            assertThat(refused.body()).as(path).doesNotContain("Exception").doesNotContain("at org.");
        }
    }

    private static void assertProblem(Http.Response response, String query, String field) {
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).as(query).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).as(query).isEqualTo(field);
        assertThat(response.json().get("detail").asString()).as(query).contains(field);
    }
}
