package org.ombuds.platform.web;

import java.util.Locale;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.ombuds.platform.Problems;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers errors that happen outside controllers (unknown paths, filters): problem+json for the API, the
 * error page for people. Replaces Spring Boot's default error controller, which sends plain JSON.
 */
@Controller
class ErrorPages implements ErrorController {
    private final MessageSource messages;

    ErrorPages(MessageSource messages) {
        this.messages = messages;
    }

    @RequestMapping("/error")
    Object error(HttpServletRequest request) {
        UnreadableParameters.Refusal refusal = UnreadableParameters.refusal(request);
        if (refusal != null) {
            // The API's detail in English like every other; the page in the reader's language.
            String detail = messages.getMessage(refusal.messageKey(), refusal.arguments(), Locale.ENGLISH);
            if (wantsProblemJson(request)) return Problems.response(Problems.of(refusal.status(), detail));
            return page(refusal.status(), detail, messages.getMessage(refusal.messageKey(), refusal.arguments(), LocaleContextHolder.getLocale()));
        }
        // Asked for by its address rather than reached through an error, /error is a page like any other: there is none.
        Object code = request.getDispatcherType() == DispatcherType.ERROR ? request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) : 404;
        HttpStatus status = HttpStatus.resolve(code instanceof Integer value ? value : 500);
        if (status == null) status = HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getDispatcherType() == DispatcherType.ERROR ? request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)
                : request.getRequestURI();
        String detail = switch (status) {
            case NOT_FOUND -> "there is nothing at " + (uri == null ? "this address" : uri);
            // What reaches this page as a bare 400 is a request Spring Security's firewall refused: its address or a header.
            case BAD_REQUEST -> "the request could not be read: check the address and try again";
            case CONTENT_TOO_LARGE -> "the request body is larger than the limit";
            case INTERNAL_SERVER_ERROR -> "something went wrong on our side; the request was not completed, please try again";
            default -> status.getReasonPhrase();
        };
        if (wantsProblemJson(request)) {
            return Problems.response(Problems.of(status, detail));
        }
        return page(status, detail);
    }

    static boolean wantsProblemJson(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String value ? value : request.getRequestURI();
        if (uri.startsWith("/api/") || uri.startsWith("/actuator") || uri.startsWith("/v3/")) return true;
        String accept = request.getHeader("Accept");
        return accept != null && (accept.contains("application/json") || accept.contains("application/problem+json"))
                && !accept.contains("text/html");
    }

    static ModelAndView page(HttpStatus status, String detail) {
        return page(status, detail, null);
    }

    /** With {@code message}, what went wrong in the reader's language, when there is one to say. */
    static ModelAndView page(HttpStatus status, String detail, String message) {
        ModelAndView page = new ModelAndView("error");
        page.setStatus(status);
        page.addObject("status", status.value());
        page.addObject("detail", detail);
        page.addObject("message", message);
        return page;
    }
}
