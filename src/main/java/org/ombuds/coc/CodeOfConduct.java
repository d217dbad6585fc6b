package org.ombuds.coc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.ombuds.community.Communities;
import org.ombuds.community.Community;
import org.ombuds.community.CommunityCreated;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The versions of each community's Code. The version in force is the newest one whose effective date has
 * come; a community without a Code of its own follows its parent's.
 */
@Service
public class CodeOfConduct {
    static final int MAX_LENGTH = 200_000;
    private static final String COLUMNS = "id, community_id, version, markdown, sha256, effective_at, published_at, published_by, note";
    private final JdbcClient jdbc;
    private final Communities communities;
    private final Clock clock;
    /** Parsed structure by sha256: versions never change, so neither does what they define. */
    private final Map<String, CodeParser.Structure> structures = new ConcurrentHashMap<>();
    /** The actions with their kinds by version id, as immutable as the versions. */
    private final Map<String, List<EnforcementAction>> ladders = new ConcurrentHashMap<>();
    private final Map<String, CodeVersion> inForceById = new ConcurrentHashMap<>();

    CodeOfConduct(JdbcClient jdbc, Communities communities, Clock clock) {
        this.jdbc = jdbc;
        this.communities = communities;
        this.clock = clock;
    }

    /** The version in force for a community (the first community when null). */
    @Transactional(readOnly = true)
    public CodeVersion current(String communitySlug) {
        return currentOf(communities.resolve(communitySlug));
    }

    /** The version in force for a community already at hand. */
    @Transactional(readOnly = true)
    public CodeVersion currentOf(Community community) {
        for (Community holder : communities.lineage(community.id())) {
            Optional<String> inForce = jdbc.sql("SELECT id FROM coc_version WHERE community_id = ? AND effective_at <= ? ORDER BY version DESC LIMIT 1")
                    .params(holder.id(), clock.millis()).query(String.class).optional();
            if (inForce.isPresent()) return inForce(inForce.get());
        }
        throw new NotFoundException("the community '" + community.slug() + "' has no Code of Conduct yet");
    }

    /** A version in force, read once: published versions never change, and every report asks for one (with its whole text). */
    private CodeVersion inForce(String versionId) {
        CodeVersion known = inForceById.get(versionId);
        if (known != null) return known;
        CodeVersion version = jdbc.sql("SELECT " + COLUMNS + " FROM coc_version WHERE id = ?").param(versionId).query(this::map).single();
        if (inForceById.size() >= 64) inForceById.clear(); // versions that were in force since the start: a few per community
        inForceById.put(versionId, version);
        return version;
    }

