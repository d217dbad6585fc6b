package org.ombuds.coc.internal;

import java.util.List;
import java.util.Locale;

import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The public pages of the Code: the version in force, earlier versions, and what changed between two. */
@Controller
class CodePages {
    private final CodeOfConduct code;
    private final CodeRenderer renderer;

    CodePages(CodeOfConduct code, CodeRenderer renderer) {
        this.code = code;
        this.renderer = renderer;
    }

    @GetMapping("/coc")
    String current(@RequestParam(required = false) String community, Model model, Locale locale) {
        return show(code.current(community), code.current(community), community, model, locale);
    }

    @GetMapping("/coc/versions/{version}")
    String version(@PathVariable int version, @RequestParam(required = false) String community, Model model, Locale locale) {
        return show(code.version(community, version), code.current(community), community, model, locale);
    }

    @GetMapping("/coc/versions")
    String versions(@RequestParam(required = false) String community, Model model) {
        List<CodeVersion> versions = code.versions(community);
        model.addAttribute("versions", versions);
        model.addAttribute("current", code.current(community));
        model.addAttribute("community", community);
        return "coc/versions";
    }

    @GetMapping("/coc/diff")
    String diff(@RequestParam int from, @RequestParam int to, @RequestParam(required = false) String community, Model model) {
        CodeVersion older = code.version(community, from);
        CodeVersion newer = code.version(community, to);
        model.addAttribute("from", older);
        model.addAttribute("to", newer);
        model.addAttribute("lines", CodeDiff.lines(older, newer));
        model.addAttribute("community", community);
        return "coc/diff";
    }

    @GetMapping("/appeals")
    String appealProcedure() {
        return "coc/appeals";
    }

    private String show(CodeVersion shown, CodeVersion inForce, String community, Model model, Locale locale) {
        model.addAttribute("code", shown);
        model.addAttribute("inForce", inForce);
        model.addAttribute("html", renderer.html(shown, locale));
        model.addAttribute("community", community);
        return "coc/code";
    }
}
