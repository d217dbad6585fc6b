package org.ombuds.community;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.OmbudsProperties;
import org.ombuds.platform.Slugs;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Communities, nested so that a foundation's projects can inherit its Code. */
@Service
public class Communities {
    /** Mapped by hand: a record class given to JdbcClient is introspected again on every query, and this is on every report's path. */
    private static final RowMapper<Community> ROW = (row, n) -> new Community(row.getString("id"), row.getString("slug"),
            row.getString("name"), row.getString("parent_id"));
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final OmbudsProperties.Community firstCommunity;

    private final TransactionTemplate transactions;

    Communities(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, OmbudsProperties properties,
                PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.firstCommunity = properties.community();
    }

    @Transactional
    public Community create(String slug, String name, String parentSlug) {
        Slugs.require("slug", slug);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidInputException("name", "name is required (1-200 characters)");
        }
        if (bySlug(slug).isPresent()) {
            throw new ConflictException("slug", "a community with slug '" + slug + "' already exists");
        }
        String parentId = parentSlug == null || parentSlug.isBlank() ? null : require(parentSlug).id();
        Community community = new Community(Ids.newId(), slug, name.strip(), parentId);
        jdbc.sql("INSERT INTO community (id, slug, name, parent_id, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(community.id(), community.slug(), community.name(), parentId, clock.millis())
                .update();
        events.publishEvent(new CommunityCreated(community.id(), parentId));
        return community;
    }

    /**
     * The instance's first community, created from the configured name on first start. A plain read (no
     * transaction): it is on the path of every report, and on SQLite a transaction takes the write lock.
     */
    public Community first() {
        return jdbc.sql("SELECT id, slug, name, parent_id FROM community WHERE parent_id IS NULL ORDER BY created_at, id LIMIT 1")
                .query(ROW).optional()
                .orElseGet(() -> transactions.execute(status -> create(firstCommunity.slug(), firstCommunity.name(), null)));
    }

    public Optional<Community> bySlug(String slug) {
        return jdbc.sql("SELECT id, slug, name, parent_id FROM community WHERE slug = ?").param(slug)
                .query(ROW).optional();
    }

    public Optional<Community> byId(String id) {
        return jdbc.sql("SELECT id, slug, name, parent_id FROM community WHERE id = ?").param(id)
                .query(ROW).optional();
    }

    public Community require(String slug) {
        return bySlug(slug).orElseThrow(() -> new NotFoundException("there is no community '" + Slugs.printable(slug) + "'"));
    }

    /** The community named, or the first one when none is named. */
    public Community resolve(String slugOrNull) {
        return slugOrNull == null || slugOrNull.isBlank() ? first() : require(slugOrNull);
    }

    public List<Community> all() {
        return jdbc.sql("SELECT id, slug, name, parent_id FROM community ORDER BY created_at, slug").query(ROW).list();
    }

    /** The community itself, then its parent, up to the root. */
    public List<Community> lineage(String communityId) {
        List<Community> lineage = new ArrayList<>();
        Optional<Community> current = byId(communityId);
        while (current.isPresent() && lineage.size() < 32) {
            lineage.add(current.get());
            current = current.get().parentId() == null ? Optional.empty() : byId(current.get().parentId());
        }
        return lineage;
    }
}
