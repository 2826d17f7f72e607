package dev.gma.dashboard.domain;

import java.time.Instant;
import java.time.LocalDate;

/** One result row, read by column name; each adapter converts its own types (SQLite text, BigQuery fields). */
public interface Row {
    String string(String column);

    Long number(String column);

    Double decimal(String column);

    Instant instant(String column);

    LocalDate day(String column);

    Boolean bool(String column);
}
