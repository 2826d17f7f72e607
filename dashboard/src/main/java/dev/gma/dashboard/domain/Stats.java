package dev.gma.dashboard.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Percentiles the way the DORA tables compute them: PERCENTILE_CONT, linear interpolation. */
public final class Stats {

    private Stats() {}

    /** @return the p-th percentile (0..1) of the non-null values, or null when there are none */
    public static Double percentile(Collection<? extends Number> values, double p) {
        List<Double> sorted = new ArrayList<>();
        values.stream().filter(Objects::nonNull).forEach(v -> sorted.add(v.doubleValue()));
        if (sorted.isEmpty()) {
            return null;
        }
        sorted.sort(null);
        double rank = p * (sorted.size() - 1);
        int lower = (int) Math.floor(rank);
        int upper = (int) Math.ceil(rank);
        return sorted.get(lower) + (rank - lower) * (sorted.get(upper) - sorted.get(lower));
    }

    public static Double median(Collection<? extends Number> values) {
        return percentile(values, 0.5);
    }

    public static Double hours(Double seconds) {
        return seconds == null ? null : seconds / 3600.0;
    }
}
