package org.ombuds.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;

/** {@code POST /api/v1/imports/cases}: the bad rows as problem+json (nothing written), a good file imported once. */
class ImportsApiTest extends WebTest {
    private static final String HEADER = "reference,opened,subject_name,subject_handles,category,action,decided,until,reasoning\n";

    private Http.Response post(String admin, String csv, boolean dryRun) {
        return http().send(http().request("/api/v1/imports/cases?dryRun=" + dryRun, Http.bearer(admin))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build());
    }

    @Test
    void badRowsAreAnsweredAsProblemDetailsWithEachRowAndAGoodFileIsImportedOnce() {
        String admin = tokenFor("admin");
        String reference = unique("API");
        String handle = "github:" + unique("api");
        Http.Response bad = post(admin, HEADER + reference + ",2024-01-10,,"
                + handle + ",harassment,temporary-ban,2024-01-20,,Because.\n", false);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().get("detail").asString()).isEqualTo("1 bad row(s); nothing was imported");
        assertThat(bad.json().get("errors").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("until");
        assertThat(bad.json().get("errors").get(0).get("message").asString()).isEqualTo("required for temporary-ban");

        String good = HEADER + reference + ",2024-01-10,,"
                + handle + ",harassment,temporary-ban,2024-01-20,2024-02-20,Because.\n";
        Http.Response dryRun = post(admin, good, true);
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.json().get("rows").get(0).hasNonNull("caseId")).as("nothing written").isFalse();
        Http.Response imported = post(admin, good, false);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("cases").asInt()).isEqualTo(1);
        assertThat(imported.json().get("rows").get(0).get("sanction").asString()).isEqualTo("ended");
        assertThat(http().get("/api/v1/cases/" + imported.json().get("rows").get(0).get("caseId").asString(), Http.bearer(admin)).status())
                .isEqualTo(200);
        Http.Response again = post(admin, good, false);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("errors").get(0).get("message").asString()).isEqualTo("'" + reference + "' was imported already");
    }
}
