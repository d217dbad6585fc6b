package org.ombuds.sanctions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.audit.AuditLog;
import org.ombuds.cases.Cases;
import org.ombuds.cases.Viewer;
import org.ombuds.coc.ActionKind;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading sanctions: a person's (by any handle, or person id), only from cases the reader may see. */
@Service
public class Sanctions {
    private final JdbcClient jdbc;
    private final People people;
    private final Cases cases;
    private final AuditLog audit;

    Sanctions(JdbcClient jdbc, People people, Cases cases, AuditLog audit) {
        this.jdbc = jdbc;
        this.people = people;
        this.cases = cases;
        this.audit = audit;
    }

    /** {@code subject}: a handle such as github:name, or a person id; empty = everyone. */
    @Transactional
    public List<Sanction> list(Viewer viewer, String subject, boolean activeOnly) {
        StringBuilder sql = new StringBuilder("SELECT * FROM sanction WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (subject != null && !subject.isBlank()) {
            Set<String> persons = new LinkedHashSet<>();
            String text = subject.strip();
            if (text.contains(":")) {
                people.ownerOf(IdentityHandle.parse(text)).ifPresent(owner -> persons.addAll(people.sameAs(owner)));
            } else {
                persons.addAll(people.sameAs(text));
            }
            if (persons.isEmpty()) return List.of();
            sql.append(" AND person_id IN (").append(String.join(", ", persons.stream().map(p -> "?").toList())).append(")");
            params.addAll(persons);
        }
        if (activeOnly) {
            sql.append(" AND status = ?");
            params.add(SanctionStatus.IN_EFFECT.word());
        }
        List<Sanction> visible = jdbc.sql(sql + " ORDER BY starts_at DESC LIMIT 1000").params(params)
                .query((row, n) -> {
                    long ends = row.getLong("ends_at");
                    Instant until = row.wasNull() ? null : Instant.ofEpochMilli(ends);
                    long ended = row.getLong("ended_at");
                    Instant endedAt = row.wasNull() ? null : Instant.ofEpochMilli(ended);
                    String spaces = row.getString("spaces");
                    return new Sanction(row.getString("id"), row.getString("decision_id"), row.getString("case_id"), row.getString("person_id"),
                            row.getString("action"), spaces.isEmpty() ? List.of() : List.of(spaces.split(",")),
                            Instant.ofEpochMilli(row.getLong("starts_at")), until, row.getString("status"), endedAt,
                            ActionKind.parse(row.getString("kind")).orElse(ActionKind.ADVISORY));
                }).list().stream()
                .filter(sanction -> cases.maySee(viewer, sanction.caseId()))
                .toList();
        audit.record("list", "sanction", null, null);
        return visible;
    }

}
