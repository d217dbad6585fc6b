package org.ombuds.community;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.Slugs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The spaces a community's Code covers. Slugs are unique across the instance: spaces call us by slug. */
@Service
public class Spaces {
    private static final String COLUMNS = "id, community_id, slug, kind, name";
    private final JdbcClient jdbc;
    private final Communities communities;
    private final Clock clock;

    Spaces(JdbcClient jdbc, Communities communities, Clock clock) {
        this.jdbc = jdbc;
        this.communities = communities;
        this.clock = clock;
    }

    @Transactional
    public Space add(String slug, String kindId, String communitySlug, String name) {
        Slugs.require("slug", slug);
        SpaceKind kind = SpaceKind.fromId(kindId);
        Community community = communities.resolve(communitySlug);
        if (bySlug(slug).isPresent()) {
            throw new ConflictException("slug", "a space with slug '" + slug + "' already exists");
        }
        String displayName = name == null || name.isBlank() ? slug : name.strip();
        if (displayName.length() > 200) {
            throw new org.ombuds.platform.InvalidInputException("name", "name must be at most 200 characters");
        }
        Space space = new Space(Ids.newId(), community.id(), slug, kind, displayName);
        jdbc.sql("INSERT INTO space (id, community_id, slug, kind, name, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(space.id(), space.communityId(), slug, kind.id(), displayName, clock.millis())
                .update();
        return space;
    }

    public Optional<Space> bySlug(String slug) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM space WHERE slug = ?").param(slug).query(Spaces::map).optional();
    }

    public Optional<Space> byId(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM space WHERE id = ?").param(id).query(Spaces::map).optional();
    }

    public Space require(String slug) {
        return bySlug(slug).orElseThrow(() -> new NotFoundException("there is no space '" + Slugs.printable(slug) + "'"));
    }

    public List<Space> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM space ORDER BY slug").query(Spaces::map).list();
    }

    public List<Space> of(String communityId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM space WHERE community_id = ? ORDER BY slug").param(communityId)
                .query(Spaces::map).list();
    }

    private static Space map(java.sql.ResultSet row, int rowNumber) throws java.sql.SQLException {
        return new Space(row.getString("id"), row.getString("community_id"), row.getString("slug"),
                SpaceKind.fromId(row.getString("kind")), row.getString("name"));
    }
}
