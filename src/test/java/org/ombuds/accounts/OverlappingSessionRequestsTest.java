package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Two requests of one session that overlap (a page still streaming while the next one is asked for) each load the
 * session, and both add the same attribute: the second save must store its value, not fail half way through a page.
 */
class OverlappingSessionRequestsTest extends WebTest {
    @Autowired
    JdbcIndexedSessionRepository sessions;

    @Test
    void twoRequestsAddingTheSameAttributeBothSaveAndTheLaterValueStays() {
        assertThat(overlap(sessions)).isEqualTo("second");
    }

    private static <S extends Session> String overlap(SessionRepository<S> repository) {
        S created = repository.createSession();
        repository.save(created);
        S first = repository.findById(created.getId());
        S second = repository.findById(created.getId());
        first.setAttribute("marker", "first");
        repository.save(first);
        second.setAttribute("marker", "second");
        repository.save(second);
        return repository.findById(created.getId()).getAttribute("marker");
    }
}
