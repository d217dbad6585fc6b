package org.ombuds.platform.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.platform.OmbudsProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Where anyone chooses the time zone pages show times in; works without JavaScript. */
@Controller
class TimeZonePage {
    /** Far below what a response header may hold (8 KB); the pages link here with their own address, which is shorter. */
    static final int LONGEST_BACK = 2048;
    /** Region ids people recognise (Europe/Berlin), sorted, with UTC first. */
    private static final List<String> ZONES = java.util.stream.Stream.concat(java.util.stream.Stream.of("UTC"),
                    ZoneId.getAvailableZoneIds().stream().filter(id -> id.contains("/") && !id.startsWith("Etc/")
                            && !id.startsWith("SystemV/")).sorted())
            .toList();
    private final OmbudsProperties properties;

    TimeZonePage(OmbudsProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/time-zone")
    String show(@RequestParam(required = false) String back, HttpServletRequest request, Model model) {
        model.addAttribute("zones", ZONES);
        model.addAttribute("current", ViewerTimeZones.of(request).getId());
        model.addAttribute("back", safeBack(back));
        return "time-zone";
    }

    @PostMapping("/time-zone")
    String choose(@RequestParam(required = false) String zone, @RequestParam(required = false) String back,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<ZoneId> chosen = ViewerTimeZones.parse(zone);
        if (chosen.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("error", true);
            model.addAttribute("zones", ZONES);
            model.addAttribute("current", ViewerTimeZones.of(request).getId());
            model.addAttribute("back", safeBack(back));
            return "time-zone";
        }
        ViewerTimeZones.remember(response, chosen.get(), properties.servedOverHttps());
        return "redirect:" + safeBack(back);
    }

    /**
     * Only a path of this site: anything else (another host, "//host", a scheme) goes home instead of away. Empty and
     * dot segments are refused too: "/.//host" is "//host" once a browser or server removes the dot. So is what cannot
     * be a Location header as it stands: more than {@value #LONGEST_BACK} characters, anything but ASCII, and anything
     * a URI does not allow unescaped ("{x}" would even be read as a template to fill in).
     */
    static String safeBack(String back) {
        if (back == null || back.length() > LONGEST_BACK || !back.startsWith("/") || back.startsWith("//") || back.startsWith("/\\")
                || back.chars().anyMatch(c -> c < 0x21 || c == '\\' || c >= 0x7F)
                || back.split("[?#]", 2)[0].matches(".*(//|/\\.{1,2}(/|$)).*")
                || !isUri(back)) {
            return "/";
        }
        return back;
    }

    private static boolean isUri(String text) {
        try {
            new URI(text);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
