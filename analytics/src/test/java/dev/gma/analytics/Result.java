package dev.gma.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A query result in a form both engines and the golden files share: column names, the BigQuery type
 * of each column, and rows of canonical text values, sorted (views have no order).
 */
record Result(List<String> columns, List<String> types, List<List<String>> rows) {

    static final String NULL = "NULL";

    Result {
        List<List<String>> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> String.join("\u0001", a).compareTo(String.join("\u0001", b)));
        rows = List.copyOf(sorted);
    }

    /** The same result restricted to some columns, in the order given. */
    Result project(List<String> names) {
        List<Integer> idx = names.stream().map(n -> {
            int i = columns.indexOf(n);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + n + " in " + columns);
            }
            return i;
        }).toList();
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            out.add(idx.stream().map(row::get).toList());
        }
        return new Result(names, idx.stream().map(types::get).toList(), out);
    }

    static String timestamp(Instant instant) {
        return instant.toString();
    }

    static String timestampText(String text) {
        return Instant.parse(text).toString();
    }

    /** Doubles compare to 6 decimals: both engines compute medians and rates in binary floating point. */
    static String decimal(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        BigDecimal b = BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.signum() == 0 ? "0" : b.toPlainString();
    }

    /** A string value made safe for one TSV cell. */
    static String text(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
