package org.ombuds.coc.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page: read the Code, report a concern, follow up. */
@Controller
class HomePage {
    @GetMapping("/")
    String home() {
        return "index";
    }
}
