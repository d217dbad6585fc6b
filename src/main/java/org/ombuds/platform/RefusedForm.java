package org.ombuds.platform;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.servlet.ModelAndView;

/**
 * A form the service refused, to be shown again: the id of the field at fault, what to tell the person, and the status
 * that says why (400 bad input, 409 a clash, 403 a rule, 503 a service away). The page puts {@code errorField} and
 * {@code error} in its model, which {@code fragments/form.html} reads to mark the field and fill the error summary;
 * the page keeps what was typed itself. {@link #NONE} is the page before any refusal.
 *
 * <p>Each form names the refusals it shows ({@link #catching}); any other exception goes on to the error page as before
 * (a case out of reach is still a 404 page, not a marked field).
 *
 * <p>It sits in the platform's root package, beside the exceptions it maps, because that package is the module's
 * public face: every module's controllers use it.
 */
public final class RefusedForm {
    /** No refusal: the page as it first opens. */
    public static final RefusedForm NONE = new RefusedForm(null, null, HttpStatus.OK, null);

    private final String field;
    private final String message;
    private final HttpStatus status;
    private final RuntimeException cause;

    private RefusedForm(String field, String message, HttpStatus status, RuntimeException cause) {
        this.field = field;
        this.message = message;
        this.status = status;
        this.cause = cause;
    }

    /** A refusal the page found itself (a filter it cannot apply), not through an exception. */
    public static RefusedForm of(String field, String message, HttpStatus status) {
        return new RefusedForm(field, message, status, null);
    }

    /** The refusal this exception stands for, its field as the service names it. */
    public static RefusedForm of(RuntimeException e) {
        if (e instanceof InvalidInputException invalid) return new RefusedForm(invalid.field(), e.getMessage(), HttpStatus.BAD_REQUEST, e);
        if (e instanceof ConflictException conflict) return new RefusedForm(conflict.field(), e.getMessage(), HttpStatus.CONFLICT, e);
        if (e instanceof RefusedException refused) return new RefusedForm(refused.field(), e.getMessage(), HttpStatus.FORBIDDEN, e);
        if (e instanceof UnavailableException) return new RefusedForm(null, e.getMessage(), HttpStatus.SERVICE_UNAVAILABLE, e);
        // On a form, "not found" is something the person named (an email, a case) that does not exist: their input.
        if (e instanceof NotFoundException) return new RefusedForm(null, e.getMessage(), HttpStatus.BAD_REQUEST, e);
        throw new IllegalArgumentException("not a refusal a form shows: " + e.getClass().getName(), e);
    }

    /** The refusals a form shows again; the usual set is {@link #INPUT}, {@link #INPUT_OR_CONFLICT} or {@link #ANY}. */
    @SafeVarargs
    public static Kinds catching(Class<? extends RuntimeException>... kinds) {
        return new Kinds(List.of(kinds));
    }

    public static final Kinds INPUT = catching(InvalidInputException.class);
    public static final Kinds INPUT_OR_CONFLICT = catching(InvalidInputException.class, ConflictException.class);
    public static final Kinds ANY = catching(InvalidInputException.class, ConflictException.class, RefusedException.class,
            UnavailableException.class, NotFoundException.class);

    /** Which exceptions a form shows as a refusal. */
    public static final class Kinds {
        private final List<Class<? extends RuntimeException>> kinds;

        private Kinds(List<Class<? extends RuntimeException>> kinds) {
            this.kinds = kinds;
        }

        /** Does what the form asks; if it is refused in one of these ways, {@code reshow} answers with the form again. */
        public <T> T attempt(Supplier<T> action, Function<RefusedForm, T> reshow) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (kinds.stream().noneMatch(kind -> kind.isInstance(e))) throw e;
                return reshow.apply(of(e));
            }
        }
    }

    /** The same refusal, marking the field with this id (the form's own id for it; null: none). */
    public RefusedForm at(String fieldId) {
        return new RefusedForm(fieldId, message, status, cause);
    }

    /**
     * The same refusal, marking the form's field for the service's: {@code prefix-field} for the fields the form has,
     * {@code prefix-main} for any other (a refusal about the whole form belongs next to its main field).
     */
    public RefusedForm within(String prefix, Set<String> fields, String main) {
        return at(prefix + "-" + (field != null && fields.contains(field) ? field : main));
    }

    /** The same refusal in other words (the reader's language). */
    public RefusedForm saying(String words) {
        return new RefusedForm(field, words, status, cause);
    }

    /** Puts the refusal on the page: the field to mark, the words, the status. */
    public ModelAndView on(ModelAndView page) {
        page.addObject("errorField", field);
        page.addObject("error", message);
        page.setStatus(status);
        return page;
    }

    /** Puts the field to mark and the words in the model (the caller sets the status, see {@link #status()}). */
    public Model on(Model model) {
        model.addAttribute("errorField", field);
        model.addAttribute("error", message);
        return model;
    }

    public String field() {
        return field;
    }

    public String message() {
        return message;
    }

    public HttpStatus status() {
        return status;
    }

    /** The exception refused with, for pages that translate its code; null for {@link #NONE} and page-made refusals. */
    public RuntimeException cause() {
        return cause;
    }
}
