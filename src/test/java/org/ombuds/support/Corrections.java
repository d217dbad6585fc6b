package org.ombuds.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ombuds.cases.CaseLetters;
import org.ombuds.intake.Intake;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A correction decided through the API against a person with an address, as a moderator does it: the report names
 * them, the moderator confirms them as the case's subject and decides; the letter to them carries the appeal link.
 */
public final class Corrections {
    /** The personal appeal link in a letter; its token is the first group. */
    public static final Pattern APPEAL_LINK = Pattern.compile("/appeal/(oap_[A-Za-z0-9_-]+)");

    public record Decided(String caseId, String sanctionId, String letter) {
        /** The appeal link's token in the letter. */
        public String appealToken() {
            Matcher token = APPEAL_LINK.matcher(letter);
            assertThat(token.find()).as("an appeal link in the letter").isTrue();
            return token.group(1);
        }
    }

    private Corrections() {
    }

    public static Decided decide(Http http, Intake intake, JdbcClient jdbc, CaseLetters letters, String moderatorToken, String handle) {
        String caseId = CaseFixtures.caseAbout(intake, jdbc, handle);
        var confirmed = http.postJson("/api/v1/cases/" + caseId + "/parties", Map.of("role", "subject", "handles", List.of(handle),
                "reason", "the report names them"), Http.bearer(moderatorToken));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        var decided = http.postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "correction", "clauses", List.of("harassment"),
                "reasoning", "Insults in a review."), Http.bearer(moderatorToken));
        assertThat(decided.status()).as(decided.body()).isEqualTo(201);
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(decided.json().get("id").asString())
                .query(String.class).single();
        // The letter is written after the decision commits, by a listener of its own.
        String letter = await().atMost(Duration.ofSeconds(30))
                .until(() -> letters.committeeLetter("sanction:" + sanctionId + ":decided").orElse(null), text -> text != null);
        return new Decided(caseId, sanctionId, letter);
    }
}
