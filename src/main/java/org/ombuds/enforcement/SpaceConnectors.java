package org.ombuds.enforcement;

import static org.ombuds.platform.Rows.instant;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.crypto.Sealer;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.Slugs;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which connector each space uses and its settings, sealed at rest; admins configure them and test the connection.
 * Secrets are never shown back: a configuration that leaves a secret blank keeps the one stored.
 */
@Service
public class SpaceConnectors {
    static final String CONTEXT = "space_connector.sealed_settings";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HIDDEN = "(set)";
    private final JdbcClient jdbc;
    private final Map<String, Connector> connectors;
    private final Spaces spaces;
    private final Sealer sealer;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;

    private final ApplicationEventPublisher events;

    SpaceConnectors(JdbcClient jdbc, List<Connector> connectors, Spaces spaces, Sealer sealer, Accounts accounts, AuditLog audit, Clock clock,
                    ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.connectors = connectors.stream().collect(Collectors.toMap(Connector::type, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        this.spaces = spaces;
        this.sealer = sealer;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** A space's connector as a page or the API shows it: secrets replaced by "(set)". */
    public record ConnectorView(String space, String type, boolean enabled, Map<String, String> settings, List<Connector.Setting> fields,
                                List<String> identityKinds, List<String> capabilities, Instant checkedAt, String checkError) {
    }

    /** The connectors this instance has, by type. */
    public Map<String, Connector> types() {
        return connectors;
    }

    @Transactional
    public void configure(String adminAccountId, String spaceSlug, String type, Map<String, String> settings, boolean enabled) {
        requireAdmin(adminAccountId);
        Space space = space(spaceSlug);
        Connector connector = connector(type);
        Map<String, String> stored = settingsOf(space.id()).filter(current -> current.type().equals(type))
                .map(current -> current.settings().values()).orElse(Map.of());
        Map<String, String> values = new LinkedHashMap<>();
        for (Connector.Setting field : connector.settings()) {
            String value = settings == null ? null : settings.get(field.name());
            if ((value == null || value.isBlank() || value.equals(HIDDEN)) && field.secret()) value = stored.get(field.name());
            if (value != null && !value.isBlank()) values.put(field.name(), value.strip());
            if (field.required() && !values.containsKey(field.name())) {
                throw new InvalidInputException(field.name(), "the " + connector.type() + " connector needs '" + field.name() + "': "
                        + field.description());
            }
            if (field.address() && values.containsKey(field.name()) && !PeerAddresses.allowed(values.get(field.name()))) {
                throw new InvalidInputException(field.name(), PeerAddresses.refusal(field.name()));
            }
        }
        String sealed = sealer.seal(JSON.writeValueAsString(values), CONTEXT + ":" + space.id());
        long now = clock.millis();
        if (jdbc.sql("UPDATE space_connector SET type = ?, sealed_settings = ?, enabled = ?, updated_by = ?, updated_at = ?, checked_at = NULL,"
                        + " check_error = NULL WHERE space_id = ?")
                .params(type, sealed, enabled, adminAccountId, now, space.id()).update() == 0) {
            jdbc.sql("INSERT INTO space_connector (space_id, type, sealed_settings, enabled, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(space.id(), type, sealed, enabled, adminAccountId, now).update();
        }
        audit.record("configure", "space-connector", space.id(), null);
        events.publishEvent(new ConnectorChanged(space.id()));
    }

    /** A space's connector was configured or changed: what its pairs hold is looked at again. */
    public record ConnectorChanged(String spaceId) {
    }

    @Transactional(readOnly = true)
    public Optional<ConnectorView> view(String spaceSlug) {
        Space space = space(spaceSlug);
        return jdbc.sql("SELECT type, enabled, checked_at, check_error FROM space_connector WHERE space_id = ?").param(space.id())
                .query((row, n) -> {
                    Connector connector = connectors.get(row.getString("type"));
                    Map<String, String> shown = new LinkedHashMap<>();
                    settingsOf(space.id()).ifPresent(configured -> configured.settings().values().forEach((name, value) ->
                            shown.put(name, secret(connector, name) ? HIDDEN : value)));
                    Instant checkedAt = instant(row, "checked_at");
                    return new ConnectorView(space.slug(), row.getString("type"), row.getBoolean("enabled"), shown,
                            connector == null ? List.of() : connector.settings(),
                            connector == null ? List.of() : connector.identityKinds().stream().sorted().toList(),
                            connector == null ? List.of() : connector.capabilities().stream().map(Enum::name).sorted().toList(),
                            checkedAt, row.getString("check_error"));
                }).optional();
    }

    /** "Test connection": asks the peer with the stored settings; the answer is kept and shown with the space. */
    public Optional<String> test(String adminAccountId, String spaceSlug) {
        requireAdmin(adminAccountId);
        Space space = space(spaceSlug);
        Configured configured = settingsOf(space.id()).orElseThrow(() -> new NotFoundException("the space has no connector configured"));
        String error = null;
        try {
            configured.connector().test(configured.settings());
        } catch (PeerException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = "the connector failed: " + e.getClass().getSimpleName();
        }
        jdbc.sql("UPDATE space_connector SET checked_at = ?, check_error = ? WHERE space_id = ?").params(clock.millis(), error, space.id()).update();
        audit.record("test", "space-connector", space.id(), null);
        return Optional.ofNullable(error);
    }

    /** The space's connector when it is enabled and of a type this instance has: what can act there now. */
    Optional<Configured> usable(String spaceId) {
        return settingsOf(spaceId).filter(found -> found.enabled() && found.connector() != null);
    }

    /** A space's connector and settings, if it has an enabled one this instance knows. */
    public record Configured(String type, Connector connector, ConnectorSettings settings, boolean enabled) {
    }

    Optional<Configured> settingsOf(String spaceId) {
        record Row(String type, String sealedSettings, boolean enabled) {
        }
        Optional<Row> found = jdbc.sql("SELECT type, sealed_settings, enabled FROM space_connector WHERE space_id = ?").param(spaceId)
                .query((row, n) -> new Row(row.getString("type"), row.getString("sealed_settings"), row.getBoolean("enabled"))).optional();
        // The space table is community's: the slug comes through its API (a connector of a space that is gone: none).
        Optional<Space> space = found.isEmpty() ? Optional.empty() : spaces.byId(spaceId);
        return found.flatMap(row -> space.map(known -> {
            Map<String, String> values = JSON.readValue(sealer.open(row.sealedSettings(), CONTEXT + ":" + spaceId),
                    new TypeReference<Map<String, String>>() { });
            return new Configured(row.type(), connectors.get(row.type()), new ConnectorSettings(spaceId, known.slug(), values), row.enabled());
        }));
    }

    private boolean secret(Connector connector, String name) {
        return connector == null || connector.settings().stream().anyMatch(field -> field.name().equals(name) && field.secret());
    }

    private Connector connector(String type) {
        Connector connector = type == null ? null : connectors.get(type);
        if (connector == null) {
            throw new InvalidInputException("type", "unknown connector '" + Slugs.printable(String.valueOf(type)) + "'; this instance has: "
                    + String.join(", ", connectors.keySet()));
        }
        return connector;
    }

    private Space space(String slug) {
        return spaces.bySlug(slug == null ? "" : slug).orElseThrow(() -> new NotFoundException("there is no space '" + Slugs.printable(String.valueOf(slug)) + "'"));
    }

    private void requireAdmin(String accountId) {
        if (accounts.require(accountId).role() != Role.ADMIN) throw new AccessDeniedException("only admins configure connectors");
    }
}
