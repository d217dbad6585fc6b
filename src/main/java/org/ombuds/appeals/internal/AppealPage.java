package org.ombuds.appeals.internal;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.ombuds.appeals.Appeals;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RefusedForm;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * The appellant's page, reached through the personal link in their letter; no account, no JavaScript. It shows the
 * decision as the letter told it and takes the appeal, then follows it: the reviewer's questions, the answers, the
 * outcome. Pages are never cached; the forms post the token in their body.
 */
@Controller
class AppealPage {
    private static final String PAGE = "appeals/appeal";
    private static final Set<String> NOTICES = Set.of("filed", "sent");
    private final Appeals appeals;
    private final MessageSource messages;

    AppealPage(Appeals appeals, MessageSource messages) {
        this.appeals = appeals;
        this.messages = messages;
    }

    @GetMapping("/appeal/{token}")
    String show(@PathVariable String token, @RequestParam(required = false) String done, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        if (done != null && NOTICES.contains(done)) model.addAttribute("notice", done);
        return render(token, request, response, model);
    }

    @PostMapping("/appeal")
    String file(@RequestParam(required = false) String token, @RequestParam(required = false) String statement,
                @RequestParam(required = false) String evidence, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            appeals.file(token, request.getRemoteAddr(), statement, evidence);
        } catch (InvalidInputException | ConflictException e) {
            RefusedForm refused = RefusedForm.of(e).saying(message(e));
            response.setStatus(refused.status().value());
            refused.on(model);
            model.addAttribute("statement", statement);
            model.addAttribute("evidence", evidence);
            return render(token, request, response, model);
        }
        return done(token, "filed");
    }

    @PostMapping("/appeal/messages")
    String reply(@RequestParam(required = false) String token, @RequestParam(required = false) String body, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        try {
            appeals.reply(token, request.getRemoteAddr(), body);
        } catch (InvalidInputException | ConflictException e) {
            RefusedForm refused = RefusedForm.of(e).at("body").saying(message(e));
            response.setStatus(refused.status().value());
            refused.on(model);
            model.addAttribute("body", body);
            return render(token, request, response, model);
        }
        return done(token, "sent");
    }

    /**
     * Back to the page the person came from, with what was done in its address: nothing goes through the session, where a
     * flash attribute would keep the link's address, token and all, in the database until the next page.
     */
    private static String done(String token, String notice) {
        return "redirect:/appeal/" + UriUtils.encodePathSegment(token, StandardCharsets.UTF_8) + "?done=" + notice;
    }

    /** The refusal in the reader's language ({@code appeal.page.error.<code>}); the service's English words otherwise. */
    private String message(RuntimeException e) {
        String code = e instanceof InvalidInputException invalid ? invalid.code() : ((ConflictException) e).code();
        Object[] arguments = e instanceof InvalidInputException invalid ? invalid.arguments() : ((ConflictException) e).arguments();
        String translated = messages.getMessage("appeal.page.error." + code, arguments, null, LocaleContextHolder.getLocale());
        return translated != null ? translated : e.getMessage();
    }

    private String render(String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("token", token);
        try {
            model.addAttribute("view", appeals.view(token, request.getRemoteAddr()));
        } catch (NotFoundException e) {
            response.setStatus(404);
            model.addAttribute("invalid", true);
        }
        return PAGE;
    }
}
