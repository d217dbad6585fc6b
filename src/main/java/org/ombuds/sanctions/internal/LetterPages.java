package org.ombuds.sanctions.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ombuds.accounts.StaffUser;
import org.ombuds.audit.ActorNames;
import org.ombuds.platform.RefusedForm;
import org.ombuds.sanctions.LetterTexts;
import org.ombuds.sanctions.LetterTexts.LetterText;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admins' page for the texts of the letters to sanctioned people ({@link LetterTexts}): every text with its hint,
 * one form each to save it and one to go back to the default, and a preview of the letters with made-up values.
 * Forms post, then redirect back with a notice; a refused text comes back as typed, its field marked. Only admins
 * may use it: the service refuses everyone else (403).
 */
@Controller
class LetterPages {
    private static final String PAGE = "/staff/letters";
    private final LetterTexts texts;
    private final ActorNames names;
    private final MessageSource messages;

    LetterPages(LetterTexts texts, ActorNames names, MessageSource messages) {
        this.texts = texts;
        this.names = names;
        this.messages = messages;
    }

    /** A group of texts as the page shows it: its heading and its texts in the file's order. */
    public record Group(String id, String title, List<TextView> texts) {
    }

    /**
     * A text as the page shows it: {@code field} is its textarea's id, {@code value} what the textarea holds (what
     * was typed, after a refused save), {@code rows} its height, {@code updatedBy} the name of who saved it.
     */
    public record TextView(LetterText text, String field, String value, int rows, String updatedBy) {
    }

    @GetMapping(PAGE)
    ModelAndView show(@AuthenticationPrincipal StaffUser user) {
        return page(user, null, null, RefusedForm.NONE);
    }

    @PostMapping(PAGE + "/{key}")
    ModelAndView save(@AuthenticationPrincipal StaffUser user, @PathVariable String key, @RequestParam(required = false) String text,
                      RedirectAttributes redirect) {
        return RefusedForm.INPUT.attempt(() -> {
            texts.save(user.accountId(), key, text);
            redirect.addFlashAttribute("notice", "letters.page.notice.saved");
            redirect.addFlashAttribute("noticeArgument", key);
            return new ModelAndView("redirect:" + PAGE + "#" + fieldOf(key));
        }, refused -> page(user, key, text, refused.at(fieldOf(key))));
    }

    @PostMapping(PAGE + "/{key}/reset")
    ModelAndView reset(@AuthenticationPrincipal StaffUser user, @PathVariable String key, RedirectAttributes redirect) {
        boolean reset = texts.reset(user.accountId(), key);
        redirect.addFlashAttribute("notice", reset ? "letters.page.notice.reset" : "letters.page.notice.unchanged");
        redirect.addFlashAttribute("noticeArgument", key);
        return new ModelAndView("redirect:" + PAGE + "#" + fieldOf(key));
    }

    @GetMapping(PAGE + "/preview")
    ModelAndView preview(@AuthenticationPrincipal StaffUser user) {
        ModelAndView view = new ModelAndView("letters/preview");
        view.addObject("samples", texts.preview(user.accountId()));
        view.addObject("language", texts.language());
        return view;
    }

    /** The page; after a refused save, {@code errorKey}'s textarea holds what was typed and says what is wrong. */
    private ModelAndView page(StaffUser user, String errorKey, String typed, RefusedForm refused) {
        List<LetterText> all = texts.list(user.accountId());
        Map<String, String> who = names.namesOf(all.stream().map(LetterText::updatedBy).filter(id -> id != null).toList());
        Map<String, List<TextView>> grouped = new LinkedHashMap<>();
        for (LetterText text : all) {
            boolean atFault = text.key().equals(errorKey);
            String value = atFault ? (typed == null ? "" : typed) : text.text();
            grouped.computeIfAbsent(text.group(), group -> new ArrayList<>()).add(new TextView(text, fieldOf(text.key()), value,
                    Math.min(12, Math.max(2, value.length() / 90 + 1 + (int) value.chars().filter(c -> c == '\n').count())),
                    text.updatedBy() == null ? null : who.getOrDefault(text.updatedBy(), text.updatedBy())));
        }
        List<Group> groups = new ArrayList<>();
        grouped.forEach((id, views) -> groups.add(new Group(id, messages.getMessage("letters.page.group." + id, null, id,
                LocaleContextHolder.getLocale()), views)));
        ModelAndView view = new ModelAndView("letters/texts");
        view.addObject("groups", groups);
        view.addObject("language", texts.language());
        view.addObject("maxLength", LetterTexts.MAX_LENGTH);
        return refused.on(view);
    }

    /** The id of a text's textarea: {@code text-letter.subject.correction}. */
    static String fieldOf(String key) {
        return "text-" + key;
    }
}
