package org.ombuds.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

import org.ombuds.Ombuds;
import org.ombuds.accounts.Accounts;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ConfirmingParties;
import org.ombuds.cases.Viewer;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.sanctions.Decision;
import org.ombuds.sanctions.Decisions;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.MovableClock;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Enforcement converges, whatever happens in whatever order (a model-based, action-sequence test). jqwik runs random
 * sequences of: a ban decided (interim or voted, in one or two spaces, on one of two people), lifted, superseded,
 * time passing (bans end), the peer going down, losing its answers (it acts but the caller never hears), coming back,
 * the worker running, reconciliation, a handle added to a person. After each quiet period (the peer up, the worker run
 * until nothing is due) every space holds exactly what the model says the bans in force require, for every handle of
 * every person; and at no moment did anything reach a peer that was no longer wanted (checked by the peer at each call
 * against the model). The peer is in memory and keeps a set of banned handles per space.
 */
class EnforcementConvergesPropertiesTest {
    private static World world;

    /** The application, two spaces served by the model peer, and the committee; shared by every sequence. */
    private static final class World {
        final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
        final ModelPeer peer = new ModelPeer();
        final ConfigurableApplicationContext context;
        final Enforcement enforcement;
        final Decisions decisions;
        final Intake intake;
        final JdbcClient jdbc;
        final ConfirmingParties parties;
        final Viewer moderator;
        final Viewer second;
        final Viewer chair;
        final AtomicInteger people = new AtomicInteger();

