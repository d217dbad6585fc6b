package org.ombuds.appeals.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ombuds.appeals.internal.AppealFilingPolicy.Refusal;
import org.ombuds.appeals.internal.AppealFilingPolicy.Request;
import org.ombuds.sanctions.AppealLinks;
import org.ombuds.sanctions.Decisions;

/** The rules for filing an appeal, each with the reason the appellant reads; the first that refuses speaks. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class AppealFilingPolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final AppealLinks.Link OPEN = link(NOW.plus(Duration.ofDays(3)));
    private static final Decisions.Appealed IN_EFFECT = decision("in-effect", false);

    private static AppealLinks.Link link(Instant expiresAt) {
        return new AppealLinks.Link("link", "sanction", "decision", "case", "person", expiresAt);
    }

    private static Decisions.Appealed decision(String status, boolean onAppeal) {
        return new Decisions.Appealed("decision", "case", "written-warning", status, NOW.minus(Duration.ofDays(1)), onAppeal);
    }

    private static Optional<String> refusalCode(Request request) {
        return AppealFilingPolicy.refusal(request).map(Refusal::code);
    }

    @Test
    void anOpenLinkToADecisionInEffectWithNoAppealYetMayFile() {
        assertThat(AppealFilingPolicy.refusal(new Request(OPEN, IN_EFFECT, false, NOW))).isEmpty();
    }

    @Test
    void theLinkClosesWhenItsWindowEnds() {
        Refusal refusal = AppealFilingPolicy.refusal(new Request(link(NOW), IN_EFFECT, false, NOW)).orElseThrow();
        assertThat(refusal.code()).isEqualTo("expired");
        assertThat(refusal.field()).isEqualTo("token");
        assertThat(refusal.reason()).contains("the time to appeal has passed");
        assertThat(refusal.arguments()).containsExactly("2026-03-01T12:00:00Z");
    }

    @Test
    void aDecisionIsAppealedOnce() {
        assertThat(refusalCode(new Request(OPEN, IN_EFFECT, true, NOW))).contains("filed");
    }

    @Test
    void aDecisionMadeOnAppealIsFinal() {
        assertThat(refusalCode(new Request(OPEN, decision("in-effect", true), false, NOW))).contains("final");
    }

    @Test
    void aDecisionThatNoLongerStandsCannotBeAppealed() {
        Refusal refusal = AppealFilingPolicy.refusal(new Request(OPEN, decision("overturned", false), false, NOW)).orElseThrow();
        assertThat(refusal.code()).isEqualTo("noLongerStands");
        assertThat(refusal.reason()).contains("this decision is overturned and no longer stands");
    }

    @Test
    void theWindowIsNamedFirstThenTheAppealAlreadyFiled() {
        // The order the appellant has always been told: an expired link says so even if an appeal exists too.
        assertThat(refusalCode(new Request(link(NOW.minusSeconds(1)), decision("lifted", true), true, NOW))).contains("expired");
        assertThat(refusalCode(new Request(OPEN, decision("lifted", true), true, NOW))).contains("filed");
        assertThat(refusalCode(new Request(OPEN, decision("lifted", true), false, NOW))).contains("final");
    }

    @Test
    void aRefusalBecomesTheConflictThePagesShow() {
        var conflict = AppealFilingPolicy.refusal(new Request(OPEN, IN_EFFECT, true, NOW)).orElseThrow().asConflict();
        assertThat(conflict.field()).isEqualTo("statement");
        assertThat(conflict.code()).isEqualTo("filed");
        assertThat(conflict.getMessage()).isEqualTo("an appeal of this decision was filed already; follow it through the same link");
    }
}
