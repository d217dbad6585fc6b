package org.ombuds.accounts.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.ombuds.audit.ActorNames;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Names the staff members in the audit log, so readers see people rather than account ids. */
@Component
class AccountNames implements ActorNames {
    private final JdbcClient jdbc;

    AccountNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> namesOf(Collection<String> actors) {
        List<String> ids = actors.stream().distinct().toList();
        if (ids.isEmpty()) return Map.of();
        return jdbc.sql("SELECT id, name FROM account WHERE id IN (:ids)").param("ids", ids)
                .query((row, n) -> Map.entry(row.getString("id"), row.getString("name"))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
