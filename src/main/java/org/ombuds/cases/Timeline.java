package org.ombuds.cases;

import java.time.Clock;

import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the case timeline: what happened, in words that hold no report content (ids, statuses, roles). The reason an
 * actor gave, when there is one, is sealed with the case's key, as notes are.
 */
@Component
class Timeline {
    static final String REASON_CONTEXT = "case_event.sealed_reason";
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final Clock clock;

    Timeline(JdbcClient jdbc, DataKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.clock = clock;
    }

    void record(String caseId, String actorAccountId, String kind, String detail) {
        record(caseId, actorAccountId, kind, detail, null);
    }

    void record(String caseId, String actorAccountId, String kind, String detail, String reason) {
        String id = Ids.newId();
        String sealed = null;
        if (reason != null) {
            String key = jdbc.sql("SELECT data_key_id FROM case_file WHERE id = ?").param(caseId).query(String.class).single();
            sealed = keys.seal(key, reason, REASON_CONTEXT + ":" + id);
        }
        jdbc.sql("INSERT INTO case_event (id, case_id, at, actor_account_id, kind, detail, sealed_reason) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, caseId, clock.millis(), actorAccountId, kind, detail, sealed).update();
    }
}
