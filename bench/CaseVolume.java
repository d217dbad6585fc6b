import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills an Ombuds database with a realistic case history for bench/case-queue.sh: by default 100,000 cases and
 * 300,000 reports opened over three years, as three years of a busy community's committee would leave them.
 *
 * <pre>
 *   java -cp "$(cat target/bench-classpath.txt)" bench/CaseVolume.java --url URL [--user U] [--password P]
 *        [--cases 100000] [--reports 300000] [--account bench-moderator@example.org] [--seed 42]
 *   java -cp ... bench/CaseVolume.java --url jdbc:postgresql://...?currentSchema=S --user postgres --create-schema
 *   java -cp ... bench/CaseVolume.java --url jdbc:postgresql://...?currentSchema=S --user postgres --drop-schema
 * </pre>
 *
 * The URL is {@code jdbc:sqlite:<data folder>/ombuds.db} (the server must be STOPPED while this writes: SQLite has
 * one writer) or a PostgreSQL URL whose {@code currentSchema} holds the schema (created beforehand with
 * --create-schema, migrated by one start of the server). The schema must exist (Flyway ran), the default
 * community and its Code version 1 too, and the benchmark account (--account) must have been created with the CLI;
 * the database must hold no cases yet.
 *
 * What is written, in batches of prepared statements and one transaction per ~5,000 rows:
 * <ul>
 *   <li>case_file: statuses by age: about 4,700 open (most opened in the last 30 days; about 1,700 stale and
 *       overdue), the rest closed (70 %) or decided; about 2 % of the closed ones merged into an earlier case;
 *       severities; deadlines as the server sets them (acknowledge within 3 days, decide within 30).</li>
 *   <li>report + data_key + case_report: one report opens each case, the others join it (a few "hot" cases
 *       collect 10+ reports). The data key's {@code wrapped} and the report's {@code sealed_content} are
 *       placeholders, not ciphertext: the queue never opens a key or a report, so their content does not matter
 *       for this benchmark (opening such a case's detail would fail, which nothing here does).</li>
 *   <li>person + case_party: about a third of the reports name a reported person (a "subject" party per report,
 *       as intake writes it; some people are reported in several cases); reporters who gave an address are
 *       "reporter"/"witness" parties. No identity_handle rows: the queue does not read them.</li>
 *   <li>staff: seven more moderators next to the benchmark account; handlers (case_assignee) on most triaged
 *       cases, the benchmark account on about one in eight; recusals (case_recusal), about 1.5 % of the cases for
 *       the benchmark account; the benchmark account is linked to a person who reported in 15 cases, so the
 *       party condition of the visibility check has real rows to find.</li>
 * </ul>
 * No case_event or audit_entry rows: the list neither reads nor joins them (it appends one audit entry itself).
 * PostgreSQL gets VACUUM ANALYZE afterwards (what autovacuum would do within a minute of the load anyway);
 * SQLite gets no ANALYZE, because the server never runs one: the benchmark measures the planner as it runs there.
 */
public class CaseVolume {
    static final long DAY = 86_400_000L;
    static final long ACKNOWLEDGE_WITHIN = 3 * DAY;
    static final long DECIDE_WITHIN = 30 * DAY;
    static final int ROWS_PER_TRANSACTION = 5_000;

    static final String[] OPEN_STATUSES = {"triage", "investigating", "awaiting-decision", "appealed"};
    static final double[] OPEN_WEIGHTS = {0.25, 0.45, 0.2, 0.1};
    static final Map<String, String> REPORTER_STATUS = Map.of("new", "received", "triage", "acknowledged",
            "investigating", "investigating", "awaiting-decision", "investigating", "appealed", "investigating",
            "decided", "decided", "closed", "closed");
    static final String[] SEVERITIES = {"unassessed", "low", "medium", "high", "critical"};
    static final double[] SEVERITY_WEIGHTS = {0.05, 0.35, 0.35, 0.2, 0.05};
    static final String[] CATEGORIES = {"harassment", "discrimination", "violence-threats",
            "insults-personal-attacks", "doxing-privacy", "disruptive-behavior", "unprofessional-conduct",
            "illegal-activities"};
    static final double[] CATEGORY_WEIGHTS = {0.3, 0.1, 0.03, 0.25, 0.04, 0.18, 0.08, 0.02};
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String url = required(options, "url");
        Properties connection = new Properties();
        if (options.containsKey("user")) connection.setProperty("user", options.get("user"));
        if (options.containsKey("password")) connection.setProperty("password", options.get("password"));
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        if (sqlite) {
            connection.setProperty("foreign_keys", "true");
            connection.setProperty("busy_timeout", "15000");
            // A bulk load: a crash half way means starting again, so no fsync per transaction.
            connection.setProperty("synchronous", "OFF");
        } else {
            connection.setProperty("reWriteBatchedInserts", "true");
        }
        if (options.containsKey("create-schema") || options.containsKey("drop-schema")) {
            schema(url, connection, options.containsKey("create-schema"));
            return;
        }
        int cases = Integer.parseInt(options.getOrDefault("cases", "100000"));
        int reports = Integer.parseInt(options.getOrDefault("reports", "300000"));
        if (reports < cases) throw new IllegalArgumentException("every case has at least one report: --reports must be >= --cases");
        String account = options.getOrDefault("account", "bench-moderator@example.org");
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        try (Connection db = DriverManager.getConnection(url, connection)) {
            long start = System.nanoTime();
            Map<String, Long> written = new CaseVolume(db, new Random(seed), System.currentTimeMillis()).generate(cases, reports, account);
            double seconds = (System.nanoTime() - start) / 1e9;
            long total = written.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("wrote %,d rows in %.1f s (%,.0f rows/s): %s%n", total, seconds, total / seconds, written);
            long settle = System.nanoTime();
            db.setAutoCommit(true);
            try (Statement statement = db.createStatement()) {
                if (sqlite) {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                } else {
                    statement.execute("VACUUM ANALYZE");
                }
            }
            System.out.printf("%s in %.1f s%n", sqlite ? "WAL checkpoint" : "VACUUM ANALYZE", (System.nanoTime() - settle) / 1e9);
        }
    }

    private final Connection db;
    private final Random random;
    private final long now;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();
    private final Map<String, Long> written = new LinkedHashMap<>();
    private int pending;

    CaseVolume(Connection db, Random random, long now) {
        this.db = db;
        this.random = random;
        this.now = now;
    }

    Map<String, Long> generate(int caseCount, int reportCount, String benchEmail) throws SQLException {
        db.setAutoCommit(false);
        String community = single("SELECT id FROM community ORDER BY created_at, id LIMIT 1");
        if (community == null) throw new IllegalStateException("no community: start the server once on this database first");
        if (single("SELECT version FROM coc_version WHERE community_id = ? AND version = 1", community) == null) {
            throw new IllegalStateException("the community has no Code version 1");
        }
        if (!"0".equals(single("SELECT COUNT(*) FROM case_file"))) {
            throw new IllegalStateException("the database holds cases already; generate into a fresh one");
        }
        String benchAccount = single("SELECT id FROM account WHERE email = ?", benchEmail);
        if (benchAccount == null) {
            throw new IllegalStateException("no account " + benchEmail + ": create it first (java -jar target/ombuds.jar user add ...)");
        }

        // Statements in the order a flush runs them, parents before children (foreign keys are checked).
        prepare("data_key", "INSERT INTO data_key (id, wrapped, created_at) VALUES (?, ?, ?)");
        prepare("person", "INSERT INTO person (id, created_at) VALUES (?, ?)");
        prepare("account", "INSERT INTO account (id, email, name, role, created_at) VALUES (?, ?, ?, ?, ?)");
        prepare("case_file", """
                INSERT INTO case_file (id, community_id, code_name, status, severity, data_key_id, opened_at, acknowledge_by,
                    acknowledged_at, decide_by, next_due, updated_at, merged_into) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        prepare("report", """
                INSERT INTO report (id, community_id, coc_version, category, space_id, occurred_at, received_at, source, anonymous,
                    witness, share_identity, reported_person_id, data_key_id, sealed_content, status, receipt_fingerprint,
                    source_fingerprint, reporter_person_id) VALUES (?, ?, 1, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        prepare("case_report", "INSERT INTO case_report (report_id, case_id, added_at) VALUES (?, ?, ?)");
        prepare("case_party", "INSERT INTO case_party (id, case_id, person_id, role, report_id, added_at) VALUES (?, ?, ?, ?, ?, ?)");
        prepare("case_assignee", "INSERT INTO case_assignee (case_id, account_id, lead, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)");
        prepare("case_recusal", "INSERT INTO case_recusal (case_id, account_id, kind, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)");

        long threeYearsAgo = now - 3 * 365 * DAY;
        // Staff: the benchmark account and seven more moderators; the benchmark account is also a person (it reported).
        String benchPerson = uuid();
        add("person", benchPerson, threeYearsAgo);
        flush();
        try (PreparedStatement link = db.prepareStatement("UPDATE account SET person_id = ? WHERE id = ?")) {
            link.setString(1, benchPerson);
            link.setString(2, benchAccount);
            link.executeUpdate();
        }
        List<String> staff = new ArrayList<>(List.of(benchAccount));
        for (int s = 1; s <= 7; s++) {
            String id = uuid();
            add("account", id, "bench-staff-" + s + "-" + Long.toHexString(random.nextLong()) + "@example.org", "Bench Staff " + s,
                    "moderator", threeYearsAgo);
            staff.add(id);
        }

        // How many reports each case gets: one opens it; the rest join, a quarter of them into 5 % "hot" cases.
        int[] reportsOf = new int[caseCount];
        Arrays.fill(reportsOf, 1);
        for (int extra = reportCount - caseCount; extra > 0; extra--) {
            int index = random.nextDouble() < 0.25 ? random.nextInt((caseCount + 19) / 20) * 20 % caseCount : random.nextInt(caseCount);
            reportsOf[index]++;
        }
        // Case opening times over three years, a little busier lately (the community grew), oldest first.
        long[] openedAt = new long[caseCount];
        for (int i = 0; i < caseCount; i++) openedAt[i] = threeYearsAgo + (long) (Math.sqrt(random.nextDouble()) * 3 * 365 * DAY);
        Arrays.sort(openedAt);
        // The benchmark account reported in 15 recent cases: they are out of its reach.
        java.util.Set<Integer> reportedByBench = new java.util.HashSet<>();
        while (reportedByBench.size() < Math.min(15, caseCount)) reportedByBench.add(caseCount - 1 - random.nextInt(Math.min(caseCount, 3000)));

        List<String> caseIds = new ArrayList<>(caseCount);
        List<String> subjects = new ArrayList<>();
        int open = 0, overdue = 0;
        for (int i = 0; i < caseCount; i++) {
            long opened = openedAt[i];
            long age = now - opened;
            double pOpen = age < 30 * DAY ? 0.6 : age < 180 * DAY ? 0.05 : 0.005;
            String status;
            if (random.nextDouble() < pOpen) {
                status = age < ACKNOWLEDGE_WITHIN && random.nextDouble() < 0.7 || random.nextDouble() < 0.05 ? "new" : pick(OPEN_STATUSES, OPEN_WEIGHTS);
            } else {
                status = random.nextDouble() < 0.7 ? "closed" : "decided";
            }
            boolean isOpen = !status.equals("closed") && !status.equals("decided");
            long acknowledgeBy = opened + ACKNOWLEDGE_WITHIN;
            long decideBy = opened + DECIDE_WITHIN;
            Long acknowledgedAt = status.equals("new") ? null : Math.min(now, opened + (long) (random.nextDouble() * 5 * DAY));
            Long nextDue = !isOpen ? null : status.equals("new") ? acknowledgeBy : decideBy;
            long updatedAt = isOpen ? Math.min(now, opened + (long) (random.nextDouble() * Math.max(age, 1)))
                    : Math.min(now, opened + DAY + (long) (random.nextDouble() * 60 * DAY));
            String mergedInto = status.equals("closed") && i > 100 && random.nextDouble() < 0.02 ? caseIds.get(i - 1 - random.nextInt(100)) : null;
            String severity = status.equals("new") ? (random.nextDouble() < 0.9 ? "unassessed" : pick(SEVERITIES, SEVERITY_WEIGHTS))
                    : pick(SEVERITIES, SEVERITY_WEIGHTS);
            if (isOpen) open++;
            if (nextDue != null && nextDue < now) overdue++;

            String caseId = uuid();
            caseIds.add(caseId);
            String caseKey = uuid();
            add("data_key", caseKey, PLACEHOLDER_KEY, opened);
            String codeName = "bench-case-" + i; // unique, and never drawn by the server (its names have three words)
            add("case_file", caseId, community, codeName, status, severity, caseKey, opened, acknowledgeBy, acknowledgedAt, decideBy,
                    nextDue, updatedAt, mergedInto);

            // The reports: the first opens the case, the others join within its first two months.
            String subject = null;
            String reporterStatus = REPORTER_STATUS.get(status);
            for (int r = 0; r < reportsOf[i]; r++) {
                long received = r == 0 ? opened : Math.min(now, opened + (long) (random.nextDouble() * 60 * DAY));
                String reportId = uuid();
                String reportKey = uuid();
                add("data_key", reportKey, PLACEHOLDER_KEY, received);
                String source = pick(new String[] {"web", "api", "email"}, new double[] {0.55, 0.15, 0.3});
                boolean anonymous = random.nextDouble() < 0.45;
                boolean witness = random.nextDouble() < 0.15;
                boolean shareIdentity = !anonymous && random.nextDouble() < 0.5;
                String reported = null;
                if (random.nextDouble() < 1.0 / 3) {
                    if (subject == null) {
                        if (!subjects.isEmpty() && random.nextDouble() < 0.2) {
                            subject = subjects.get(random.nextInt(subjects.size())); // reported before, in another case
                        } else {
                            subject = uuid();
                            add("person", subject, received);
                            subjects.add(subject);
                        }
                    }
                    reported = subject;
                }
                String reporter = null;
                if (r == 0 && reportedByBench.contains(i)) {
                    reporter = benchPerson;
                    anonymous = false;
                } else if (!anonymous && random.nextDouble() < 0.7) {
                    reporter = uuid();
                    add("person", reporter, received);
                }
                add("report", reportId, community, source.equals("email") && random.nextDouble() < 0.3 ? null : pick(CATEGORIES, CATEGORY_WEIGHTS),
                        received - (long) (random.nextDouble() * 14 * DAY), received, source, anonymous, witness, shareIdentity, reported,
                        reportKey, PLACEHOLDER_CONTENT, reporterStatus, "bench-receipt-" + reportId,
                        source.equals("email") ? "bench-source-" + reportId : null, reporter);
                add("case_report", reportId, caseId, received);
                if (reported != null) add("case_party", uuid(), caseId, reported, "subject", reportId, received);
                if (reporter != null) add("case_party", uuid(), caseId, reporter, witness ? "witness" : "reporter", reportId, received);
            }

            // Handlers and recusals.
            List<String> handlers = new ArrayList<>();
            if (!status.equals("new") && random.nextDouble() < 0.8) {
                int count = random.nextDouble() < 0.6 ? 1 : 2;
                while (handlers.size() < count) {
                    String member = staff.get(random.nextInt(staff.size()));
                    if (!handlers.contains(member)) handlers.add(member);
                }
            }
            String recused = null;
            double roll = random.nextDouble();
            if (roll < 0.015) recused = benchAccount;
            else if (roll < 0.04) recused = staff.get(1 + random.nextInt(staff.size() - 1));
            if (recused != null) {
                handlers.remove(recused);
                add("case_recusal", caseId, recused, random.nextBoolean() ? "declared" : "recused",
                        handlers.isEmpty() ? staff.get(0).equals(recused) ? staff.get(1) : staff.get(0) : handlers.get(0),
                        opened + (long) (random.nextDouble() * Math.min(age, 10 * DAY)));
            }
            for (int h = 0; h < handlers.size(); h++) {
                add("case_assignee", caseId, handlers.get(h), h == 0, opened + (long) (random.nextDouble() * Math.min(age, 5 * DAY)),
                        staff.get(random.nextInt(staff.size())));
            }
            if (pending >= ROWS_PER_TRANSACTION) flush();
            if ((i + 1) % 20_000 == 0) System.out.printf("  %,d cases%n", i + 1);
        }
        flush();
        for (PreparedStatement statement : statements.values()) statement.close();
        System.out.printf("cases: %,d (open %,d, overdue %,d); reports: %,d; subjects: %,d people%n", caseCount, open, overdue,
                reportCount, subjects.size());
        return written;
    }

    // The queue never opens a data key or a report: these stand in for a wrapped key and sealed content.
    static final String PLACEHOLDER_KEY = "bench-placeholder-not-a-wrapped-key";
    static final String PLACEHOLDER_CONTENT = "bench-placeholder-not-sealed-content";

    private void prepare(String table, String sql) throws SQLException {
        statements.put(table, db.prepareStatement(sql));
        written.put(table, 0L);
    }

    private void add(String table, Object... values) throws SQLException {
        PreparedStatement statement = statements.get(table);
        for (int c = 0; c < values.length; c++) {
            Object value = values[c];
            if (value == null) statement.setNull(c + 1, Types.NULL);
            else if (value instanceof Boolean b) statement.setBoolean(c + 1, b);
            else if (value instanceof Long l) statement.setLong(c + 1, l);
            else statement.setString(c + 1, value.toString());
        }
        statement.addBatch();
        written.merge(table, 1L, Long::sum);
        pending++;
    }

    /** Runs every table's batch, parents first, and commits: one transaction per ~5,000 rows. */
    private void flush() throws SQLException {
        for (PreparedStatement statement : statements.values()) statement.executeBatch();
        db.commit();
        pending = 0;
    }

    private String single(String sql, String... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int p = 0; p < params.length; p++) statement.setString(p + 1, params[p]);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** A version-4 UUID from the seeded generator, so that a run can be repeated exactly. */
    private String uuid() {
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0xC000000000000000L) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private String pick(String[] values, double[] weights) {
        double roll = random.nextDouble();
        for (int i = 0; i < values.length; i++) {
            roll -= weights[i];
            if (roll < 0) return values[i];
        }
        return values[values.length - 1];
    }

    private static void schema(String url, Properties connection, boolean create) throws SQLException {
        Matcher schema = Pattern.compile("[?&]currentSchema=([A-Za-z_][A-Za-z0-9_]*)").matcher(url);
        if (url.startsWith("jdbc:sqlite:") || !schema.find()) {
            throw new IllegalArgumentException("--create-schema/--drop-schema need a PostgreSQL URL with ?currentSchema=name");
        }
        try (Connection db = DriverManager.getConnection(url, connection); Statement statement = db.createStatement()) {
            statement.execute(create ? "CREATE SCHEMA IF NOT EXISTS " + schema.group(1) : "DROP SCHEMA IF EXISTS " + schema.group(1) + " CASCADE");
        }
        System.out.println((create ? "created schema " : "dropped schema ") + schema.group(1));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            String name = args[i].substring(2);
            if (name.equals("create-schema") || name.equals("drop-schema")) options.put(name, "");
            else if (i + 1 < args.length) options.put(name, args[++i]);
            else throw new IllegalArgumentException("--" + name + " needs a value");
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) throw new IllegalArgumentException("--" + name + " is required");
        return value;
    }
}
