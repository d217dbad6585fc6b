package org.ombuds.intake.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.coc.CodeOfConduct;
import org.ombuds.community.Spaces;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.ombuds.intake.Attachment;
import org.ombuds.intake.Intake;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.RateLimits;
import org.ombuds.platform.RefusedForm;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** The report form (works without JavaScript) and the page that hands over the receipt. */
@Controller
class ReportPages {
    private final Intake intake;
    private final CodeOfConduct code;
    private final Spaces spaces;
    private final RateLimits limits;
    private final MessageSource messages;

    ReportPages(Intake intake, CodeOfConduct code, Spaces spaces, RateLimits limits, MessageSource messages) {
        this.limits = limits;
        this.messages = messages;
        this.intake = intake;
        this.code = code;
        this.spaces = spaces;
    }

    @GetMapping("/report")
    String form(Model model) {
        return show(new ReportForm(), RefusedForm.NONE, model);
    }

    /**
     * The receipt is shown in the answer to the POST itself, never kept for a later page: a redirect would have to park
     * it in the session, which lives in the database (and its write-ahead log) until the session expires.
     */
    @PostMapping("/report")
    String submit(@ModelAttribute("report") ReportForm form, @RequestParam(name = "attachments", required = false) List<MultipartFile> files,
                  HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        try {
            List<Attachment> attachments = new ArrayList<>();
            for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
                if (!file.isEmpty()) attachments.add(new Attachment(file.getOriginalFilename(), file.getBytes()));
            }
            limits.take("reports", request.getRemoteAddr());
            var submitted = intake.submit(form.toNewReport(), attachments, null);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            model.addAttribute("receipt", submitted.receipt());
            return "intake/received";
        } catch (InvalidInputException e) {
            return show(form, RefusedForm.of(e).at(formField(e.field())).saying(message(e)), model);
        }
    }

    /** Where the receipt page used to be: it is shown only in answer to the report, so this leads to the follow-up page. */
    @GetMapping("/report/received")
    String received() {
        return "redirect:/receipt";
    }

    /** The refusal in the reader's language ({@code report.error.<code>}); the service's English words otherwise. */
    private String message(InvalidInputException e) {
        String translated = messages.getMessage("report.error." + e.code(), e.arguments(), null, LocaleContextHolder.getLocale());
        return translated != null ? translated : e.getMessage();
    }

    private String show(ReportForm form, RefusedForm refused, Model model) {
        model.addAttribute("report", form);
        model.addAttribute("code", code.current(null));
        model.addAttribute("spaces", spaces.all());
        refused.on(model);
        return "intake/report";
    }

    /** The form's name for a field the service names after the API. */
    private static String formField(String field) {
        return switch (field) {
            case "occurredAt" -> "occurredOn";
            case "reported.handles" -> "reportedHandles";
            case "reported.name" -> "reportedName";
            case "reporter", "reporter.name" -> "reporterName";
            case "reporter.email" -> "reporterEmail";
            default -> field;
        };
    }
}
