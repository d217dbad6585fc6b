package org.ombuds.appeals.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.appeals.Message;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL that several of the appeals activities share: an appeal's row, its history ({@code appeal_event}) and its
 * conversation ({@code appeal_message}), and opening what is sealed with the appeal's own key. Appeals owns
 * {@code appeal}, {@code appeal_message} and {@code appeal_event}; what it needs of the appeal link comes from
 * {@link org.ombuds.sanctions.AppealLinks}.
 */
@Component
public class AppealRecords {
    static final int MAX_TEXT = 20_000;
    static final String STATEMENT = "appeal.sealed_statement";
    static final String EVIDENCE = "appeal.sealed_evidence";
    static final String REASONING = "appeal.sealed_reasoning";
    static final String MESSAGE = "appeal_message.sealed_body";

    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final Accounts accounts;
    private final Clock clock;

    AppealRecords(JdbcClient jdbc, DataKeys keys, Accounts accounts, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.accounts = accounts;
        this.clock = clock;
    }

    AppealRow row(String appealId) {
        return jdbc.sql("SELECT * FROM appeal WHERE id = ?").param(appealId == null ? "" : appealId).query(AppealRow::map).optional()
                .orElseThrow(() -> new NotFoundException("there is no such appeal"));
    }

    Optional<AppealRow> appealOf(String decisionId) {
        return jdbc.sql("SELECT * FROM appeal WHERE decision_id = ?").param(decisionId).query(AppealRow::map).optional();
    }

    /** A line of the appeal's history, shown to its reviewer and admins. */
    void event(String appealId, String actor, String kind, String detail) {
        jdbc.sql("INSERT INTO appeal_event (id, appeal_id, at, actor_account_id, kind, detail) VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), appealId, clock.millis(), actor, kind, detail).update();
    }

    void addMessage(AppealRow appeal, String author, String accountId, String body) {
        String id = Ids.newId();
        jdbc.sql("INSERT INTO appeal_message (id, appeal_id, author, account_id, sealed_body, written_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, appeal.id(), author, accountId, keys.seal(appeal.dataKeyId(), body, MESSAGE + ":" + appeal.id()), clock.millis())
                .update();
        event(appeal.id(), accountId, "message", author);
    }

    /** The conversation; for the appellant the reviewer stays "the reviewer" (no name). */
    List<Message> messages(AppealRow appeal, boolean forAppellant) {
        return jdbc.sql("SELECT author, account_id, sealed_body, written_at FROM appeal_message WHERE appeal_id = ? ORDER BY written_at, id")
                .param(appeal.id())
                .query((r, n) -> new Message(r.getString(1), forAppellant ? null : name(r.getString(2)),
                        open(appeal, r.getString(3), MESSAGE), Instant.ofEpochMilli(r.getLong(4))))
                .list();
    }

    String open(AppealRow appeal, String sealed, String context) {
        if (sealed.isEmpty()) return null; // purged: the appeal's key is destroyed and its statement emptied
        return keys.open(appeal.dataKeyId(), sealed, context + ":" + appeal.id());
    }

    String name(String accountId) {
        return accountId == null ? null : accounts.byId(accountId).map(Account::name).orElse(accountId);
    }

    static String required(String field, String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) throw new InvalidInputException(field, "this is required", "required");
        if (value.length() > MAX_TEXT) throw new InvalidInputException(field, "at most " + MAX_TEXT + " characters", "tooLong", MAX_TEXT);
        return value;
    }

    static String optional(String field, String text) {
        return text == null || text.isBlank() ? null : required(field, text);
    }
}
