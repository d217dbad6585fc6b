package org.ombuds.sanctions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The letter texts as admins edit them: every key of {@code letters.properties} in the file's order, grouped as the
 * file groups them (blank lines), with its default, an admin's saved wording if any, and the comment above it that
 * says which values it receives. A saved text must be a pattern the letters can use (MessageFormat, or for
 * {@value LetterTemplates#DATE_FORMAT} a date pattern) with no value the default does not receive. Only admins read
 * or change them (403 otherwise); every change and reset is in the audit log.
 */
@Service
public class LetterTexts {
    public static final int MAX_LENGTH = 5000;
    private static final String RECORD_TYPE = "letter-text";
    private final JdbcClient jdbc;
    private final LetterTemplates templates;
    private final SampleLetters samples;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;
    private volatile List<Entry> entries;

    LetterTexts(JdbcClient jdbc, LetterTemplates templates, SampleLetters samples, Accounts accounts, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.templates = templates;
        this.samples = samples;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * One text: {@code group} is the id of its group in the file (the first key's name after {@code letter.}, such as
     * {@code subject}); {@code hint} the comment lines about it; {@code saved} the admin's wording, null if none
     * (then {@code updatedBy} and {@code updatedAt} are null too).
     */
    public record LetterText(String key, String group, String hint, String defaultText, String saved, String updatedBy,
                             Instant updatedAt) {
        public boolean changed() {
            return saved != null;
        }

        /** The text the letters use. */
        public String text() {
            return saved != null ? saved : defaultText;
        }
    }

    /** A letter written with the texts in use and made-up values: {@code kind} is an action id, {@code ended} or {@code lifted}. */
    public record SampleLetter(String kind, String subject, String body) {
    }

    /** A key of the file, where it is and what its comment says. */
    private record Entry(String key, String group, String hint) {
    }

    /** The language the texts are for ({@code ombuds.letters.language}). */
    public String language() {
        return templates.language();
    }

    /** Every text, in the order of {@code letters.properties}. */
    public List<LetterText> list(String accountId) {
        requireAdmin(accountId);
        Map<String, LetterText> saved = new HashMap<>();
        jdbc.sql("SELECT key, text, updated_by, updated_at FROM letter_text WHERE language = ?").param(language())
                .query((row, n) -> new LetterText(row.getString("key"), null, null, null, row.getString("text"),
                        row.getString("updated_by"), Instant.ofEpochMilli(row.getLong("updated_at"))))
                .list().forEach(text -> saved.put(text.key(), text));
        List<LetterText> texts = new ArrayList<>();
        for (Entry entry : entries()) {
            LetterText own = saved.get(entry.key());
            texts.add(new LetterText(entry.key(), entry.group(), entry.hint(), templates.defaultText(entry.key()).orElse(""),
                    own == null ? null : own.saved(), own == null ? null : own.updatedBy(), own == null ? null : own.updatedAt()));
        }
        return texts;
    }

    /** Saves an admin's wording for a key; what the letters use from then on (on other nodes within seconds). */
    @Transactional
    public void save(String accountId, String key, String text) {
        requireAdmin(accountId);
        String defaultText = requireKey(key);
        String checked = check(key, text, defaultText);
        // The same upsert on SQLite and PostgreSQL: two admins saving at once end with the later text, not an error.
        jdbc.sql("""
                        INSERT INTO letter_text (key, language, text, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (key, language) DO UPDATE SET text = excluded.text, updated_by = excluded.updated_by,
                        updated_at = excluded.updated_at""")
                .params(key, language(), checked, accountId, clock.millis()).update();
        audit.record("update", RECORD_TYPE, key, null);
        templates.forget();
    }

    /** Goes back to the default for a key; false when it had no saved text. */
    @Transactional
    public boolean reset(String accountId, String key) {
        requireAdmin(accountId);
        requireKey(key);
        boolean deleted = jdbc.sql("DELETE FROM letter_text WHERE key = ? AND language = ?").params(key, language()).update() > 0;
        if (deleted) {
            audit.record("reset", RECORD_TYPE, key, null);
            templates.forget();
        }
        return deleted;
    }

    /** The letter of each action, and those announcing an end and a lifting, with the texts in use and made-up values. */
    public List<SampleLetter> preview(String accountId) {
        requireAdmin(accountId);
        return samples.all();
    }

    private void requireAdmin(String accountId) {
        if (accountId == null || accounts.byId(accountId).map(account -> account.role() != Role.ADMIN).orElse(true)) {
            throw new AccessDeniedException("only admins change the letters' texts");
        }
    }

    /** The default text of a key of the file, or 404. */
    private String requireKey(String key) {
        if (key == null || entries().stream().noneMatch(entry -> entry.key().equals(key))) {
            throw new NotFoundException("there is no letter text " + org.ombuds.platform.Slugs.printable(String.valueOf(key)));
        }
        return templates.defaultText(key).orElseThrow();
    }

    /** The text as stored (line breaks as \n, no surrounding blanks), or why the letters could not use it. */
    private String check(String key, String text, String defaultText) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "the text is required; to go back to the default, reset it");
        }
        String stored = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (stored.length() > MAX_LENGTH) {
            throw new InvalidInputException("text", "the text has " + stored.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        if (key.equals(LetterTemplates.DATE_FORMAT)) {
            try {
                DateTimeFormatter.ofPattern(stored, templates.locale()).withZone(ZoneOffset.UTC).format(clock.instant());
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new InvalidInputException("text", "this is not a date pattern the letters can use (" + e.getMessage()
                        + "); for example d MMMM yyyy, HH:mm 'UTC'");
            }
            return stored;
        }
        if (stored.replace("''", "").indexOf('\'') >= 0) {
            throw new InvalidInputException("text", "write an apostrophe as '' (twice): a single ' would hide the text after it");
        }
        MessageFormat format;
        try {
            format = new MessageFormat(stored, templates.locale());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("text", "the braces do not match: a value is written {0}, {1} and so on, each { with its }");
        }
        if (Arrays.stream(format.getFormats()).anyMatch(Objects::nonNull)) {
            throw new InvalidInputException("text", "write each value as {0}, {1} and so on, without a format such as {0,number}");
        }
        Set<Integer> allowed = arguments(new MessageFormat(defaultText, templates.locale()));
        Set<Integer> unknown = new TreeSet<>(arguments(format));
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            String offending = unknown.stream().map(index -> "{" + index + "}").collect(Collectors.joining(", "));
            throw new InvalidInputException("text", allowed.isEmpty()
                    ? "this text receives no values: remove " + offending
                    : offending + " is not a value this text receives; it receives "
                    + allowed.stream().map(index -> "{" + index + "}").collect(Collectors.joining(", ")));
        }
        return stored;
    }

    /** The argument indexes a pattern without format types uses: those whose marker shows in its output. */
    private static Set<Integer> arguments(MessageFormat format) {
        int count = format.getFormatsByArgumentIndex().length;
        Object[] markers = new Object[count];
        for (int i = 0; i < count; i++) markers[i] = "\u0000" + i + "\u0000";
        String output = format.format(markers);
        Set<Integer> used = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            if (output.contains((String) markers[i])) used.add(i);
        }
        return used;
    }

    /** The keys of {@code letters.properties} in order, with their group and hint; read once. */
    private List<Entry> entries() {
        List<Entry> current = entries;
        if (current == null) {
            current = parse();
            entries = current;
        }
        return current;
    }

    /**
     * A blank line starts a group; comment lines right above a key are its hint, and a key without any shares the hint
     * of the key before it in its group. Comments before a blank line (the file's header) belong to no key.
     */
    private static List<Entry> parse() {
        List<Entry> parsed = new ArrayList<>();
        try (InputStream in = LetterTexts.class.getClassLoader().getResourceAsStream(LetterTemplates.BASENAME + ".properties")) {
            if (in == null) throw new IllegalStateException("letters.properties is missing from the classpath");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> comment = new ArrayList<>();
            String group = null;
            String hint = null;
            boolean continued = false;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (continued) {
                    continued = endsWithContinuation(trimmed);
                } else if (trimmed.isEmpty()) {
                    comment.clear();
                    group = null;
                    hint = null;
                } else if (trimmed.startsWith("#") || trimmed.startsWith("!")) {
                    comment.add(trimmed.substring(1).strip());
                } else {
                    String key = keyOf(trimmed);
                    if (group == null) group = groupOf(key);
                    if (!comment.isEmpty()) hint = String.join(" ", comment);
                    comment.clear();
                    parsed.add(new Entry(key, group, hint));
                    continued = endsWithContinuation(trimmed);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(parsed);
    }

    private static String keyOf(String line) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                key.append(line.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    /** {@code letter.subject.correction} is in group {@code subject}. */
    private static String groupOf(String key) {
        String name = key.startsWith("letter.") ? key.substring("letter.".length()) : key;
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) backslashes++;
        return backslashes % 2 == 1;
    }
}
