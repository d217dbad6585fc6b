package org.ombuds.accounts.internal;

import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Two requests of one session that overlap (a page still streaming while the next is asked for, two tabs) may both
 * add the same session attribute; with Spring Session's plain INSERT the second fails on the primary key and its page
 * breaks half way. An upsert stores the newer value instead. SQLite (3.24 and later) and PostgreSQL share the syntax.
 */
@Component
class SessionAttributeUpsert implements SessionRepositoryCustomizer<JdbcIndexedSessionRepository> {
    static final String CREATE_ATTRIBUTE = """
            INSERT INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
            VALUES (?, ?, ?)
            ON CONFLICT (SESSION_PRIMARY_ID, ATTRIBUTE_NAME) DO UPDATE SET ATTRIBUTE_BYTES = EXCLUDED.ATTRIBUTE_BYTES""";

    @Override
    public void customize(JdbcIndexedSessionRepository repository) {
        repository.setCreateSessionAttributeQuery(CREATE_ATTRIBUTE);
    }
}
