package org.ombuds.imports.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.ombuds.imports.CaseImport;
import org.ombuds.platform.Slugs;

/**
 * The import file: CSV as RFC 4180 has it (Apache Commons CSV), UTF-8 with or without a byte order mark, a header
 * row naming the columns in any order. Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
public final class CaseSheet {
    public static final List<String> REQUIRED = List.of("reference", "opened", "subject_name", "subject_handles", "category", "action",
            "decided", "until", "reasoning");
    public static final List<String> OPTIONAL = List.of("summary", "spaces");

    /** A data row: its number and its cells by column (stripped; a missing optional column reads as empty). */
    public record Row(int number, Map<String, String> cells) {
        public String get(String column) {
            String value = cells.get(column);
            return value == null ? "" : value.strip();
        }
    }

    /** The rows, or what is wrong with the file as a whole (its header, its encoding, its quoting). */
    public record Read(List<Row> rows, List<CaseImport.RowError> errors) {
    }

    private CaseSheet() {
    }

    public static Read read(InputStream file) {
        List<Row> rows = new ArrayList<>();
        List<CaseImport.RowError> errors = new ArrayList<>();
        try (Reader reader = new InputStreamReader(BOMInputStream.builder().setInputStream(file).get(),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setAllowDuplicateHeaderNames(false)
                     .setIgnoreEmptyLines(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames();
            checkHeader(header, errors);
            if (!errors.isEmpty()) return new Read(List.of(), errors);
            for (CSVRecord record : parser) {
                int number = (int) record.getRecordNumber() + 1;
                if (record.size() != header.size()) {
                    errors.add(new CaseImport.RowError(number, "-", "has " + record.size() + " cells, the header names " + header.size()));
                    continue;
                }
                Map<String, String> cells = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) cells.put(header.get(i).strip(), record.get(i));
                rows.add(new Row(number, cells));
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            errors.add(new CaseImport.RowError(0, "-", problem(e)));
        }
        return new Read(rows, errors);
    }

    private static void checkHeader(List<String> header, List<CaseImport.RowError> errors) {
        List<String> names = header.stream().map(String::strip).toList();
        for (String name : names) {
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                errors.add(new CaseImport.RowError(1, Slugs.printable(name), "not a column of the import (columns: "
                        + String.join(", ", REQUIRED) + ", " + String.join(", ", OPTIONAL) + ")"));
            }
        }
        Set<String> present = Set.copyOf(names);
        for (String column : REQUIRED) {
            if (!present.contains(column)) errors.add(new CaseImport.RowError(1, column, "missing from the header"));
        }
    }

    private static String problem(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
        if (cause instanceof CharacterCodingException) return "the file is not UTF-8 text";
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return "the file is not well-formed CSV: " + Slugs.printable(message);
    }
}
