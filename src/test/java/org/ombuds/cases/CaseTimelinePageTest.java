package org.ombuds.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.ombuds.intake.Intake;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/** The case page says every timeline step in words, and other modules' steps reach the timeline as events. */
class CaseTimelinePageTest extends WebTest {
    private static final Pattern WHAT = Pattern.compile("<tr>\\s*<td><time[^>]*>[^<]*</time></td>\\s*<td>[^<]*</td>\\s*<td>([^<]*)</td>");

    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    MessageSource messages;

    @Test
    void theCasePageShowsEveryKindOfStepInWordsNeverByItsId() {
        String caseId = CaseFixtures.caseAbout(intake, jdbc, "github:" + unique("steps"));
        for (CaseEvent.Kind kind : CaseEvent.Kind.values()) events.publishEvent(new CaseStep(caseId, null, kind, null));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_event WHERE case_id = ?").param(caseId).query(Integer.class).single())
                .as("each step is on the timeline, after the opening").isEqualTo(CaseEvent.Kind.values().length + 1);

        var page = signIn("admin", "Timeline reader").get("/staff/cases/" + caseId);
        assertThat(page.status()).isEqualTo(200);
        List<String> shown = new ArrayList<>();
        Matcher what = WHAT.matcher(page.body());
        while (what.find()) shown.add(HtmlUtils.htmlUnescape(what.group(1)));
        assertThat(shown).hasSize(CaseEvent.Kind.values().length + 1);
        Set<String> ids = Arrays.stream(CaseEvent.Kind.values()).map(CaseEvent.Kind::id).collect(Collectors.toSet());
        assertThat(shown).noneMatch(ids::contains).noneMatch(text -> text.startsWith("??"));
        for (CaseEvent.Kind kind : CaseEvent.Kind.values()) {
            assertThat(shown).contains(messages.getMessage(kind.messageKey(), null, Locale.ENGLISH));
        }
        assertThat(shown).contains("legal hold set", "content purged under the retention rules");
    }

    @Test
    void aStepPublishedByAnotherModuleIsRecordedWithTheChangeOrNotAtAll(@Autowired PlatformTransactionManager transactionManager) {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        String caseId = CaseFixtures.caseAbout(intake, jdbc, "github:" + unique("rolled"));
        try {
            transactions.executeWithoutResult(status -> {
                events.publishEvent(new CaseStep(caseId, null, CaseEvent.Kind.ENFORCEMENT_FAILED, "forum"));
                throw new IllegalStateException("the publisher's change fails");
            });
        } catch (IllegalStateException expected) {
            // the step goes with the change it describes
        }
        assertThat(kinds(caseId)).containsExactly("opened");
        transactions.executeWithoutResult(status -> events.publishEvent(new CaseStep(caseId, null, CaseEvent.Kind.ENFORCEMENT_FAILED, "forum")));
        assertThat(kinds(caseId)).containsExactlyInAnyOrder("opened", "enforcement-failed");
    }

    @Test
    void aPurgeLeavesNoPersonAndNoReasonOnTheTimeline(@Autowired CaseRetention retention) {
        String caseId = caseAboutConfirmed("github:" + unique("purged"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_event WHERE case_id = ? AND kind = 'party-confirmed' AND detail IS NOT NULL"
                + " AND sealed_reason IS NOT NULL").param(caseId).query(Integer.class).single()).as("the confirmation names the person, with a reason")
                .isEqualTo(1);
        retention.purge(caseId);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_event WHERE case_id = ? AND (detail IS NOT NULL AND kind = 'party-confirmed'"
                + " OR sealed_reason IS NOT NULL)").param(caseId).query(Integer.class).single()).isZero();
        assertThat(kinds(caseId)).contains("party-confirmed", "purged");
    }

    private List<String> kinds(String caseId) {
        return jdbc.sql("SELECT kind FROM case_event WHERE case_id = ?").param(caseId).query(String.class).list();
    }
}
