package org.ombuds.cases.internal;

import java.util.List;

import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.Viewer;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Mailer;
import org.ombuds.platform.UnavailableException;
import org.springframework.stereotype.Component;

/**
 * Letters go out first and are recorded once the mail server took them, so the case never claims a letter that
 * was not sent (and the SQLite write lock is never held while talking to SMTP).
 */
@Component
class Letters {
    private final CaseLetters cases;
    private final Mailer mailer;

    Letters(CaseLetters cases, Mailer mailer) {
        this.cases = cases;
        this.mailer = mailer;
    }

    String send(Viewer viewer, String caseId, CaseLetters.Letter letter) {
        cases.checkMaySend(viewer, caseId);
        if (!mailer.configured()) {
            throw new ConflictException("address", "Ombuds has no mail server configured (OMBUDS_SMTP_HOST), so it cannot send letters");
        }
        if (!mailer.send(List.of(letter.address()), letter.subject(), letter.body())) {
            throw new UnavailableException("the mail server did not take the letter; nothing was recorded, please try again");
        }
        return cases.recordLetter(viewer, caseId, letter);
    }
}
