package org.ombuds.sanctions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ombuds.coc.ActionKind;
import org.ombuds.platform.OmbudsProperties;
import org.ombuds.sanctions.LetterComposer.Announcement;
import org.ombuds.sanctions.LetterComposer.Clause;
import org.ombuds.sanctions.LetterComposer.Ending;
import org.ombuds.sanctions.LetterComposer.Letter;
import org.ombuds.sanctions.LetterComposer.Lifting;
import org.ombuds.sanctions.LetterTexts.SampleLetter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The letters of the default Code's actions, of an end and of a lifting, written with the texts in use and made-up values. */
@Component
class SampleLetters {
    private static final List<String> SAMPLE_SPACES = List.of("Community chat", "Discussion forum");
    private final LetterComposer composer;
    private final OmbudsProperties properties;
    private final Clock clock;
    private final Duration appealWindow;

    SampleLetters(LetterComposer composer, OmbudsProperties properties, Clock clock, @Value("${ombuds.appeals.window:20d}") Duration appealWindow) {
        this.composer = composer;
        this.properties = properties;
        this.clock = clock;
        this.appealWindow = appealWindow;
    }

    List<SampleLetter> all() {
        Instant now = clock.instant();
        String community = "Example Community";
        List<Clause> clauses = List.of(new Clause("Insults and Personal Attacks", "Insulting or demeaning remarks about a person."));
        String committee = properties.committee().hasEmail() ? properties.committee().email() : null;
        List<SampleLetter> samples = new ArrayList<>();
        for (String action : List.of("correction", "written-warning", Decisions.TEMPORARY_BAN, Decisions.PERMANENT_BAN)) {
            ActionKind kind = ActionKind.ofDefaultAction(action).orElseThrow();
            boolean temporary = kind.hasEnd();
            Letter letter = composer.announcement(new Announcement(action, kind, action, community, false, 3, clauses,
                    temporary ? "Calling people names in the chat is not acceptable, whatever the disagreement." : null,
                    temporary ? SAMPLE_SPACES : List.of(), temporary ? now.plus(Duration.ofDays(14)) : null,
                    temporary ? "A written acknowledgement of the Code of Conduct." : null,
                    temporary ? List.of("github:example-person") : List.of(), now.plus(appealWindow),
                    properties.baseUrl() + "/appeal/oap_example-personal-link", properties.baseUrl() + "/appeals",
                    "amber-heron-417", committee, properties.baseUrl() + "/coc"));
            samples.add(new SampleLetter(action, letter.subject(), letter.body()));
        }
        Letter ended = composer.ending(new Ending(community, false, now, "A written acknowledgement of the Code of Conduct."));
        samples.add(new SampleLetter("ended", ended.subject(), ended.body()));
        Letter lifted = composer.lifting(new Lifting(community, null, now.minus(Duration.ofDays(10))));
        samples.add(new SampleLetter("lifted", lifted.subject(), lifted.body()));
        return samples;
    }
}