        World() throws Exception {
            Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.properties(TestDatabases.selected(),
                    Files.createTempDirectory("ombuds-converges")));
            properties.put("ombuds.scheduler.enabled", false);
            properties.put("ombuds.decisions.quorum.temporary-ban", "2");
            context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                    .initializers(ctx -> {
                        ((GenericApplicationContext) ctx).registerBean(Clock.class, () -> clock);
                        ((GenericApplicationContext) ctx).registerBean(ModelPeer.class, () -> peer);
                    })
                    .run(TestDatabases.arguments(properties));
            enforcement = context.getBean(Enforcement.class);
            decisions = context.getBean(Decisions.class);
            intake = context.getBean(Intake.class);
            jdbc = context.getBean(JdbcClient.class);
            parties = context.getBean(ConfirmingParties.class);
            Accounts accounts = context.getBean(Accounts.class);
            Cases cases = context.getBean(Cases.class);
            String admin = accounts.add("model-chair@example.org", "Chair", "admin").id();
            chair = cases.viewer(admin);
            moderator = cases.viewer(accounts.add("model-mod1@example.org", "Moderator One", "moderator").id());
            second = cases.viewer(accounts.add("model-mod2@example.org", "Moderator Two", "moderator").id());
            Spaces spaces = context.getBean(Spaces.class);
            SpaceConnectors connectors = context.getBean(SpaceConnectors.class);
            for (String space : SPACES) {
                spaces.add(space, "chat", null, space);
                connectors.configure(admin, space, "model", Map.of(), true);
            }
        }
    }

    static final List<String> SPACES = List.of("model-a", "model-b");

    private static synchronized World world() throws Exception {
        if (world == null) world = new World();
        return world;
    }

    @AfterContainer
    static void stop() {
        if (world != null) world.context.close();
        world = null;
    }

    /** What the bans should amount to, as the model tracks them; and what went wrong at the peer. */
    static final class Model {
        final World w;
        final List<Person> persons = new ArrayList<>();
        final List<Ban> bans = new ArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();

        Model(World w) {
            this.w = w;
            for (int i = 0; i < 2; i++) {
                String handle = "github:model-" + w.people.incrementAndGet();
                String caseId = CaseFixtures.caseAbout(w.intake, w.jdbc, w.parties, w.moderator, handle);
                persons.add(new Person(caseId, new ArrayList<>(List.of(handle))));
            }
            w.peer.model = this;
            w.peer.answer = ModelPeer.Answer.OK;
        }

        /** Whether the person should be kept out of the space now: a ban of theirs there, neither ended nor lifted. */
        boolean desired(Person person, String space) {
            Instant now = w.clock.instant();
            return bans.stream().anyMatch(ban -> ban.person == person && ban.spaces.contains(space) && ban.inForce && ban.until.isAfter(now));
        }

        Optional<Person> ownerOf(String handle) {
            return persons.stream().filter(person -> person.handles.contains(handle)).findFirst();
        }

        @Override
        public String toString() {
            return "bans " + bans;
        }
    }

    record Person(String caseId, List<String> handles) {
    }

    static final class Ban {
        final Person person;
        final Set<String> spaces;
        final Instant until;
        final String decisionId;
        final boolean interim;
        boolean inForce = true;

        Ban(Person person, Set<String> spaces, Instant until, String decisionId, boolean interim) {
            this.person = person;
            this.spaces = spaces;
            this.until = until;
            this.decisionId = decisionId;
            this.interim = interim;
        }

        @Override
        public String toString() {
            return (interim ? "interim " : "") + "ban in " + spaces + " until " + until + (inForce ? "" : " (lifted)");
        }
    }

    @Property(tries = 25)
    void everySpaceEndsUpHoldingWhatTheBansInForceRequire(@ForAll("sequences") ActionChain<Model> chain) {
        chain.withInvariant("nothing reached a peer that was no longer wanted", model -> assertThat(model.violations).isEmpty()).run();
        Model model = chain.finalState().orElseThrow();
        quiet(model);
    }

    @Provide
    Arbitrary<ActionChain<Model>> sequences() {
        return ActionChain.<Model>startWith(() -> {
                    try {
                        return new Model(world());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .withAction(4, decide())
                .withAction(2, Action.<Model>when(m -> m.bans.stream().anyMatch(b -> liftable(m, b))).describeAs("lift")
                        .justMutate(EnforcementConvergesPropertiesTest::liftOne))
                .withAction(1, Action.<Model>when(m -> m.bans.stream().anyMatch(b -> supersedable(m, b))).describeAs("supersede")
                        .justMutate(EnforcementConvergesPropertiesTest::supersedeOne))
                .withAction(2, passTime())
                .withAction(1, Action.just(Transformer.mutate("peer down", m -> m.w.peer.answer = ModelPeer.Answer.DOWN)))
                .withAction(1, Action.just(Transformer.mutate("peer loses its answers", m -> m.w.peer.answer = ModelPeer.Answer.LOST)))
                .withAction(2, Action.just(Transformer.mutate("peer up", m -> m.w.peer.answer = ModelPeer.Answer.OK)))
                .withAction(3, Action.just(Transformer.mutate("worker runs", m -> m.w.enforcement.deliverDue())))
                .withAction(1, Action.just(Transformer.mutate("reconciliation", m -> m.w.enforcement.reconcile())))
                .withAction(1, addHandle())
                .withAction(1, Action.just(Transformer.mutate("quiet period", EnforcementConvergesPropertiesTest::quiet)))
                .withMaxTransformations(14);
    }

    private static Action.Independent<Model> decide() {
        return () -> Arbitraries.integers().between(0, 1).flatMap(person -> Arbitraries.of(List.of("model-a"), List.of("model-b"), SPACES)
                .flatMap(spaces -> Arbitraries.of("P1D", "P3D", "P10D").flatMap(duration -> Arbitraries.of(true, false)
                        .map(interim -> Transformer.<Model>mutate("ban person " + person + " in " + spaces + " for " + duration
                                + (interim ? ", interim" : ""), m -> decide(m, m.persons.get(person), spaces, duration, interim))))));
    }

    private static void decide(Model m, Person person, List<String> spaces, String duration, boolean interim) {
        Decision decision = m.w.decisions.propose(m.w.moderator, person.caseId(), new Decisions.Proposal("temporary-ban", List.of("harassment"),
                "Threats in the chat.", null, duration, spaces, interim, null));
        if (!interim) decision = m.w.decisions.vote(m.w.second, decision.id(), "approve", null);
        assertThat(decision.status()).isEqualTo("in-effect");
        Instant until = Instant.ofEpochMilli(m.w.jdbc.sql("SELECT ends_at FROM sanction WHERE decision_id = ?").param(decision.id())
                .query(Long.class).single());
        // An interim measure nobody ratifies lapses at its ratify-by time: its ban ends then.
        if (interim && decision.ratifyBy() != null && decision.ratifyBy().isBefore(until)) until = decision.ratifyBy();
        m.bans.add(new Ban(person, Set.copyOf(spaces), until, decision.id(), interim));
    }

    /** An interim measure not yet lapsed: two objections lift it. */
    private static boolean liftable(Model m, Ban ban) {
        return ban.inForce && ban.interim && ban.until.isAfter(m.w.clock.instant());
    }

    /** A voted ban still running: a decision can replace it. */
    private static boolean supersedable(Model m, Ban ban) {
        return ban.inForce && !ban.interim && ban.until.isAfter(m.w.clock.instant());
    }

    private static void liftOne(Model m) {
        Ban ban = m.bans.stream().filter(b -> liftable(m, b)).findFirst().orElseThrow();
        m.w.decisions.vote(m.w.second, ban.decisionId, "object", null);
        m.w.decisions.vote(m.w.chair, ban.decisionId, "object", null);
        ban.inForce = false;
    }

    private static void supersedeOne(Model m) {
        Ban ban = m.bans.stream().filter(b -> supersedable(m, b)).findFirst().orElseThrow();
        Decision replacing = m.w.decisions.propose(m.w.moderator, ban.person.caseId(), new Decisions.Proposal("written-warning",
                List.of("harassment"), "On reflection a warning is enough.", null, null, List.of(), false, ban.decisionId));
        m.w.decisions.vote(m.w.second, replacing.id(), "approve", null);
        ban.inForce = false;
    }

    private static Action.Independent<Model> passTime() {
        return () -> Arbitraries.of(12, 30, 80).map(hours -> Transformer.<Model>mutate(hours + " hours pass", m -> {
            m.w.clock.advance(Duration.ofHours(hours));
            m.w.decisions.endDue();
        }));
    }

    private static Action.Independent<Model> addHandle() {
        return () -> Arbitraries.integers().between(0, 1).map(index -> Transformer.<Model>mutate("a handle added to person " + index, m -> {
            Person person = m.persons.get(index);
            String handle = person.handles().get(0) + "-alt" + person.handles().size();
            List<String> all = new ArrayList<>(person.handles());
            all.add(handle);
            CaseFixtures.confirmSubject(m.w.parties, m.w.moderator, person.caseId(), all.toArray(String[]::new));
            person.handles().add(handle);
        }));
    }

    /** The peer back, bans due to end ended, the worker run until nothing is due: then every space holds what the model says. */
    private static void quiet(Model m) {
        m.w.peer.answer = ModelPeer.Answer.OK;
        m.w.decisions.endDue();
        for (int round = 0; round < 30; round++) {
            while (m.w.enforcement.deliverDue() > 0) {
                // until nothing is due now
            }
            if (m.w.jdbc.sql("SELECT COUNT(*) FROM enforcement_state WHERE look_at IS NOT NULL").query(Integer.class).single() == 0) break;
            m.w.clock.advance(Enforcement.LONGEST_PAUSE); // failed ones wait for their pause
            m.w.decisions.endDue();
        }
        for (Person person : m.persons) {
            for (String space : SPACES) {
                for (String handle : person.handles()) {
                    assertThat(m.w.peer.banned.contains(space + " " + handle)).as("%s in %s after a quiet period (%s)", handle, space, m)
                            .isEqualTo(m.desired(person, space));
                }
            }
        }
        assertThat(m.violations).isEmpty();
    }

    /**
     * A peer in memory that keeps a set of banned handles per space, answers OK, DOWN (refuses before doing anything) or
     * LOST (does it, but the answer never comes back), and at each apply checks with the model that the ban is wanted.
     */
    static final class ModelPeer implements Connector {
        enum Answer { OK, DOWN, LOST }

        final Set<String> banned = ConcurrentHashMap.newKeySet();
        volatile Answer answer = Answer.OK;
        volatile Model model;

        @Override public String type() { return "model"; }
        @Override public Set<String> identityKinds() { return Set.of("github"); }
        @Override public Set<Capability> capabilities() { return Set.of(Capability.BAN); }
        @Override public List<Setting> settings() { return List.of(); }
        @Override public void test(ConnectorSettings settings) { }

        @Override
        public void apply(ConnectorSettings settings, Target target) throws PeerException {
            if (answer == Answer.DOWN) throw new PeerException("the peer is down", true);
            String handle = target.identity().toString();
            Model current = model;
            if (current != null && current.ownerOf(handle).map(person -> !current.desired(person, settings.spaceSlug())).orElse(false)) {
                current.violations.add("applied " + handle + " in " + settings.spaceSlug() + " after the ban stopped (" + current + ")");
            }
            banned.add(settings.spaceSlug() + " " + handle);
            if (answer == Answer.LOST) throw new PeerException("no answer from the peer", true);
        }

        @Override
        public void lift(ConnectorSettings settings, Target target) throws PeerException {
            if (answer == Answer.DOWN) throw new PeerException("the peer is down", true);
            banned.remove(settings.spaceSlug() + " " + target.identity());
            if (answer == Answer.LOST) throw new PeerException("no answer from the peer", true);
        }

        @Override
        public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
            if (answer == Answer.DOWN) throw new PeerException("the peer is down", true);
            return Optional.of(banned.contains(settings.spaceSlug() + " " + target.identity()));
        }
    }
}
