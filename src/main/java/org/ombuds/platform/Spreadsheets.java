package org.ombuds.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * CSV for people who open it in a spreadsheet (RFC 4180, written by commons-csv). Following OWASP's guidance on CSV
 * injection, every cell is quoted, and a cell that a spreadsheet would read as a formula or a control sequence gets a
 * leading apostrophe, which spreadsheets show as text and do not evaluate. Exported values may come from anyone.
 */
public final class Spreadsheets {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).get();
    private static final String FORMULA_STARTS = "=+-@\t\r\n";

    private Spreadsheets() {
    }

    /** The header and the rows; null cells are empty. */
    public static String csv(List<String> header, List<? extends List<?>> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(header.stream().map(Spreadsheets::neutralised).toList());
            for (List<?> row : rows) {
                printer.printRecord(row.stream().map(cell -> neutralised(cell == null ? null : cell.toString())).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The cell as a spreadsheet should show it: starting with =, +, -, @, a tab, CR or LF it is prefixed with an
     * apostrophe. Leading spaces are looked through, since some spreadsheets drop them before reading a formula.
     */
    public static String neutralised(String cell) {
        if (cell == null || cell.isEmpty()) return "";
        int first = 0;
        while (first < cell.length() && cell.charAt(first) == ' ') first++;
        return first < cell.length() && FORMULA_STARTS.indexOf(cell.charAt(first)) >= 0 ? "'" + cell : cell;
    }
}
