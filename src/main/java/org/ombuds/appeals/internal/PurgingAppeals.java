package org.ombuds.appeals.internal;

import java.time.Clock;
import java.util.List;

import org.ombuds.crypto.DataKeys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Purging the appeals on a case when the retention policy ends it. */
@Component
public class PurgingAppeals {
    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final Clock clock;

    PurgingAppeals(JdbcClient jdbc, DataKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Statements, evidence, reasoning and messages are deleted and each appeal's data key destroyed; status, outcome and
     * dates stay (transparency counts outcomes). Returns how many were purged now.
     */
    @Transactional
    public int purge(String caseId) {
        List<AppealRow> appeals = jdbc.sql("SELECT * FROM appeal WHERE case_id = ? AND purged_at IS NULL").param(caseId).query(AppealRow::map).list();
        for (AppealRow appeal : appeals) {
            jdbc.sql("DELETE FROM appeal_message WHERE appeal_id = ?").param(appeal.id()).update();
            jdbc.sql("UPDATE appeal SET sealed_statement = '', sealed_evidence = NULL, sealed_reasoning = NULL, purged_at = ? WHERE id = ?")
                    .params(clock.millis(), appeal.id()).update();
            keys.destroy(appeal.dataKeyId());
        }
        return appeals.size();
    }
}