    /** Every published version of the Code the community follows, newest first, including scheduled ones. */
    @Transactional(readOnly = true)
    public List<CodeVersion> versions(String communitySlug) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM coc_version WHERE community_id = ? ORDER BY version DESC")
                .param(holderOf(communitySlug)).query(this::map).list();
    }

    @Transactional(readOnly = true)
    public CodeVersion version(String communitySlug, int version) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM coc_version WHERE community_id = ? AND version = ?")
                .params(holderOf(communitySlug), version).query(this::map).optional()
                .orElseThrow(() -> new NotFoundException("there is no version " + version + " of the Code"));
    }

    /**
     * Publishes a new immutable version for the community itself (a child community that publishes stops
     * following its parent). {@code effectiveAt} null means now.
     */
    @Transactional
    public CodeVersion publish(String communitySlug, String markdown, Instant effectiveAt, String publishedBy, String note) {
        return publish(communitySlug, markdown, effectiveAt, publishedBy, note, List.of());
    }

    /**
     * Publishes with the kinds (and quorums) of the Code's actions that are not the default Code's; refused, naming the
     * action, when an action is left without a kind (see {@link Ladder}).
     */
    @Transactional
    public CodeVersion publish(String communitySlug, String markdown, Instant effectiveAt, String publishedBy, String note,
                               List<ActionDeclaration> ladder) {
        return publishFor(communities.resolve(communitySlug).id(), markdown, effectiveAt, publishedBy, note, ladder);
    }

    @Transactional
    CodeVersion publishFor(String communityId, String markdown, Instant effectiveAt, String publishedBy, String note,
                           List<ActionDeclaration> ladder) {
        if (markdown == null || markdown.isBlank()) {
            throw new InvalidInputException("markdown", "the Code's text is required");
        }
        if (markdown.length() > MAX_LENGTH) {
            throw new InvalidInputException("markdown", "the Code's text must be at most " + MAX_LENGTH + " characters");
        }
        if (note != null && note.length() > 2000) {
            throw new InvalidInputException("note", "the note must be at most 2000 characters");
        }
        String text = markdown.replace("\r\n", "\n");
        List<EnforcementAction> actions = Ladder.kinded(CodeParser.parseForPublishing(text).actions(), ladder);
        Instant now = clock.instant();
        Instant effective = effectiveAt == null ? now : effectiveAt;
        if (effective.isBefore(now.minusSeconds(60))) {
            throw new InvalidInputException("effectiveAt", "a new version cannot take effect in the past");
        }
        int next = jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM coc_version WHERE community_id = ?")
                .param(communityId).query(Integer.class).single();
        String id = Ids.newId();
        jdbc.sql("INSERT INTO coc_version (id, community_id, version, markdown, sha256, effective_at, published_at, published_by, note)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, communityId, next, text, sha256(text), effective.toEpochMilli(), now.toEpochMilli(), publishedBy,
                        note == null || note.isBlank() ? null : note.strip())
                .update();
        // Beside the version and as immutable: what the text does not say but decisions must know of each action.
        for (EnforcementAction action : actions) {
            jdbc.sql("INSERT INTO coc_action (version_id, action_id, kind, quorum) VALUES (?, ?, ?, ?)")
                    .params(id, action.id(), action.kind().id(), action.quorum()).update();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM coc_version WHERE id = ?").param(id).query(this::map).single();
    }

    /** A new root community starts with the Code shipped with Ombuds, in the same transaction. */
    @EventListener
    void adoptDefaultCode(CommunityCreated created) {
        if (created.isRoot()) {
            publishFor(created.communityId(), DefaultCode.text(), null, "ombuds", "The Code of Conduct shipped with Ombuds", List.of());
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String holderOf(String communitySlug) {
        Community community = communities.resolve(communitySlug);
        for (Community holder : communities.lineage(community.id())) {
            Integer count = jdbc.sql("SELECT COUNT(*) FROM coc_version WHERE community_id = ?").param(holder.id())
                    .query(Integer.class).single();
            if (count > 0) return holder.id();
        }
        return community.id();
    }

    private CodeVersion map(java.sql.ResultSet row, int rowNumber) throws java.sql.SQLException {
        String markdown = row.getString("markdown");
        var structure = structures.computeIfAbsent(row.getString("sha256"), sha -> CodeParser.parse(markdown));
        return new CodeVersion(row.getString("id"), row.getString("community_id"), row.getInt("version"), markdown,
                row.getString("sha256"), Instant.ofEpochMilli(row.getLong("effective_at")),
                Instant.ofEpochMilli(row.getLong("published_at")), row.getString("published_by"), row.getString("note"),
                structure.categories(), ladders.computeIfAbsent(row.getString("id"), id -> ladderOf(id, structure.actions())),
                structure.scope());
    }

    /** A version published before kinds were recorded has no rows: its default actions still get theirs by id. */
    private List<EnforcementAction> ladderOf(String versionId, List<EnforcementAction> actions) {
        Map<String, EnforcementAction> declared = new java.util.HashMap<>();
        jdbc.sql("SELECT action_id, kind, quorum FROM coc_action WHERE version_id = ?").param(versionId)
                .query((row, n) -> declared.put(row.getString(1), new EnforcementAction(row.getString(1), null, null, 0,
                        ActionKind.parse(row.getString(2)).orElse(null), row.getString(3)))).list();
        return actions.stream().map(action -> {
            EnforcementAction stored = declared.get(action.id());
            return stored == null ? action : action.declared(stored.kind(), stored.quorum());
        }).toList();
    }
}
