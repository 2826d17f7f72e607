package dev.gma.analytics;

import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLType.TypeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lower bound a statement puts on a table's partition column, read from the statement's text the
 * way BigQuery prunes: a comparison {@code alias.column >= expression} (or {@code >}) whose right side
 * is constant for the statement (script variables and literals; a bound that names another row's
 * column prunes nothing and is not counted). Every reference to the table in the statement must be
 * bounded, else the statement reads all of it; with several references the loosest bound counts.
 */
final class PartitionBounds {

    private PartitionBounds() {}

    /**
     * The instant from which the statement reads the table's partitions, or empty when some reference
     * reads them all. {@code evaluate} gives an expression's value with the script's variables as they
     * stand, and fails on an expression that is not constant.
     */
    static Optional<Instant> from(String sql, String table, String partition, Function<String, Value> evaluate) {
        Matcher reference = Pattern.compile("`" + table + "`(?:\\s+AS\\s+(\\w+))?").matcher(sql);
        Instant loosest = null;
        boolean any = false;
        while (reference.find()) {
            if (sql.substring(0, reference.start()).stripTrailing().endsWith("INSERT INTO")) {
                continue; // the target of an INSERT is written, not read
            }
            any = true;
            String alias = reference.group(1);
            String scope = alias != null ? sql : clause(sql, reference.end());
            Instant tightest = null;
            for (String expression : boundsOf(scope, alias, partition)) {
                Instant bound = constant(expression, evaluate);
                if (bound != null && (tightest == null || bound.isAfter(tightest))) {
                    tightest = bound;
                }
            }
            if (tightest == null) {
                return Optional.empty();
            }
            loosest = loosest == null || tightest.isBefore(loosest) ? tightest : loosest;
        }
        return any ? Optional.ofNullable(loosest) : Optional.empty();
    }

    /** The text an unaliased reference's own conditions lie in: up to the next FROM or JOIN. */
    private static String clause(String sql, int from) {
        Matcher next = Pattern.compile("\\b(FROM|JOIN)\\b").matcher(sql);
        return next.find(from) ? sql.substring(from, next.start()) : sql.substring(from);
    }

    /** Right-hand sides of {@code [alias.]partition >= ...} and {@code > ...}. */
    static List<String> boundsOf(String scope, String alias, String partition) {
        String column = alias == null ? "(?<![.\\w])" + partition : "\\b" + alias + "\\." + partition;
        Matcher m = Pattern.compile(column + "\\s*>=?\\s*").matcher(scope);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(expression(scope, m.end()));
        }
        return out;
    }

    /** The expression starting at {@code start}: up to a top-level AND, OR, comma, closing parenthesis or line end. */
    private static String expression(String text, int start) {
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return text.substring(start, i).strip();
                }
                depth--;
            } else if (depth == 0 && (c == '\n' || c == ',' || text.startsWith(" AND ", i) || text.startsWith(" OR ", i))) {
                return text.substring(start, i).strip();
            }
        }
        return text.substring(start).strip();
    }

    private static Instant constant(String expression, Function<String, Value> evaluate) {
        Value v;
        try {
            v = evaluate.apply(expression);
        } catch (RuntimeException notConstant) {
            return null; // names a column of another row: prunes nothing
        }
        if (v.isNull()) {
            return Instant.MAX; // nothing to read: a NULL bound matches no row
        }
        TypeKind kind = v.getType().getKind();
        if (kind == TypeKind.TYPE_TIMESTAMP) {
            return Instant.EPOCH.plusNanos(v.getTimestampUnixMicros() * 1_000);
        }
        if (kind == TypeKind.TYPE_DATE) {
            return Instant.EPOCH.plusSeconds(86_400L * v.getDateValue());
        }
        return null;
    }
}
