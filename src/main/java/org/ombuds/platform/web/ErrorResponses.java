package org.ombuds.platform.web;

import java.time.temporal.Temporal;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.PayloadTooLargeException;
import org.ombuds.platform.Problems;
import org.ombuds.platform.RefusedException;
import org.ombuds.platform.TooManyRequestsException;
import org.ombuds.platform.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error leaves as RFC 9457 problem+json on API paths and as the error page elsewhere, with a detail a
 * person can act on and never a stack trace. Details never quote request bodies, which may hold report content.
 */
@RestControllerAdvice
class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private static final Pattern SECRET_IN_PATH = Pattern.compile("^(/appeal/|/api/v1/receipts/|/api/v1/appeals/by-link/)[^/]+");

    @ExceptionHandler(InvalidInputException.class)
    Object invalid(InvalidInputException e, HttpServletRequest request) {
        return respond(request, Problems.invalid(e.field(), e.getMessage()));
    }

    @ExceptionHandler(NotFoundException.class)
    Object notFound(NotFoundException e, HttpServletRequest request) {
        return respond(request, Problems.of(HttpStatus.NOT_FOUND, e.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    Object conflict(ConflictException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.invalid(e.field(), e.getMessage());
        problem.setStatus(HttpStatus.CONFLICT);
        problem.setTitle(HttpStatus.CONFLICT.getReasonPhrase());
        return respond(request, problem);
    }

    @ExceptionHandler(RefusedException.class)
    Object refused(RefusedException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.invalid(e.field(), e.getMessage());
        problem.setStatus(HttpStatus.FORBIDDEN);
        problem.setTitle(HttpStatus.FORBIDDEN.getReasonPhrase());
        return respond(request, problem);
    }

    @ExceptionHandler(UnavailableException.class)
    Object unavailable(UnavailableException e, HttpServletRequest request) {
        return respond(request, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    }

    @ExceptionHandler(TooManyRequestsException.class)
    Object tooMany(TooManyRequestsException e, HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
        response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
        return respond(request, Problems.of(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    Object notValid(MethodArgumentNotValidException e, HttpServletRequest request) {
        var fieldError = e.getBindingResult().getFieldError();
        String field = fieldError == null ? null : fieldError.getField();
        String message = fieldError == null ? "the request is not valid" : field + " " + fieldError.getDefaultMessage();
        ProblemDetail problem = Problems.invalid(field, message);
        problem.setProperty("errors", e.getBindingResult().getFieldErrors().stream()
                .map(error -> java.util.Map.of("field", error.getField(), "message",
                        error.getField() + " " + error.getDefaultMessage()))
                .toList());
        return respond(request, problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    Object constraint(ConstraintViolationException e, HttpServletRequest request) {
        var violation = e.getConstraintViolations().iterator().next();
        String path = violation.getPropertyPath().toString();
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return respond(request, Problems.invalid(field, field + " " + violation.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    Object unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        if (causedBy(e, PayloadTooLargeException.class) != null) {
            return respond(request, Problems.of(HttpStatus.CONTENT_TOO_LARGE, causedBy(e, PayloadTooLargeException.class).getMessage()));
        }
        // A value of the wrong type or form (a date that is none) names its field, like any other invalid input.
        MismatchedInputException mismatch = causedBy(e, MismatchedInputException.class);
        String field = mismatch == null ? null : field(mismatch);
        if (field != null) {
            boolean time = mismatch.getTargetType() != null && Temporal.class.isAssignableFrom(mismatch.getTargetType());
            return respond(request, Problems.invalid(field, time ? field + " must be a date and time such as 2027-05-14T12:00:00Z"
                    : field + " has the wrong type or format"));
        }
        return respond(request, Problems.of(HttpStatus.BAD_REQUEST,
                "the request body is missing or is not valid JSON of the expected shape"));
    }

    /** The JSON property at fault ("reported.handles"), as far as its path is made of property names; null if none. */
    private static String field(MismatchedInputException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            String name = reference.getPropertyName();
            if (name == null) continue; // an index in an array
            if (!name.matches("[A-Za-z][A-Za-z0-9]{0,63}")) break; // a key of a map: the sender's text, not a field
            if (!field.isEmpty()) field.append('.');
            field.append(name);
        }
        return field.isEmpty() ? null : field.toString();
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    Object mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return respond(request, Problems.invalid(e.getName(), e.getName() + " has the wrong format"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    Object missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return respond(request, Problems.invalid(e.getParameterName(), e.getParameterName() + " is required"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    Object mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(request, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json"));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void security(RuntimeException e) {
        throw e; // Spring Security's own handlers answer these (401/403 problem details on the API).
    }

    private static Object framework(ErrorResponse error, HttpServletRequest request) {
        HttpStatus status = HttpStatus.valueOf(error.getStatusCode().value());
        String detail = status == HttpStatus.NOT_FOUND ? "there is nothing at " + request.getRequestURI()
                : status == HttpStatus.METHOD_NOT_ALLOWED ? request.getMethod() + " is not allowed on " + request.getRequestURI()
                : status.getReasonPhrase();
        return respond(request, Problems.of(status, detail));
    }

    @ExceptionHandler(Exception.class)
    Object unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse error && error.getStatusCode().value() < 500) {
            return framework(error, request);
        }
        log.error("unexpected error on {} {}", request.getMethod(), loggable(request.getRequestURI()), e);
        return respond(request, Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "something went wrong on our side; the request was not completed, please try again"));
    }

    /** The path for the log, without the receipt or appeal link that some paths carry: the log is no place for a secret. */
    static String loggable(String path) {
        return SECRET_IN_PATH.matcher(path == null ? "" : path).replaceFirst("$1…");
    }

    private static Object respond(HttpServletRequest request, ProblemDetail problem) {
        if (ErrorPages.wantsProblemJson(request)) {
            return Problems.response(problem);
        }
        return ErrorPages.page(HttpStatus.valueOf(problem.getStatus()), problem.getDetail());
    }

    private static <T extends Throwable> T causedBy(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) return type.cast(cause);
        }
        return null;
    }
}
