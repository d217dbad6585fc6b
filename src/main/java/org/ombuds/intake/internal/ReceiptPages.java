package org.ombuds.intake.internal;

import jakarta.servlet.http.HttpServletRequest;

import org.ombuds.intake.Intake;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Follow-up with the receipt. The code travels in POST bodies only, never in a URL, so it stays out of
 * browser history, logs and referrers.
 */
@Controller
class ReceiptPages {
    private final Intake intake;
    private final MessageSource messages;

    ReceiptPages(Intake intake, MessageSource messages) {
        this.intake = intake;
        this.messages = messages;
    }

    @GetMapping("/receipt")
    String form() {
        return "intake/receipt";
    }

    @PostMapping("/receipt")
    String follow(@RequestParam(required = false) String receipt, HttpServletRequest request, Model model) {
        return show(receipt, request, model);
    }

    @PostMapping("/receipt/messages")
    String reply(@RequestParam(required = false) String receipt, @RequestParam(required = false) String body,
                 HttpServletRequest request, Model model) {
        try {
            intake.reply(receipt, body, request.getRemoteAddr());
            model.addAttribute("sent", true);
        } catch (InvalidInputException e) {
            model.addAttribute("messageError", translated("status.error." + e.code(), e.arguments(), e.getMessage()));
            model.addAttribute("body", body);
        } catch (ConflictException e) {
            model.addAttribute("messageError", translated("status.error." + e.code(), e.arguments(), e.getMessage()));
        } catch (NotFoundException e) {
            model.addAttribute("error", translated("receipt.error.notFound", null, e.getMessage()));
            return "intake/receipt";
        }
        return show(receipt, request, model);
    }

    private String show(String receipt, HttpServletRequest request, Model model) {
        model.addAttribute("receipt", receipt);
        try {
            model.addAttribute("view", intake.follow(receipt, request.getRemoteAddr()));
            return "intake/status";
        } catch (NotFoundException e) {
            model.addAttribute("error", translated("receipt.error.notFound", null, e.getMessage()));
            return "intake/receipt";
        }
    }

    /** The message in the reader's language; the service's English words when there is no translation. */
    private String translated(String key, Object[] arguments, String english) {
        String text = messages.getMessage(key, arguments, null, LocaleContextHolder.getLocale());
        return text != null ? text : english;
    }
}
