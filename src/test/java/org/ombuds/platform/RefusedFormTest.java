package org.ombuds.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/** A refused form comes back with the field at fault marked, the words to show and the status that says why. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class RefusedFormTest {

    @Test
    void eachRefusalAnswersWithItsOwnStatusAndField() {
        assertThat(RefusedForm.of(new InvalidInputException("email", "not an address")))
                .extracting(RefusedForm::field, RefusedForm::message, RefusedForm::status)
                .containsExactly("email", "not an address", HttpStatus.BAD_REQUEST);
        assertThat(RefusedForm.of(new ConflictException("slug", "in use")).status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(RefusedForm.of(new RefusedException("email", "only an admin")).status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(RefusedForm.of(new UnavailableException("the mail server is away")))
                .extracting(RefusedForm::field, RefusedForm::status).containsExactly(null, HttpStatus.SERVICE_UNAVAILABLE);
        // On a form, something named that does not exist is the person's input, not a missing page.
        assertThat(RefusedForm.of(new NotFoundException("no such account")).status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aRefusalAboutAFieldTheFormDoesNotHaveMarksItsMainField() {
        RefusedForm about = RefusedForm.of(new InvalidInputException("clauses", "name at least one clause"));
        assertThat(about.within("decision", Set.of("clauses", "reasoning"), "reasoning").field()).isEqualTo("decision-clauses");
        assertThat(about.within("decision", Set.of("reasoning"), "reasoning").field()).isEqualTo("decision-reasoning");
        assertThat(RefusedForm.of(new UnavailableException("away")).within("note", Set.of("body"), "body").field()).isEqualTo("note-body");
    }

    @Test
    void theFormsRefusalsComeBackAsThePageAndAnythingElsePassesThrough() {
        ModelAndView shown = RefusedForm.INPUT_OR_CONFLICT.attempt(() -> {
            throw new ConflictException("name", "taken");
        }, refused -> refused.at("account-name").on(new ModelAndView("accounts/accounts")));
        assertThat(shown.getModel()).containsEntry("errorField", "account-name").containsEntry("error", "taken");
        assertThat(shown.getStatus()).isEqualTo(HttpStatus.CONFLICT);

        // A case out of reach stays the 404 page rather than a marked field.
        assertThatThrownBy(() -> RefusedForm.INPUT_OR_CONFLICT.attempt(() -> {
            throw new NotFoundException("no such case");
        }, refused -> new ModelAndView("cases/case"))).isInstanceOf(NotFoundException.class);

        assertThat(RefusedForm.INPUT.attempt(() -> "redirect:/done", refused -> "form")).isEqualTo("redirect:/done");
    }

    @Test
    void thePageBeforeAnyRefusalMarksNothing() {
        ModelAndView page = RefusedForm.NONE.on(new ModelAndView("coc/staff"));
        assertThat(page.getModel()).containsEntry("errorField", null).containsEntry("error", null);
        assertThat(page.getStatus()).isEqualTo(HttpStatus.OK);
    }
}
