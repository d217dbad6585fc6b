package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.util.ClassUtils;

/**
 * Every after-commit listener runs asynchronously. With the event publication registry a synchronous one is marked
 * done in the committed transaction's afterCommit, where a database write leaves an SQLite transaction open and
 * locks out every other writer.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class EventListenersTest {

    @Test
    void everyTransactionalEventListenerIsAsync() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
        List<String> listeners = new ArrayList<>();
        List<String> synchronous = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("org.ombuds")) {
            Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), getClass().getClassLoader());
            for (Method method : type.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(TransactionalEventListener.class)) continue;
                listeners.add(type.getSimpleName() + "." + method.getName());
                if (!method.isAnnotationPresent(Async.class)) synchronous.add(type.getSimpleName() + "." + method.getName());
            }
        }
        assertThat(listeners).as("the scan finds the listeners").contains("SanctionLetters.decided", "CaseNotifications.caseActivity");
        assertThat(synchronous).isEmpty();
    }
}
